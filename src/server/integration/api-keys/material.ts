import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key: `o12345_<prefix>_<secret>`. The prefix (12 hex digits) finds the row; the secret
 * (32 random bytes) is kept only as its SHA-256 — a copy of the table opens nothing, and a secret
 * this long needs no slow hash. Shown once, when made.
 */
const KEY = /^o12345_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface KeyMaterial {
  key: string;
  prefix: string;
  secretHash: string;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function newKey(): KeyMaterial {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `o12345_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseKey(text: string): { prefix: string; secret: string } | null {
  const m = KEY.exec(text.trim());
  return m ? { prefix: m[1]!, secret: m[2]! } : null;
}

/** Whether the secret matches the stored hash, in time that does not depend on where they differ. */
export function secretMatches(secret: string, storedHash: string | null): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  // an unknown prefix still costs one comparison, against nothing that can match
  const stored = storedHash && /^[0-9a-f]{64}$/.test(storedHash) ? Buffer.from(storedHash, 'hex') : Buffer.alloc(32);
  return timingSafeEqual(given, stored) && storedHash !== null;
}

/** What lists and the audit log show of a key: the prefix only. */
export const keyLabel = (prefix: string) => `o12345_${prefix}_…`;
