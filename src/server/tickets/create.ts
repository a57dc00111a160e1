import { randomUUID } from 'node:crypto';
import { clocksStartingAt } from '../../core/policy/clock-plan.ts';
import { specialReport } from '../../core/policy/fast-lane.ts';
import type { Actor } from '../auth/actor.ts';
import { auditSettings, eventAuditInsert } from '../audit/record.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import type { Vault } from '../privacy/vault.ts';
import { forbidden, invalid } from '../http/errors.ts';
import { startClocks } from './clocks.ts';
import { raiseSpecialReport } from './special-report.ts';
import { ensureSequence, nextNumberSql } from './numbering.ts';
import type { EventRow } from './presenter.ts';
import type { CreateTicketInput } from './schemas.ts';
import type { TicketRow } from './store.ts';
import { announce } from '../live/bus.ts';
import { newQueryCode } from '../public/query-code.ts';
import { ticketText } from '../classify/training.ts';
import { FINGERPRINT_CASTS, FINGERPRINT_COLUMNS, fingerprintOfTicket, fingerprintValues } from '../repeats/store.ts';
import { deputyFor, type DeputyOnTicket } from '../deputies/match.ts';
import { flagsOf } from './flags.ts';
import { linkCall } from '../telephony/link.ts';

const PG_UNIQUE_VIOLATION = '23505';

export type Created =
  | { replayed: true; id: string }
  | { replayed: false; id: string; ticket: TicketRow; event: EventRow; clocksStarted: boolean };

/**
 * 诉求登记 (重庆 第十一条): the caller's contact, the request, its type and category and the address are
 * written down, and the caller gets a number and query code to follow it on the portal.
 * Registers a request as a ticket: its number, the row, its first event, the caller's SMS and its
 * fingerprint for repeat detection (one statement), the
 * clocks that start at acceptance (e.g. 凉山 第十二条（一）: dispatch within 3 working hours) and its
 * attachments — all in one transaction, or one atomic statement when there is nothing else to write.
 * The same Idempotency-Key twice returns the first ticket, also when both arrive at once.
 */
export async function createTicket(ctx: AppContext, actor: Actor | null, input: CreateTicketInput, idempotencyKey?: string): Promise<Created> {
  if (actor && !(actor.isCenter && actor.roles.some((r) => ['agent', 'dispatcher', 'admin'].includes(r)))) {
    throw forbidden('只有热线中心的话务员、派单员可以登记工单');
  }
  if (idempotencyKey) {
    const seen = await findByKey(ctx, idempotencyKey);
    if (seen) return { id: seen, replayed: true };
  }
  const now = ctx.now();
  // the deputy whose request it is: chosen by the agent, or the caller's phone in the register (邵阳 第十八条)
  const [sequence, prediction, deputy] = await Promise.all([ensureSequence(ctx.db, now), predictCategory(ctx, input), deputyFor(ctx.db, ctx.vault, input.deputyId, input.caller.phone)]);
  const shape = { type: input.type, urgency: input.urgency, complex: input.complex };
  const clocks = clocksStartingAt(ctx.policy, 'registered', shape);
  const report = specialReport(ctx.policy, input.urgency) !== null;
  const write = async (db: Queryable) => {
    if (input.subjectUnitId) {
      const unit = await db.query('SELECT 1 FROM units WHERE id = $1', [input.subjectUnitId]);
      if (!unit.rows.length) throw invalid('被投诉单位不存在', [{ path: 'subjectUnitId', message: '单位不存在' }]);
    }
    const row = await insertTicket(db, ctx.vault, sequence, input, actor, now, idempotencyKey, prediction, deputy);
    // to live views once committed (src/server/live/bus.ts)
    await announce(db, { ticketId: row.ticket.id, status: 'registered', units: [] });
    if (input.attachments.length) {
      const r = await db.query('UPDATE attachments SET ticket_id = $1 WHERE id = ANY($2::uuid[]) AND ticket_id IS NULL', [row.ticket.id, input.attachments]);
      if (r.rowCount !== input.attachments.length) throw invalid('附件不存在或已被其他工单使用', [{ path: 'attachments', message: '附件无效' }]);
    }
    // the call it came in on (issue 14): its record and recording are found from the ticket
    if (input.callId && actor) await linkCall(db, actor, input.callId, row.ticket.id, now, false);
    if (clocks.length) await startClocks(db, ctx.policy, ctx.calendar, 'registered', { id: row.ticket.id, ...shape }, now);
    if (report) await raiseSpecialReport(db, ctx.policy, row.ticket, now);
    return row;
  };
  try {
    const simple = clocks.length === 0 && input.attachments.length === 0 && !input.subjectUnitId && !report && !input.callId;
    const { ticket, event } = simple ? await write(ctx.db) : await ctx.db.transaction(write);
    ctx.bands?.soon();
    return { replayed: false, id: ticket.id, ticket: { ...ticket, deputy }, event, clocksStarted: clocks.length > 0 };
  } catch (error) {
    // Two requests with one key at once: the loser's insert hits the unique index after the winner commits.
    if (idempotencyKey && (error as { code?: string }).code === PG_UNIQUE_VIOLATION) {
      const seen = await findByKey(ctx, idempotencyKey);
      if (seen) return { id: seen, replayed: true };
    }
    throw error;
  }
}

/**
 * The ticket row and its 'register' event in one atomic statement, with every other row a registration
 * writes (audit record, SMS, fingerprint, its place in the band queue). bench:intake runs it with no
 * HTTP as its ceiling, the queue moved as the server moves it.
 */
export async function insertTicket(
  db: Queryable,
  vault: Vault,
  sequence: string,
  input: CreateTicketInput,
  actor: Actor | null,
  now: number,
  idempotencyKey: string | undefined,
  prediction: Prediction | null,
  deputy: DeputyOnTicket | null,
): Promise<{ ticket: TicketRow; event: EventRow }> {
  const actorName = actor ? `${actor.displayName}（${actor.unit.name}）` : '来电人（网上）';
  const flagged = {
    enterprise: input.enterprise ?? null,
    national: input.national ?? null,
    leader_instruction: input.leaderInstruction ?? null,
    deputy_id: deputy?.id ?? null,
  };
  // the timeline names the flags; what they hold is on the ticket (an enterprise's name follows the caller's privacy)
  const flags = flagsOf(flagged);
  const data = { channel: input.channel, type: input.type, urgency: input.urgency, ...(flags.length ? { flags } : {}) };
  const fp = fingerprintOfTicket({ title: input.title ?? null, content: input.content, address: input.address ?? null });
  // the caller's name and phone are stored sealed, the phone also as its blind index (src/server/privacy)
  const phoneIdx = vault.phoneIndex(input.caller.phone);
  const fpParams = FINGERPRINT_CASTS.map((cast, i) => `$${22 + i}::${cast}`).join(', ');
  const params: unknown[] = [
      input.channel,
      input.type,
      input.urgency,
      input.title ?? null,
      input.content,
      input.category ?? null,
      input.address ?? null,
      vault.seal(input.caller.name),
      vault.seal(input.caller.phone),
      input.anonymous,
      input.confidential,
      input.subjectUnitId ?? null,
      input.complex,
      idempotencyKey ?? null,
      newQueryCode(),
      actor?.id ?? null,
      new Date(now),
      actorName,
      actor?.unit.id ?? null,
      JSON.stringify(data),
      phoneIdx,
      ...fingerprintValues(fp, phoneIdx),
    ];
  // The ticket's id is chosen here so the register event's audit record can cover it (src/server/audit).
  const ticketId = randomUUID();
  const idParam = `$${params.push(ticketId)}`;
  const predicted = [prediction?.category ?? null, prediction?.confidence ?? null, prediction?.modelId ?? null].map((v) => `$${params.push(v)}`);
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  const flagParams = [json(flagged.enterprise), json(flagged.national), json(flagged.leader_instruction), flagged.deputy_id].map((v) => `$${params.push(v)}`);
  const audited = auditSettings().enabled
    ? `a AS (${eventAuditInsert(params, { ticketId, assignmentId: null, action: 'register', actorId: actor?.id ?? null, actorName, actorUnitId: actor?.unit.id ?? null, at: new Date(now), data }, actor)}),`
    : '';
  const { rows } = await db.query<TicketRow & { event_id: string }>(
    `WITH t AS (
       INSERT INTO tickets (id, number, status, channel, type, urgency, title, content, category, address,
         caller_name, caller_phone, anonymous, confidential, subject_unit_id, complex, idempotency_key,
         query_code, created_by, created_at, updated_at, caller_phone_idx, predicted_category, predicted_confidence, predicted_model_id,
         enterprise, national, leader_instruction, deputy_id)
       VALUES (${idParam}::uuid, ${nextNumberSql(sequence)}, 'registered', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $21,
               ${predicted[0]}::text, ${predicted[1]}::real, ${predicted[2]}::text,
               ${flagParams[0]}::jsonb, ${flagParams[1]}::jsonb, ${flagParams[2]}::jsonb, ${flagParams[3]}::uuid)
       RETURNING *),
     e AS (
       INSERT INTO events (ticket_id, action, actor_id, actor_name, actor_unit_id, at, data)
       SELECT t.id, 'register', $16, $18, $19, $17, $20 FROM t
       RETURNING id),
     ${audited}
     -- the caller gets the number and query code by SMS, to follow the ticket on the portal: the one
     -- message that may carry the code (the outbox's log sink masks it, src/server/jobs/outbox.ts)
     o AS (
       INSERT INTO outbox (channel, recipient, ticket_id, body, created_at)
       SELECT 'sms', t.caller_phone, t.id,
              '【12345】您的诉求已受理，工单编号 ' || t.number || '，查询码 ' || t.query_code || '，可在网上门户查询办理进度。', $17
         FROM t WHERE t.caller_phone IS NOT NULL),
     -- what repeat detection compares (src/server/repeats), written with the ticket so it is never missing;
     -- its band rows are queued, written for many tickets at once a moment later (repeats/band-writer.ts)
     f AS (
       INSERT INTO ticket_fingerprints (ticket_id, created_at, ${FINGERPRINT_COLUMNS})
       SELECT t.id, t.created_at, ${fpParams} FROM t),
     q AS (INSERT INTO ticket_bands_queue (ticket_id) SELECT t.id FROM t)
     -- a, o, f and q are not read: PostgreSQL runs every data-modifying WITH to completion all the same,
     -- and rows returned for no reader would only be stored and counted (issue 16)
     SELECT t.*, (SELECT id::text FROM e) AS event_id FROM t`,
    params,
  );
  const { event_id, ...ticket } = rows[0]! as TicketRow & { event_id: string };
  return {
    ticket: ticket as TicketRow,
    event: { id: event_id, assignment_id: null, action: 'register', actor_name: actorName, actor_unit_id: actor?.unit.id ?? null, at: new Date(now), data },
  };
}

export interface Prediction {
  category: string;
  confidence: number;
  modelId: string;
}

/**
 * What the classifier reads from the request at registration, saved with the ticket. Registration
 * never waits on a failing classifier: no model, or an error, leaves the prediction empty.
 */
async function predictCategory(ctx: AppContext, input: CreateTicketInput): Promise<Prediction | null> {
  if (!ctx.classifier) return null;
  try {
    const p = await ctx.classifier.predict(ticketText(input.title ?? null, input.content), { words: false });
    return p ? { category: p.category, confidence: p.confidence, modelId: p.modelId } : null;
  } catch {
    return null;
  }
}

async function findByKey(ctx: AppContext, key: string): Promise<string | null> {
  const { rows } = await ctx.db.query<{ id: string }>('SELECT id FROM tickets WHERE idempotency_key = $1', [key]);
  return rows[0]?.id ?? null;
}
