import type { Actor } from '../../auth/actor.ts';
import type { AppContext } from '../../app.ts';
import { AppError, conflict, forbidden, invalid } from '../../http/errors.ts';
import type { ClockRow } from '../clocks.ts';
import type { AssignmentRow, TicketRow } from '../store.ts';

/**
 * A ticket's text, its caller's name and its flags' contents: no guard reads them (the type below
 * keeps it so), and a reader that only asks what is allowed may leave them out (the inbox:
 * inbox/rows.ts). The caller's phone stays: 短信回访 needs one (visit-contact.ts).
 */
export const TICKET_TEXT_COLUMNS = ['title', 'content', 'address', 'caller_name', 'search_tsv', 'enterprise', 'national', 'leader_instruction', 'query_code', 'idempotency_key', 'dialled'] as const;

/** The ticket as a guard sees it: every column but its text (TICKET_TEXT_COLUMNS). */
export type GuardTicket = Omit<TicketRow, (typeof TICKET_TEXT_COLUMNS)[number]>;

/**
 * An action's precondition, apart from role and state (core/ticket/machine.ts) and apart from its
 * body: whether this actor may take it now, on this share. The same function runs inside the
 * action's transaction (runAction) and when a ticket is read, to list the actions allowed now
 * (allowed.ts), so the buttons a page shows and what the server accepts cannot drift apart.
 * Guards are pure: everything they need is loaded once (the ticket, its shares with their units'
 * parents, its clocks).
 */
export interface GuardInput {
  app: AppContext;
  actor: Actor;
  ticket: GuardTicket;
  assignments: AssignmentRow[];
  /** The share the action works on, for actions of one unit or on one unit's request. */
  assignment: AssignmentRow | null;
  clocks: ClockRow[];
  now: number;
}

/** Why an action may not be taken: 403 (not this actor), 409 (not in this state), 422 (the rules say no). */
export interface Refusal {
  status: 403 | 409 | 422;
  message: string;
  code?: string;
  details?: unknown;
}

export type Guard = (g: GuardInput) => Refusal | null;

export const refuse = {
  forbidden: (message: string): Refusal => ({ status: 403, message }),
  conflict: (message: string, code = 'conflict'): Refusal => ({ status: 409, message, code }),
  invalid: (message: string, details?: unknown): Refusal => ({ status: 422, message, details }),
};

export function refusalError(r: Refusal): AppError {
  if (r.status === 403) return forbidden(r.message);
  if (r.status === 409) return conflict(r.message, r.code);
  return invalid(r.message, r.details);
}

/** The share's handling (or redo) clock that is running, the latest due first; what an extension moves. */
export function runningHandleClock(clocks: readonly ClockRow[], assignmentId: string): ClockRow | null {
  const running = clocks.filter((c) => c.assignment_id === assignmentId && (c.name === 'handle' || c.name === 'redo') && c.status === 'running');
  running.sort((a, b) => b.due_at.getTime() - a.due_at.getTime());
  return running[0] ?? null;
}

/** Actions still open while a peer open12345 holds the ticket (转办至其他平台): marks, not decisions. */
const WHILE_PEER_HOLDS = new Set(['flag', 'mark-exempt', 'link-repeat']);

/**
 * 转办至其他平台 (重庆 第八条（二）): while the peer holds the ticket its result is awaited here, so the
 * center's own decisions (dispatch, answer, refuse …) are not offered nor taken (integration/exchange/peer-transfer.ts).
 */
export function heldByPeer(ticket: Pick<TicketRow, 'peer_pending'>, action: string): Refusal | null {
  return ticket.peer_pending && !WHILE_PEER_HOLDS.has(action) ? refuse.conflict('工单已转办至其他平台，正在等待对方办理结果', 'peer_pending') : null;
}
