import { existsSync } from 'node:fs';
import type { ServerConfig } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { sealPlaintext } from './backfill.ts';
import { loadKeyRing, ringFromEnv } from './keys.ts';
import { Vault } from './vault.ts';

/**
 * The vault the configuration asks for. Encryption on: keys from DATA_KEYS or the key file (made on
 * the first start of the embedded demo). Off: keys only if configured, to read rows sealed earlier.
 */
export function vaultFromConfig(config: Pick<ServerConfig, 'encryption' | 'keys'>, env: NodeJS.ProcessEnv = process.env, say?: (line: string) => void): Vault {
  if (config.encryption) {
    const ring = loadKeyRing(config.keys, env, say);
    // keys from a file can be rotated while this process runs; keys from the environment cannot
    return new Vault(ring, true, ring.source === config.keys.keyFile ? () => loadKeyRing({ ...config.keys, generate: false }, env) : undefined);
  }
  const configured = ringFromEnv(env) ?? (existsSync(config.keys.keyFile) ? loadKeyRing({ ...config.keys, generate: false }, env) : null);
  return new Vault(configured, false);
}

/**
 * Before serving: a sealed value from the database must open with these keys — a wrong key file is
 * said at start, not discovered as errors on every ticket — then plaintext left from before migration
 * 011 (or from a run with encryption off) is sealed.
 */
export async function prepareVault(db: Db, vault: Vault): Promise<number> {
  const { rows } = await db.query<{ v: string }>(
    `SELECT caller_phone AS v FROM tickets WHERE caller_phone LIKE 'v1:%' ORDER BY created_at DESC LIMIT 1`,
  );
  if (rows[0]) vault.open(rows[0].v);
  return sealPlaintext(db, vault);
}
