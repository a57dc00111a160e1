import type { AssignmentStatus, TicketStatus } from '../../core/ticket/machine.ts';
import { maskPhonesIn } from '../../core/ticket/privacy.ts';
import type { TicketType, Urgency } from '../../core/vocabulary.ts';
import type { EnterpriseFlag, LeaderInstructionFlag, NationalFlag } from '../../core/flags/ticket-flags.ts';
import type { DeputyOnTicket } from '../deputies/match.ts';
import type { Actor } from '../auth/actor.ts';
import { insertEvent } from '../audit/record.ts';
import type { Queryable } from '../db/connection.ts';
import { accessTo, requireAct } from '../access/ticket-access.ts';
import { notFound } from '../http/errors.ts';
import type { ClockRow } from './clocks.ts';
import { ASSIGNMENT_SELECT, DETAIL_COLUMNS, assignmentsJson, clocksJson, reviveAssignment, reviveClock, type DetailRow, type Json } from './rows-json.ts';

/** Rows as stored; presenters turn them into API shapes. */
export interface TicketRow {
  id: string;
  number: string;
  status: TicketStatus;
  version: number;
  channel: string;
  type: TicketType;
  urgency: Urgency;
  title: string | null;
  content: string;
  category: string | null;
  address: string | null;
  /** Sealed, as caller_phone. */
  caller_name: string | null;
  /** Sealed (src/server/privacy/vault.ts): open before presenting. */
  caller_phone: string | null;
  /** The phone's blind index, for finding the same caller by equality. */
  caller_phone_idx: string | null;
  anonymous: boolean;
  confidential: boolean;
  subject_unit_id: string | null;
  complex: boolean;
  repeat_of: string | null;
  query_code: string | null;
  outcome: Record<string, unknown> | null;
  /** 转办至其他平台: the peer holding the ticket until its result comes back (migration 042). */
  peer_pending?: string | null;
  satisfaction: string | null;
  resolution: string | null;
  closure: string | null;
  appeal_status: string | null;
  redo_count: number;
  /** Tries to reach the caller for the visit now due (migration 024; 邵阳 第十四条（二）). */
  visit_attempts: number;
  /** The SMS visit sent and the caller's reply (凉山 第十三条（一）); the reply's text is for the center only. */
  sms_visit: SmsVisit | null;
  /** The caller answered an SMS with TD (退订): no texts to them (migration 041). */
  sms_opted_out: boolean;
  /** 行政调解类/执法办案类 as the preset names them (重庆 第十四条): left out of the satisfaction rate. */
  exempt_kind: string | null;
  /** 工单标记 (migration 030, src/core/flags/ticket-flags.ts): 涉企诉求, 国办工单, 领导批示件, 代表委员件. */
  enterprise: EnterpriseFlag | null;
  national: NationalFlag | null;
  leader_instruction: LeaderInstructionFlag | null;
  deputy_id: string | null;
  /** The deputy's entry, where the read joined it (server/deputies/match.ts); the name is sealed. */
  deputy?: DeputyOnTicket | null;
  supervision_count: number;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  /** What the classifier read at registration (migration 012); null without a model. */
  predicted_category?: string | null;
  predicted_confidence?: number | null;
  predicted_model_id?: string | null;
}

export interface SmsVisit {
  sentAt: string;
  reply: string | null;
  repliedAt: string | null;
  /** The satisfaction the reply was read as, or null when it could not be read (the visitor decides). */
  parsed: 'satisfied' | 'basic' | 'dissatisfied' | null;
  /** The outbox row that carries the text: the gateway's delivery reports find the visit through it. */
  outboxId?: string;
  /** What the gateway reported (sms/delivery.ts): a failure tells the visitor to call instead. */
  delivery?: { status: 'delivered' | 'failed'; at: string; code: string | null; description: string | null } | null;
}

export interface AssignmentRow {
  id: string;
  ticket_id: string;
  unit_id: string;
  unit_name: string;
  unit_path: string;
  unit_parent_id: string | null;
  /** The kind of the unit above the share's unit (an extension is approved one level up: CQ 第十三条（三）). */
  unit_parent_kind: string | null;
  /** Whether the share's unit has units below it to pass the work down to (下派). */
  unit_has_children: boolean;
  parent_id: string | null;
  role: 'lead' | 'assist' | 'joint';
  status: AssignmentStatus;
  status_before_return: AssignmentStatus | null;
  signed_at: Date | null;
  replied_at: Date | null;
  reply: Record<string, unknown> | null;
  extension_count: number;
  pending_extension: Record<string, unknown> | null;
  pending_return: Record<string, unknown> | null;
  /** 督办事项延期 asked and not yet decided (migration 022). */
  pending_supervision_extension: Record<string, unknown> | null;
  supervision_extension_count: number;
  /** 本单位审核 (migration 025): the reply waiting for the unit's reviewer, or sent back by it. */
  reply_review: ReplyReview | null;
  /** The share's unit's own choice about 本单位审核 (null: the preset's default). */
  unit_reply_review: boolean | null;
  /** Whether the share's unit has an active reviewer (单位管理员) at all. */
  unit_has_reviewer: boolean;
  created_at: Date;
}

/** A reply in 本单位审核: as submitted (pending) or as the reviewer sent it back (returned, with the reason). */
export interface ReplyReview {
  state: 'pending' | 'returned';
  draft: Record<string, unknown>;
  submittedBy: { id: string; name: string };
  submittedAt: string;
  reason?: string;
  reviewer?: string;
  returnedAt?: string;
}

/** The shares of many tickets at once (inboxes), in the order loadAssignments gives them. */
export async function loadAssignmentsOf(db: Queryable, ticketIds: readonly string[]): Promise<AssignmentRow[]> {
  if (!ticketIds.length) return [];
  const { rows } = await db.query<AssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.ticket_id = ANY($1::uuid[]) ORDER BY a.created_at, a.id`, [ticketIds]);
  return rows;
}

export async function loadAssignments(db: Queryable, ticketId: string): Promise<AssignmentRow[]> {
  const { rows } = await db.query<AssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.ticket_id = $1 ORDER BY a.created_at, a.id`, [ticketId]);
  return rows;
}

/**
 * Locks the ticket row for the rest of the transaction, so two actions on one ticket run one after
 * the other (two handlers signing at once: the second sees the first's result). Its shares and
 * clocks are read after the lock, in one statement: read in the locking statement, they would be
 * as they were before the wait for another action's lock, which had changed them.
 */
export async function lockTicket(tx: Queryable, id: string, actor: Actor): Promise<{ ticket: TicketRow; assignments: AssignmentRow[]; clocks: ClockRow[] }> {
  const { rows } = await tx.query<TicketRow>('SELECT * FROM tickets WHERE id = $1 FOR UPDATE', [id]);
  const ticket = rows[0];
  if (!ticket) throw notFound('工单不存在');
  const held = await tx.query<{ assignments: Array<Json<AssignmentRow>>; clocks: Array<Json<ClockRow>> }>(
    `SELECT ${assignmentsJson('$1')} AS assignments, ${clocksJson('$1')} AS clocks`,
    [id],
  );
  const assignments = held.rows[0]!.assignments.map(reviveAssignment);
  // A unit that never held a share is told the ticket does not exist; one whose share ended, that it may no longer act.
  requireAct(accessTo(actor, ticket, null, assignments));
  return { ticket, assignments, clocks: held.rows[0]!.clocks.map(reviveClock) };
}

export interface EventInput {
  ticketId: string;
  assignmentId?: string | null;
  action: string;
  actor: Actor | null;
  at: number;
  data?: Record<string, unknown>;
}

/** Appends a timeline event and its audit record (src/server/audit) in one statement. */
export async function appendEvent(tx: Queryable, e: EventInput): Promise<void> {
  await insertEvent(
    tx,
    {
      ticketId: e.ticketId,
      assignmentId: e.assignmentId ?? null,
      action: e.action,
      actorId: e.actor?.id ?? null,
      actorName: e.actor ? `${e.actor.displayName}（${e.actor.unit.name}）` : '系统',
      actorUnitId: e.actor?.unit.id ?? null,
      at: new Date(e.at),
      data: e.data ?? {},
    },
    e.actor,
  );
}

/** Queues a notification in the transaction that causes it; the outbox row's id (an SMS visit keeps it). */
export async function notifyOutbox(
  tx: Queryable,
  n: { channel?: string; recipient?: string | null; unitId?: string | null; ticketId: string; body: string; at: number },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    'INSERT INTO outbox (channel, recipient, unit_id, ticket_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id',
    // A notice to a unit or to leaders quotes staff's free text (reasons, notes): a caller's phone
    // typed there is masked, as units see it everywhere else (src/core/ticket/privacy.ts).
    [n.channel ?? 'sms', n.recipient ?? null, n.unitId ?? null, n.ticketId, n.recipient ? n.body : maskPhonesIn(n.body), new Date(n.at)],
  );
  return rows[0]!.id;
}

export async function updateAssignment(tx: Queryable, id: string, fields: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(fields);
  const sets = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
  await tx.query(`UPDATE assignments SET ${sets} WHERE id = $1`, [id, ...keys.map((k) => jsonable(fields[k]))]);
}

/** Writes ticket fields and bumps the version: every change is a new version. */
export async function updateTicket(tx: Queryable, id: string, fields: Record<string, unknown>, at: number): Promise<void> {
  const { sql, params } = ticketUpdate(id, fields, at);
  await tx.query(sql, params);
}

/**
 * updateTicket that also reads the ticket's page as the transaction leaves it (the answer to an
 * action): the written row, and its clocks and timeline, which the statement sees with this
 * transaction's earlier writes. One statement where an update and a read after the commit were two.
 */
export async function updateTicketForDetail(tx: Queryable, id: string, fields: Record<string, unknown>, at: number): Promise<DetailRow> {
  const { sql, params } = ticketUpdate(id, fields, at);
  const { rows } = await tx.query<DetailRow>(
    `WITH t AS (${sql} RETURNING *) SELECT ${DETAIL_COLUMNS} FROM t LEFT JOIN units s ON s.id = t.subject_unit_id`,
    params,
  );
  return rows[0]!;
}

function ticketUpdate(id: string, fields: Record<string, unknown>, at: number) {
  const keys = Object.keys(fields);
  const sets = keys.map((k, i) => `${k} = $${i + 3}`).join(', ');
  return {
    sql: `UPDATE tickets SET ${sets}${keys.length ? ', ' : ''}version = version + 1, updated_at = $2 WHERE id = $1`,
    params: [id, new Date(at), ...keys.map((k) => jsonable(fields[k]))],
  };
}

function jsonable(v: unknown): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v)) return JSON.stringify(v);
  return v;
}
