import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { canonical, digest, lowerId, type AuditAlgorithm } from './hashing.ts';

/**
 * Writing audit records. Each record is written in the same transaction (or statement) as what it
 * records, without a hash; the chainer (chain.ts) links committed records into one chain afterwards,
 * so concurrent transactions never wait on each other for the chain's head.
 */
export interface AuditSettings {
  /** AUDIT=false turns recording off: only for benchmarks comparing the cost. */
  enabled: boolean;
  algorithm: AuditAlgorithm;
}

const settings: AuditSettings = { enabled: true, algorithm: 'sha256' };

/** One process, one setting (AUDIT, AUDIT_HASH); buildApp and the CLI set it from the config. */
export function configureAudit(s: Partial<AuditSettings>): void {
  Object.assign(settings, s);
}
export const auditSettings = (): Readonly<AuditSettings> => settings;

/** The client address of the request being served, for records written deep inside a command. */
const requestScope = new AsyncLocalStorage<{ clientAddress: string | null }>();
export const runInRequestScope = (clientAddress: string | null, fn: () => void) => requestScope.run({ clientAddress }, fn);
export const currentClientAddress = (): string | null => requestScope.getStore()?.clientAddress ?? null;

export interface AuditEntry {
  action: string;
  at: number;
  actor: Actor | null;
  /** For a record without a signed-in actor (a failed login): who was named. */
  actorName?: string;
  objectType?: string;
  objectId?: string | null;
  ticketId?: string | null;
  detail?: Record<string, unknown>;
}

/** Text as PostgreSQL takes it: no NUL, no lone surrogate (a record of a bad request must still be written). */
const cleanText = (v: string) => v.replaceAll(String.fromCharCode(0), '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
const cleanJson = (v: unknown) => JSON.stringify(v ?? {}, (_k, x) => (typeof x === 'string' ? cleanText(x) : x));

const COLUMNS = 'at, actor_id, actor_name, actor_unit_id, actor_unit_name, client_address, action, object_type, object_id, ticket_id, detail';

/** Writes records (one statement for all of them) through q: a transaction's or the pool's. */
export async function audit(q: Queryable, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (!settings.enabled || !list.length) return;
  const address = currentClientAddress();
  const cols: unknown[][] = Array.from({ length: 11 }, () => []);
  for (const e of list) {
    const values = [
      new Date(e.at),
      e.actor?.id ?? null,
      cleanText(e.actor?.displayName ?? e.actorName ?? '系统'),
      e.actor?.unit.id ?? null,
      e.actor?.unit.name ?? null,
      address,
      e.action,
      e.objectType ?? null,
      e.objectId == null ? null : cleanText(e.objectId),
      e.ticketId ?? null,
      cleanJson(e.detail),
    ];
    values.forEach((v, i) => cols[i]!.push(v));
  }
  await q.query(
    `INSERT INTO audit_log (${COLUMNS})
     SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::jsonb[])`,
    cols,
  );
}

// ── the timeline ────────────────────────────────────────────────────────────────────────────────

export interface EventValues {
  ticketId: string;
  assignmentId: string | null;
  action: string;
  actorId: string | null;
  actorName: string;
  actorUnitId: string | null;
  at: Date;
  data: Record<string, unknown>;
}

const SEALED_VALUE = /^v1:[^:]+:/;

/** What an events row's digest covers: everything but its id (the audit record names the id). */
export function eventContent(e: EventValues): string {
  return canonical({
    ticket_id: lowerId(e.ticketId),
    assignment_id: lowerId(e.assignmentId),
    action: e.action,
    actor_id: lowerId(e.actorId),
    actor_name: e.actorName,
    actor_unit_id: lowerId(e.actorUnitId),
    at: e.at,
    // as jsonb will give it back; a sealed caller field (src/server/privacy) counts as "sealed", because
    // `keys rotate` re-seals it in place — its own authentication tag guards its content
    data: JSON.parse(JSON.stringify(e.data ?? {}, (_k, v: unknown) => (typeof v === 'string' && SEALED_VALUE.test(v) ? '(sealed)' : v))),
  });
}

/**
 * The audit record of one timeline event, as the tail of a statement whose CTE `e` inserted the
 * event (RETURNING id): pushes its parameters onto `params` and returns the INSERT … SELECT … FROM e.
 */
export function eventAuditInsert(params: unknown[], e: EventValues, actor: Actor | null): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  return `INSERT INTO audit_log (${COLUMNS}, row_table, row_id, row_digest)
    SELECT ${p(e.at)}::timestamptz, ${p(e.actorId)}::uuid, ${p(actor?.displayName ?? e.actorName)}::text, ${p(e.actorUnitId)}::uuid,
           ${p(actor?.unit.name ?? null)}::text, ${p(currentClientAddress())}::text, ${p(`ticket.${e.action}`)}::text, 'ticket',
           ${p(lowerId(e.ticketId))}::text, ${p(e.ticketId)}::uuid, ${p(JSON.stringify(e.assignmentId ? { assignmentId: e.assignmentId } : {}))}::jsonb,
           'events', e.id, ${p(digest(settings.algorithm, eventContent(e)))} FROM e`;
}

/** Inserts one timeline event and, when auditing, its audit record in the same statement. */
export async function insertEvent(q: Queryable, e: EventValues, actor: Actor | null): Promise<void> {
  const params: unknown[] = [e.ticketId, e.assignmentId, e.action, e.actorId, e.actorName, e.actorUnitId, e.at, JSON.stringify(e.data ?? {})];
  const insert = `INSERT INTO events (ticket_id, assignment_id, action, actor_id, actor_name, actor_unit_id, at, data)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
  if (!settings.enabled) {
    await q.query(insert, params);
    return;
  }
  await q.query(`WITH e AS (${insert} RETURNING id) ${eventAuditInsert(params, e, actor)}`, params);
}

/**
 * Events of the system (no signed-in actor), one per ticket, with their audit records, in one
 * statement: the records insertEvent would write one by one (a bulk import writes thousands).
 */
export async function insertSystemEvents(q: Queryable, events: EventValues[]): Promise<void> {
  if (!events.length) return;
  // each audit record finds its event by the ticket
  if (new Set(events.map((e) => e.ticketId)).size !== events.length) throw new Error('insertSystemEvents: one event per ticket');
  const col = <T>(f: (e: EventValues) => T) => events.map(f);
  const params: unknown[] = [
    col((e) => e.ticketId), col((e) => e.assignmentId), col((e) => e.action), col((e) => e.actorName), col((e) => e.at), col((e) => JSON.stringify(e.data ?? {})),
  ];
  const insert = `INSERT INTO events (ticket_id, assignment_id, action, actor_id, actor_name, actor_unit_id, at, data)
    SELECT ticket_id, assignment_id, action, NULL, actor_name, NULL, at, data
      FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])
        AS x(ticket_id, assignment_id, action, actor_name, at, data)`;
  if (!settings.enabled) {
    await q.query(insert, params);
    return;
  }
  params.push(events.map((e) => digest(settings.algorithm, eventContent({ ...e, actorId: null, actorUnitId: null }))));
  await q.query(
    `WITH e AS (${insert} RETURNING id, ticket_id, assignment_id, action, actor_name, at)
     INSERT INTO audit_log (${COLUMNS}, row_table, row_id, row_digest)
     SELECT e.at, NULL, e.actor_name, NULL, NULL, $8::text, 'ticket.' || e.action, 'ticket', e.ticket_id::text, e.ticket_id,
            CASE WHEN e.assignment_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('assignmentId', e.assignment_id) END,
            'events', e.id, d.digest
       FROM e JOIN unnest($1::uuid[], $7::text[]) AS d(ticket_id, digest) ON d.ticket_id = e.ticket_id`,
    [...params, currentClientAddress()],
  );
}

// ── reads of personal data (and the access log units' reads go to) ─────────────────────────────

export function accessContent(a: { userId: string; unitId: string; ticketId: string; what: string; at: Date }): string {
  return canonical({ user_id: lowerId(a.userId), unit_id: lowerId(a.unitId), ticket_id: lowerId(a.ticketId), what: a.what, at: a.at });
}

export interface ReadEntry {
  actor: Actor;
  /** read.ticket, read.repeats, reveal-phone … */
  action: string;
  ticketIds: readonly string[];
  at: number;
  detail?: Record<string, unknown>;
  /** Also an access_log row per ticket (a unit's reads, reveals): the record carries its digest. */
  accessLog?: string;
}

/** One record per ticket whose personal data the actor was shown. */
export async function recordRead(q: Queryable, r: ReadEntry): Promise<void> {
  const ids = [...new Set(r.ticketIds.map((id) => id.toLowerCase()))];
  if (!ids.length) return;
  const at = new Date(r.at);
  if (r.accessLog === undefined || !settings.enabled) {
    if (r.accessLog !== undefined) {
      await q.query('INSERT INTO access_log (user_id, unit_id, ticket_id, what, at) SELECT $1, $2, x, $3, $4 FROM unnest($5::uuid[]) AS x', [
        r.actor.id, r.actor.unit.id, r.accessLog, at, ids,
      ]);
    }
    await audit(q, ids.map((id) => ({ action: r.action, at: r.at, actor: r.actor, objectType: 'ticket', objectId: id, ticketId: id, ...(r.detail ? { detail: r.detail } : {}) })));
    return;
  }
  const digests = ids.map((id) => digest(settings.algorithm, accessContent({ userId: r.actor.id, unitId: r.actor.unit.id, ticketId: id, what: r.accessLog!, at })));
  await q.query(
    `WITH l AS (INSERT INTO access_log (user_id, unit_id, ticket_id, what, at)
                SELECT $1, $2, x, $3, $4 FROM unnest($5::uuid[]) AS x RETURNING id, ticket_id)
     INSERT INTO audit_log (${COLUMNS}, row_table, row_id, row_digest)
     SELECT $4, $1, $7, $2, $8, $9, $10, 'ticket', l.ticket_id::text, l.ticket_id, $11, 'access_log', l.id, d.digest
       FROM l JOIN unnest($5::uuid[], $6::text[]) AS d(ticket_id, digest) ON d.ticket_id = l.ticket_id`,
    [r.actor.id, r.actor.unit.id, r.accessLog, at, ids, digests, r.actor.displayName, r.actor.unit.name, currentClientAddress(), r.action, JSON.stringify(r.detail ?? {})],
  );
}
