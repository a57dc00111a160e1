import type { Db, Queryable } from '../db/connection.ts';
import { canonical, digest, GENESIS, lowerId } from './hashing.ts';
import { auditSettings } from './record.ts';

/** An audit_log row as stored. */
export interface AuditRow {
  id: string;
  seq: string | null;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_unit_id: string | null;
  actor_unit_name: string | null;
  client_address: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  ticket_id: string | null;
  detail: Record<string, unknown>;
  row_table: string | null;
  row_id: string | null;
  row_digest: string | null;
  prev_hash: string | null;
  hash: string | null;
}

export const AUDIT_SELECT = `SELECT id::text AS id, seq::text AS seq, at, actor_id, actor_name, actor_unit_id, actor_unit_name, client_address,
  action, object_type, object_id, ticket_id, detail, row_table, row_id::text AS row_id, row_digest, prev_hash, hash FROM audit_log`;

/** Everything a record says, in one canonical text: what its hash covers besides the previous hash. */
export function recordContent(r: AuditRow): string {
  return canonical({
    at: r.at,
    actor_id: lowerId(r.actor_id),
    actor_name: r.actor_name,
    actor_unit_id: lowerId(r.actor_unit_id),
    actor_unit_name: r.actor_unit_name,
    client_address: r.client_address,
    action: r.action,
    object_type: r.object_type,
    object_id: r.object_id,
    ticket_id: lowerId(r.ticket_id),
    detail: r.detail,
    row_table: r.row_table,
    row_id: r.row_id,
    row_digest: r.row_digest,
  });
}

export const linkText = (prevHash: string, r: AuditRow) => `${prevHash}\n${recordContent(r)}`;

// One chainer at a time across every server instance and CLI.
const CHAIN_LOCK = 'hashtext(\'open12345.audit.chain\')';
const BATCH = 2_000;

/**
 * Links every committed, not yet linked record into the chain, oldest first: seq = head + 1,
 * prev_hash = the head's hash. Records of transactions still running are linked on a later pass;
 * the chain's order is the order records were linked in. Returns how many were linked.
 */
export async function chainPending(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction((tx) => chainBatch(tx));
    total += n;
    if (n < BATCH) return total;
  }
}

async function chainBatch(tx: Queryable): Promise<number> {
  await tx.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const head = await tx.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY audit_log.seq DESC LIMIT 1');
  const pending = await tx.query<AuditRow>(`${AUDIT_SELECT} WHERE seq IS NULL ORDER BY audit_log.id LIMIT ${BATCH}`);
  if (!pending.rows.length) return 0;
  let seq = Number(head.rows[0]?.seq ?? 0);
  let prev = head.rows[0]?.hash ?? GENESIS;
  const ids: string[] = [];
  const seqs: number[] = [];
  const prevs: string[] = [];
  const hashes: string[] = [];
  const algorithm = auditSettings().algorithm;
  for (const r of pending.rows) {
    seq += 1;
    const hash = digest(algorithm, linkText(prev, r));
    ids.push(r.id);
    seqs.push(seq);
    prevs.push(prev);
    hashes.push(hash);
    prev = hash;
  }
  await tx.query(
    `UPDATE audit_log a SET seq = v.seq, prev_hash = v.prev, hash = v.hash
       FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev, hash) WHERE a.id = v.id`,
    [ids, seqs, prevs, hashes],
  );
  return pending.rows.length;
}
