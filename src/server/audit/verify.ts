import type { Db } from '../db/connection.ts';
import { AUDIT_SELECT, chainPending, linkText, type AuditRow } from './chain.ts';
import { GENESIS, redigest } from './hashing.ts';
import { accessContent, eventContent } from './record.ts';
import { readSeals, type Seal } from './seal.ts';

export type ProblemKind =
  | 'edited' // a record's content or hash no longer matches
  | 'missing' // records deleted
  | 'reordered' // a record moved out of its place
  | 'rewritten' // the chain differs from what a seal recorded
  | 'truncated' // the tail after a seal is gone
  | 'row-edited' // a timeline / access-log row changed
  | 'row-missing' // a timeline / access-log row deleted
  | 'row-reordered' // rows swapped their ids
  | 'row-unrecorded'; // a row without its audit record (written around the application)

export interface Problem {
  kind: ProblemKind;
  /** The audit record concerned (for row-unrecorded: none). */
  seq: number | null;
  table?: 'events' | 'access_log';
  rowId?: string;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  head: { seq: number; hash: string } | null;
  sealsChecked: number;
  /** The first broken record: the earliest in the chain. */
  first: Problem | null;
  problems: Problem[];
}

const PAGE = 5_000;
const MAX_PROBLEMS = 50;
const TABLE_LABEL = { events: '时间线（events）', access_log: '访问日志（access_log）' } as const;

/**
 * Recomputes the whole chain and every covered row. Chains pending records first, so what was
 * committed before the call is checked.
 */
export async function verifyAudit(db: Db, opts: { sealsDir?: string | undefined } = {}): Promise<VerifyResult> {
  await chainPending(db);
  const seals = await readSeals(db, opts.sealsDir);
  const sealAt = new Map<number, Seal>();
  for (const s of seals) sealAt.set(s.seq, s);
  const problems: Problem[] = [];
  const add = (p: Problem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };

  let expected = 1;
  let prevHash = GENESIS;
  let records = 0;
  let last: AuditRow | null = null;
  let coverage = { eventsFrom: 0, accessFrom: 0 };
  for (let after = 0; ; ) {
    const { rows } = await db.query<AuditRow>(`${AUDIT_SELECT} WHERE seq > $1 ORDER BY audit_log.seq LIMIT ${PAGE}`, [after]);
    if (!rows.length) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      records += 1;
      if (seq === 1 && r.action === 'audit.start') {
        coverage = { eventsFrom: Number(r.detail.eventsFrom ?? 0), accessFrom: Number(r.detail.accessFrom ?? 0) };
      }
      const intact = r.hash !== null && r.prev_hash !== null && redigest(r.hash, linkText(r.prev_hash, r)) === r.hash;
      if (seq > expected) {
        add({ kind: 'missing', seq: expected, message: seq - expected === 1 ? `第 ${expected} 条审计记录缺失（被删除）` : `第 ${expected}–${seq - 1} 条审计记录缺失（被删除）` });
      } else if (!intact) {
        add({ kind: 'edited', seq, message: `第 ${seq} 条审计记录被篡改：内容与其哈希不符` });
      } else if (r.prev_hash !== prevHash) {
        const elsewhere = await db.query<{ seq: string }>('SELECT seq::text AS seq FROM audit_log WHERE hash = $1 LIMIT 1', [r.prev_hash]);
        if (elsewhere.rows[0]) {
          add({ kind: 'reordered', seq, message: `第 ${seq} 条审计记录顺序被调换：它原本接在第 ${elsewhere.rows[0].seq} 条之后` });
        } else {
          add({ kind: 'missing', seq, message: `第 ${seq} 条审计记录之前的记录缺失（被删除）` });
        }
      }
      const seal = sealAt.get(seq);
      if (seal && seal.hash !== r.hash) {
        add({ kind: 'rewritten', seq, message: `第 ${seq} 条审计记录与 ${seal.at} 的封存值不符：审计链被重写` });
      }
      prevHash = r.hash ?? '';
      expected = seq + 1;
      last = r;
    }
    await checkRows(db, rows, add);
    after = Number(rows[rows.length - 1]!.seq);
  }

  const lastSeq = last ? Number(last.seq) : 0;
  const lastSeal = seals.reduce<Seal | null>((m, s) => (!m || s.seq > m.seq ? s : m), null);
  if (lastSeal && lastSeal.seq > lastSeq) {
    add({ kind: 'truncated', seq: lastSeq + 1, message: `审计记录尾部被截断：封存（${lastSeal.at}）时链头为第 ${lastSeal.seq} 条，现在只到第 ${lastSeq} 条` });
  }
  await checkUnrecorded(db, 'events', coverage.eventsFrom, add);
  await checkUnrecorded(db, 'access_log', coverage.accessFrom, add);

  problems.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
  return {
    ok: problems.length === 0,
    records,
    head: last ? { seq: lastSeq, hash: last.hash ?? '' } : null,
    sealsChecked: seals.length,
    first: problems[0] ?? null,
    problems,
  };
}

/** Each covered events / access_log row must still be there with the digest its record holds. */
async function checkRows(db: Db, page: AuditRow[], add: (p: Problem) => void): Promise<void> {
  for (const table of ['events', 'access_log'] as const) {
    const covered = page.filter((r) => r.row_table === table && r.row_id);
    if (!covered.length) continue;
    const ids = covered.map((r) => r.row_id!);
    const contents = new Map<string, string>();
    if (table === 'events') {
      const { rows } = await db.query<{ id: string; ticket_id: string; assignment_id: string | null; action: string; actor_id: string | null; actor_name: string; actor_unit_id: string | null; at: Date; data: Record<string, unknown> }>(
        'SELECT id::text AS id, ticket_id, assignment_id, action, actor_id, actor_name, actor_unit_id, at, data FROM events WHERE id = ANY($1::bigint[])',
        [ids],
      );
      for (const e of rows) {
        contents.set(e.id, eventContent({ ticketId: e.ticket_id, assignmentId: e.assignment_id, action: e.action, actorId: e.actor_id, actorName: e.actor_name, actorUnitId: e.actor_unit_id, at: e.at, data: e.data }));
      }
    } else {
      const { rows } = await db.query<{ id: string; user_id: string; unit_id: string; ticket_id: string; what: string; at: Date }>(
        'SELECT id::text AS id, user_id, unit_id, ticket_id, what, at FROM access_log WHERE id = ANY($1::bigint[])',
        [ids],
      );
      for (const a of rows) contents.set(a.id, accessContent({ userId: a.user_id, unitId: a.unit_id, ticketId: a.ticket_id, what: a.what, at: a.at }));
    }
    const recordedBy = new Map(covered.map((r) => [r.row_digest, r.row_id]));
    for (const r of covered) {
      const label = `${TABLE_LABEL[table]}第 ${r.row_id} 行`;
      const content = contents.get(r.row_id!);
      const seq = Number(r.seq);
      if (content === undefined) {
        add({ kind: 'row-missing', seq, table, rowId: r.row_id!, message: `${label}被删除（审计记录第 ${seq} 条）` });
        continue;
      }
      if (redigest(r.row_digest, content) === r.row_digest) continue;
      const other = recordedBy.get(redigest(r.row_digest, content));
      add(
        other
          ? { kind: 'row-reordered', seq, table, rowId: r.row_id!, message: `${label}与第 ${other} 行调换了位置（审计记录第 ${seq} 条）` }
          : { kind: 'row-edited', seq, table, rowId: r.row_id!, message: `${label}被篡改（审计记录第 ${seq} 条）` },
      );
    }
  }
}

/** Rows written after auditing began that no record covers: inserted around the application. */
async function checkUnrecorded(db: Db, table: 'events' | 'access_log', from: number, add: (p: Problem) => void): Promise<void> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT t.id::text AS id FROM ${table} t WHERE t.id > $1
        AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.row_table = '${table}' AND a.row_id = t.id)
      ORDER BY t.id LIMIT 10`,
    [from],
  );
  for (const r of rows) add({ kind: 'row-unrecorded', seq: null, table, rowId: r.id, message: `${TABLE_LABEL[table]}第 ${r.id} 行没有对应的审计记录（绕过系统写入）` });
}
