import type { Db, Queryable } from '../db/connection.ts';
import type { Vault } from './vault.ts';

/**
 * Every place a caller's name or phone is stored (issue 10: tickets, outbox, merge events; the
 * fingerprints hold only the blind index). Backfill and key rotation walk this list: a new column that
 * holds personal data is added here, and test/server/encryption.test.ts scans every table for leaks.
 */
interface SealedField {
  table: string;
  idType: 'uuid' | 'bigint';
  /** A column, or a field of a jsonb column. */
  column: string;
  jsonField?: string;
  /** Rows that can hold it at all (keeps the scan on an index where there is one). */
  where?: string;
}

export const SEALED_FIELDS: readonly SealedField[] = [
  { table: 'tickets', idType: 'uuid', column: 'caller_name' },
  { table: 'tickets', idType: 'uuid', column: 'caller_phone' },
  { table: 'outbox', idType: 'bigint', column: 'recipient' },
  { table: 'events', idType: 'bigint', column: 'data', jsonField: 'callerName', where: `action = 'merged-in'` },
  { table: 'events', idType: 'bigint', column: 'data', jsonField: 'callerPhone', where: `action = 'merged-in'` },
  // the register of deputies and the numbers marked as 恶意/骚扰来电 (migration 030)
  { table: 'deputies', idType: 'uuid', column: 'name' },
  { table: 'deputies', idType: 'uuid', column: 'phone' },
  { table: 'misuse_marks', idType: 'uuid', column: 'phone' },
];

/** Tables besides tickets that find a phone by its blind index (phone → phone_idx). */
const INDEXED_PHONES = ['deputies', 'misuse_marks'] as const;

const FIRST_ID = { uuid: '00000000-0000-0000-0000-000000000000', bigint: '0' };
const valueOf = (f: SealedField) => (f.jsonField ? `${f.column}->>'${f.jsonField}'` : f.column);
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Seals, in batches of one transaction each, the values of one field that do not start with `keep`
 * (a LIKE pattern): plaintext for the backfill, anything not under the active key for a rotation.
 * Returns how many values were rewritten.
 */
async function resealField(db: Db, vault: Vault, f: SealedField, keep: string, batch: number): Promise<number> {
  const value = valueOf(f);
  let total = 0;
  // keyset pagination: each batch starts after the last id seen, so a pass reads the table once
  let after = FIRST_ID[f.idType];
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; v: string }>(
        `SELECT id::text AS id, ${value} AS v FROM ${f.table}
          WHERE id > $3 AND ${f.where ? `${f.where} AND ` : ''}${value} IS NOT NULL AND ${value} <> '' AND ${value} NOT LIKE $1
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [keep, batch, after],
      );
      after = rows.at(-1)?.id ?? after;
      if (!rows.length) return 0;
      const sealed = rows.map((r) => vault.seal(vault.open(r.v)));
      const set = f.jsonField ? `${f.column} = jsonb_set(${f.column}, '{${f.jsonField}}', to_jsonb(x.v))` : `${f.column} = x.v`;
      await tx.query(
        `UPDATE ${f.table} SET ${set} FROM unnest($1::${f.idType}[], $2::text[]) AS x(id, v) WHERE ${f.table}.id = x.id`,
        [rows.map((r) => r.id), sealed],
      );
      return rows.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

/**
 * Computes the blind index of tickets that have none, or (encryption on) one that is still the plain
 * digits, and copies it to their fingerprints, in batches.
 */
async function reindexPhones(db: Db, vault: Vault, batch: number): Promise<number> {
  const stale = vault.enabled ? `(caller_phone_idx IS NULL OR caller_phone_idx NOT LIKE 'h1:%')` : 'caller_phone_idx IS NULL';
  let total = 0;
  let after = FIRST_ID.uuid;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; caller_phone: string }>(
        `SELECT id, caller_phone FROM tickets WHERE id > $2 AND caller_phone IS NOT NULL AND ${stale}
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch, after],
      );
      after = rows.at(-1)?.id ?? after;
      if (!rows.length) return 0;
      // a phone too short to index gets '' so that it is not picked again
      const idx = rows.map((r) => vault.phoneIndex(vault.open(r.caller_phone)) ?? '');
      await writeIndex(tx, rows.map((r) => r.id), idx);
      return rows.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

/** The blind index of the other tables' phones (INDEXED_PHONES), recomputed where stale, like the tickets'. */
async function reindexOtherPhones(db: Db, vault: Vault, batch: number): Promise<number> {
  const stale = vault.enabled ? `(phone_idx IS NULL OR phone_idx NOT LIKE 'h1:%')` : 'phone_idx IS NULL';
  let total = 0;
  for (const table of INDEXED_PHONES) {
    let after = FIRST_ID.uuid;
    for (;;) {
      const n = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string; phone: string }>(
          `SELECT id, phone FROM ${table} WHERE id > $2 AND phone IS NOT NULL AND ${stale} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batch, after],
        );
        after = rows.at(-1)?.id ?? after;
        if (!rows.length) return 0;
        const idx = rows.map((r) => vault.phoneIndex(vault.open(r.phone)) ?? '');
        await tx.query(`UPDATE ${table} SET phone_idx = x.v FROM unnest($1::uuid[], $2::text[]) AS x(id, v) WHERE ${table}.id = x.id`, [rows.map((r) => r.id), idx]);
        return rows.length;
      });
      total += n;
      if (n < batch) break;
    }
  }
  return total;
}

async function writeIndex(tx: Queryable, ids: string[], idx: string[]): Promise<void> {
  await tx.query(`UPDATE tickets SET caller_phone_idx = x.v FROM unnest($1::uuid[], $2::text[]) AS x(id, v) WHERE tickets.id = x.id`, [ids, idx]);
  await tx.query(
    `UPDATE ticket_fingerprints SET caller_phone_idx = NULLIF(x.v, '') FROM unnest($1::uuid[], $2::text[]) AS x(id, v) WHERE ticket_fingerprints.ticket_id = x.id`,
    [ids, idx],
  );
}

/**
 * The one-time backfill after migration 011 (and after a run with ENCRYPTION=off): seals every
 * plaintext name and phone in place and gives every ticket its blind index. Idempotent and cheap when
 * there is nothing to do; several instances share the work through SKIP LOCKED.
 */
export async function sealPlaintext(db: Db, vault: Vault, batch = 500): Promise<number> {
  let total = (await reindexPhones(db, vault, batch)) + (await reindexOtherPhones(db, vault, batch));
  if (!vault.enabled) return total;
  for (const f of SEALED_FIELDS) total += await resealField(db, vault, f, 'v1:%', batch);
  return total;
}

/** After a new active key: re-seals everything sealed under an older key (and any plaintext). */
export async function resealAll(db: Db, vault: Vault, batch = 500): Promise<number> {
  if (!vault.enabled) throw new Error('encryption is off');
  const keep = `v1:${likeEscape(vault.ring!.active.id)}:%`;
  let total = 0;
  for (const f of SEALED_FIELDS) total += await resealField(db, vault, f, keep, batch);
  return total + (await reindexPhones(db, vault, batch)) + (await reindexOtherPhones(db, vault, batch));
}

/** How many stored values each key seals, and how many are plaintext (for `open12345 keys status`). */
export async function sealedCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const f of SEALED_FIELDS) {
    const value = valueOf(f);
    const { rows } = await db.query<{ k: string; n: number }>(
      `SELECT CASE WHEN ${value} LIKE 'v1:%' THEN split_part(${value}, ':', 2) ELSE '（明文）' END AS k, count(*)::int AS n
         FROM ${f.table} WHERE ${f.where ? `${f.where} AND ` : ''}${value} IS NOT NULL AND ${value} <> '' GROUP BY 1`,
    );
    for (const r of rows) counts[r.k] = (counts[r.k] ?? 0) + r.n;
  }
  return counts;
}
