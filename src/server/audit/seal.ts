import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import type { Db } from '../db/connection.ts';
import { chainPending } from './chain.ts';

/**
 * Seals: the chain's head (seq, hash, time) written outside the chain — a line in a file of
 * append-only lines, and a message on the outbox (channel 'audit-seal') for whoever keeps them
 * elsewhere. Whoever deletes the tail of the audit log, or rewrites the chain and recomputes its
 * hashes, no longer matches the last seal (verify.ts).
 */
export interface Seal {
  seq: number;
  hash: string;
  at: string;
}

export const SEAL_FILE = 'seals.jsonl';
export const SEAL_CHANNEL = 'audit-seal';
/** Daily, as 等保第三级 asks the audit records to be protected; `open12345 audit seal` on demand. */
export const SEAL_INTERVAL_MS = 24 * 3_600_000;

export async function sealHead(db: Db, opts: { dir: string; now: number }): Promise<Seal | null> {
  await chainPending(db);
  const { rows } = await db.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY audit_log.seq DESC LIMIT 1');
  const head = rows[0];
  if (!head) return null;
  const seal: Seal = { seq: Number(head.seq), hash: head.hash, at: formatInstant(opts.now) };
  mkdirSync(opts.dir, { recursive: true });
  appendFileSync(join(opts.dir, SEAL_FILE), `${JSON.stringify(seal)}\n`, { flag: 'a' });
  await db.query('INSERT INTO outbox (channel, body, created_at) VALUES ($1, $2, $3)', [SEAL_CHANNEL, JSON.stringify(seal), new Date(opts.now)]);
  return seal;
}

/** Whether the last seal is older than the interval (the job loop's question). */
export async function sealIfDue(db: Db, opts: { dir: string; now: number; intervalMs?: number }): Promise<Seal | null> {
  const { rows } = await db.query<{ at: Date }>('SELECT max(created_at) AS at FROM outbox WHERE channel = $1', [SEAL_CHANNEL]);
  const last = rows[0]?.at ? new Date(rows[0].at).getTime() : 0;
  if (opts.now - last < (opts.intervalMs ?? SEAL_INTERVAL_MS)) return null;
  return sealHead(db, opts);
}

/** Every seal known: the files' lines and the outbox's messages. */
export async function readSeals(db: Db, dir: string | undefined): Promise<Seal[]> {
  const seals: Seal[] = [];
  const take = (text: string) => {
    try {
      const s = JSON.parse(text) as Seal;
      if (Number.isInteger(s.seq) && typeof s.hash === 'string') seals.push({ seq: s.seq, hash: s.hash, at: String(s.at) });
    } catch {
      /* a torn last line: not a seal */
    }
  };
  if (dir) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
    } catch {
      files = [];
    }
    for (const f of files) for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) if (line.trim()) take(line);
  }
  const { rows } = await db.query<{ body: string }>('SELECT body FROM outbox WHERE channel = $1', [SEAL_CHANNEL]);
  for (const r of rows) take(r.body);
  return seals;
}
