import { randomUUID } from 'node:crypto';
import { CalendarRangeError, type Calendar } from '../../../core/calendar/calendar.ts';
import { DateInputError, dayOfInstant, formatDay, formatInstant, parseDay, type Instant } from '../../../core/calendar/civil-date.ts';
import type { Policy } from '../../../core/policy/index.ts';
import { insertSystemEvents, type EventValues } from '../../audit/record.ts';
import type { Db, Queryable } from '../../db/connection.ts';
import type { Vault } from '../../privacy/vault.ts';
import { writeFingerprints, type FingerprintSource } from '../../repeats/store.ts';
import { ImportRowError, resolveHeader, TicketImportError, type ColumnKey } from './columns.ts';
import { historyClocks, presetHandleDue, type HistoryClock } from './clocks.ts';
import type { Table } from './read.ts';
import { readRow, type LegacyTicket } from './rows.ts';
import { UnitDirectory } from './units.ts';

export interface ImportDeps {
  db: Db;
  policy: Policy;
  calendar: Calendar;
  vault: Vault;
  now: Instant;
}

export interface ImportOptions {
  /** The file's name as the timeline and the summary show it. */
  file: string;
  renames?: Map<string, ColumnKey>;
  createUnits?: boolean;
  dryRun?: boolean;
  /** The center's name when the database has none yet. */
  centerName?: string;
  /** Who ran the import (the operating-system account at the command line), for the timeline. */
  operator?: string;
}

export interface ImportSummary {
  file: string;
  rows: number;
  imported: number;
  skipped: number;
  createdUnits: number;
  dryRun: boolean;
  createdCenter: string | null;
  newUnits: string[];
  ignoredColumns: string[];
  encoding: Table['encoding'];
}

/** Thrown inside the transaction of a dry run, so that everything it wrote is rolled back. */
class DryRun extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

export const IMPORT_ACTOR = '系统（历史工单导入）';

/** Tickets written per statement: few round trips, parameters of a modest size. */
const BATCH = 500;

/**
 * Brings a legacy system's closed tickets in, in one transaction: every row is checked first, and a
 * bad row refuses the whole file, naming it. A number already in the database is skipped, so the
 * same file imported again adds nothing. Each ticket is written as the live engine leaves a closed
 * one — the ticket (caller sealed as at registration), its lead share, the clocks of the preset,
 * its fingerprint for repeat detection — with an 'import' event saying where it came from. A dry run
 * does all of it and rolls back.
 */
export async function importTickets(deps: ImportDeps, table: Table, opts: ImportOptions): Promise<ImportSummary> {
  const { at, ignored } = resolveHeader(table.header, opts.renames ?? new Map());
  const tickets = table.rows.map((r) => readRow(r.row, r.cells, at, deps.now));
  if (!tickets.length) throw new TicketImportError('文件中没有工单（只有表头）');
  const seen = new Map<string, number>();
  for (const t of tickets) {
    const first = seen.get(t.number);
    if (first !== undefined) throw new ImportRowError(t.row, `工单编号「${t.number}」与第 ${first} 行重复`);
    seen.set(t.number, t.row);
  }
  const summary: ImportSummary = {
    file: opts.file, rows: tickets.length, imported: 0, skipped: 0, createdUnits: 0, dryRun: Boolean(opts.dryRun),
    createdCenter: null, newUnits: [], ignoredColumns: ignored, encoding: table.encoding,
  };
  try {
    return await deps.db.transaction(async (tx) => {
      const { rows: present } = await tx.query<{ number: string }>('SELECT number FROM tickets WHERE number = ANY($1::text[])', [tickets.map((t) => t.number)]);
      const existing = new Set(present.map((r) => r.number));
      const units = await UnitDirectory.load(tx, { createMissing: Boolean(opts.createUnits), centerName: opts.centerName ?? '热线中心' });
      const numbers: string[] = [];
      let batch: Prepared[] = [];
      for (const t of tickets) {
        if (existing.has(t.number)) {
          summary.skipped += 1;
          continue;
        }
        batch.push(await prepareTicket(deps, units, t, opts));
        numbers.push(t.number);
        if (batch.length === BATCH) {
          await flush(tx, batch, deps.now);
          batch = [];
        }
      }
      await flush(tx, batch, deps.now);
      Object.assign(summary, { imported: numbers.length, createdUnits: units.created.length, newUnits: units.created, createdCenter: units.createdCenter });
      if (opts.dryRun) throw new DryRun(summary);
      await advanceNumbering(tx, numbers, deps.now);
      return summary;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.summary;
    throw error;
  }
}

/** One ticket's rows, ready to be written with others (flush). */
interface Prepared {
  ticket: unknown[];
  share: unknown[] | null;
  clocks: HistoryClock[];
  event: EventValues;
  fingerprint: FingerprintSource;
}

/** A ticket, its share, clocks and event as the live engine would have left them (units are found or made here). */
async function prepareTicket(deps: ImportDeps, units: UnitDirectory, t: LegacyTicket, opts: ImportOptions): Promise<Prepared> {
  const { policy, calendar, vault } = deps;
  const fail = (reason: string): never => {
    throw new ImportRowError(t.row, reason);
  };
  const id = randomUUID();
  let share: { id: string; unitId: string; unitName: string; dispatchedAt: Instant; signedAt: Instant | null; repliedAt: Instant } | null = null;
  if (t.unit) {
    const found = await units.find(t.unit);
    if ('error' in found) fail(found.error);
    share = { id: randomUUID(), unitId: (found as { id: string }).id, unitName: t.unit.split('/').pop()!.trim(), dispatchedAt: t.dispatchedAt!, signedAt: t.signedAt, repliedAt: t.repliedAt! };
  }
  let clocks: HistoryClock[];
  try {
    const recordedDue = t.dueAt ?? (t.dueDay !== null ? calendar.endOf(t.dueDay) : null);
    if (share && recordedDue !== null && recordedDue <= share.dispatchedAt) fail('办理时限（due_at）不晚于派单时间（dispatched_at）');
    if (share && recordedDue === null) {
      const preset = presetHandleDue(policy, calendar, t.type, share.dispatchedAt, share.signedAt);
      if ('missing' in preset && preset.missing === 'signed') fail(`签收时间（signed_at）为空，而时限预设的办理时限自签收起算（${policy.id}），请填写签收时间或办理时限`);
    }
    clocks = historyClocks(policy, calendar, { id, type: t.type }, {
      registeredAt: t.registeredAt,
      share,
      answeredAt: t.repliedAt ?? t.closedAt,
      closedAt: t.closedAt,
    }, recordedDue);
  } catch (error) {
    if (error instanceof CalendarRangeError || error instanceof DateInputError) fail(`无法计算时限：${error.message}`);
    throw error;
  }
  const phoneIdx = vault.phoneIndex(t.callerPhone);
  const ticket = [
    id, t.number, t.channel, t.type, t.content, t.category, t.address,
    // sealed as registration seals them (create.ts), the phone also as its blind index
    vault.seal(t.callerName), vault.seal(t.callerPhone), phoneIdx,
    // the platform's rule: a request without a phone to call back is anonymous (schemas.ts)
    !t.callerPhone,
    !share && t.result ? JSON.stringify({ kind: 'answer', answer: t.result }) : null,
    t.satisfaction, t.resolution,
    // closed although dissatisfied: what the visit records as 备注办结 (actions/visit.ts)
    t.satisfaction === 'dissatisfied' ? 'annotated' : 'normal',
    t.appeal, t.redo, new Date(t.registeredAt), new Date(t.closedAt),
  ];
  const reply = share && { ...(t.process ? { process: t.process } : {}), ...(t.result ? { result: t.result } : {}), contacted: t.contacted, unitName: share.unitName };
  return {
    ticket,
    share: share && [share.id, id, share.unitId, share.signedAt === null ? null : new Date(share.signedAt), new Date(share.repliedAt), JSON.stringify(reply), t.extensions, new Date(share.dispatchedAt)],
    clocks,
    event: {
      ticketId: id,
      assignmentId: null,
      action: 'import',
      actorId: null,
      actorName: IMPORT_ACTOR,
      actorUnitId: null,
      at: new Date(deps.now),
      data: {
        file: opts.file,
        row: t.row,
        operator: opts.operator ?? null,
        // what the file says but no column of the platform holds: the units that returned it are unknown
        returns: t.returns,
        visitedAt: t.visitedAt === null ? null : formatInstant(t.visitedAt),
      },
    },
    fingerprint: { id, title: null, content: t.content, address: t.address, caller_phone_idx: phoneIdx, created_at: new Date(t.registeredAt) },
  };
}

/** Columns of row arrays, for INSERT … SELECT FROM unnest(…): one statement for many rows. */
const columns = (rows: unknown[][]): unknown[][] => (rows[0] ?? []).map((_, i) => rows.map((r) => r[i]));

/** Writes prepared tickets: one statement per table for the lot. */
async function flush(tx: Queryable, batch: Prepared[], now: Instant): Promise<void> {
  if (!batch.length) return;
  await tx.query(
    `INSERT INTO tickets (id, number, status, channel, type, content, category, address, caller_name, caller_phone, caller_phone_idx,
       anonymous, outcome, satisfaction, resolution, closure, appeal_status, redo_count, created_at, closed_at, updated_at)
     SELECT id, number, 'closed', channel, type, content, category, address, caller_name, caller_phone, caller_phone_idx,
            anonymous, outcome, satisfaction, resolution, closure, appeal_status, redo_count, created_at, closed_at, $20
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::boolean[], $12::jsonb[], $13::text[], $14::text[], $15::text[], $16::text[], $17::int[], $18::timestamptz[], $19::timestamptz[])
         AS x(id, number, channel, type, content, category, address, caller_name, caller_phone, caller_phone_idx,
              anonymous, outcome, satisfaction, resolution, closure, appeal_status, redo_count, created_at, closed_at)`,
    [...columns(batch.map((b) => b.ticket)), new Date(now)],
  );
  const shares = batch.flatMap((b) => (b.share ? [b.share] : []));
  if (shares.length) {
    await tx.query(
      `INSERT INTO assignments (id, ticket_id, unit_id, role, status, signed_at, replied_at, reply, extension_count, created_at)
       SELECT id, ticket_id, unit_id, 'lead', 'completed', signed_at, replied_at, reply, extension_count, created_at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[], $7::int[], $8::timestamptz[])
           AS x(id, ticket_id, unit_id, signed_at, replied_at, reply, extension_count, created_at)`,
      columns(shares),
    );
  }
  const clocks = batch.flatMap((b) => b.clocks);
  if (clocks.length) {
    await tx.query(
      `INSERT INTO clocks (ticket_id, assignment_id, name, started_at, due_at, soon_at, rule, basis, provisional, explicit, status, overdue, soon_notified, stopped_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[],
                            $9::boolean[], $10::boolean[], $11::text[], $12::boolean[], $13::boolean[], $14::timestamptz[])`,
      columns(clocks.map((c) => [
        c.ticketId, c.assignmentId, c.name, new Date(c.startedAt), new Date(c.dueAt), new Date(c.soonAt), c.rule, c.basis, c.provisional, c.explicit,
        c.status, c.overdue, c.soonNotified, new Date(c.stoppedAt),
      ])),
    );
  }
  await insertSystemEvents(tx, batch.map((b) => b.event));
  await writeFingerprints(tx, batch.map((b) => b.fingerprint));
}

/**
 * A number in the platform's own form (2026112300001) for today or later would be handed out again
 * by that day's sequence (numbering.ts): the sequence is moved past it. Days already over are never
 * numbered again.
 */
async function advanceNumbering(tx: Queryable, numbers: string[], now: Instant): Promise<void> {
  const today = formatDay(dayOfInstant(now)).replaceAll('-', '');
  const highest = new Map<string, number>();
  for (const n of numbers) {
    const m = /^(\d{8})(\d{5})$/.exec(n);
    if (!m || m[1]! < today) continue;
    try {
      parseDay(`${m[1]!.slice(0, 4)}-${m[1]!.slice(4, 6)}-${m[1]!.slice(6)}`);
    } catch {
      continue;
    }
    highest.set(m[1]!, Math.max(highest.get(m[1]!) ?? 0, Number(m[2])));
  }
  for (const [day, n] of highest) {
    const seq = `ticket_seq_${day}`;
    await tx.query(`CREATE SEQUENCE IF NOT EXISTS ${seq}`);
    await tx.query(`SELECT setval('${seq}', $1::bigint) FROM ${seq} WHERE $1::bigint > (CASE WHEN is_called THEN last_value ELSE 0 END)`, [n]);
  }
}
