import type { ClockRow } from './clocks.ts';
import type { EventRow } from './presenter.ts';
import type { AssignmentRow, TicketRow } from './store.ts';
import { DEPUTY_JSON } from '../deputies/match.ts';

/**
 * A ticket's shares, clocks and timeline read as JSON beside another row, so that one statement
 * brings what took several: each statement costs the server and PostgreSQL a round trip, and on two
 * cores those round trips were most of an action's time (issue 16). The revivers give back the rows
 * as the driver reads them from a plain SELECT (instants as Date), so the code that reads them is
 * the same whichever way they came.
 */
export type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** The shares with what the guards ask of their units, as loadAssignments selects them (store.ts). */
export const ASSIGNMENT_SELECT = `SELECT a.*, u.name AS unit_name, u.path AS unit_path, u.parent_id AS unit_parent_id,
    pu.kind AS unit_parent_kind, EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id) AS unit_has_children,
    u.reply_review AS unit_reply_review,
    EXISTS (SELECT 1 FROM users r WHERE r.unit_id = u.id AND r.active AND 'unit_admin' = ANY(r.roles)) AS unit_has_reviewer
  FROM assignments a JOIN units u ON u.id = a.unit_id LEFT JOIN units pu ON pu.id = u.parent_id`;

/** The ticket's shares as a JSON array, in loadAssignments' order. */
export const assignmentsJson = (ticketId: string) =>
  `(SELECT coalesce(json_agg(x ORDER BY x.created_at, x.id), '[]'::json) FROM (${ASSIGNMENT_SELECT} WHERE a.ticket_id = ${ticketId}) x)`;

/** The ticket's clocks as a JSON array, in clocksOf's order (clocks.ts). */
export const clocksJson = (ticketId: string) =>
  `(SELECT coalesce(json_agg(c ORDER BY c.started_at, c.name), '[]'::json) FROM clocks c WHERE c.ticket_id = ${ticketId})`;

/** The ticket's timeline as a JSON array: by time, then as written. */
export const eventsJson = (ticketId: string) =>
  `(SELECT coalesce(json_agg(json_build_object('id', e.id::text, 'assignment_id', e.assignment_id, 'action', e.action, 'actor_name', e.actor_name,
                                              'actor_unit_id', e.actor_unit_id, 'at', e.at, 'data', e.data) ORDER BY e.at, e.id), '[]'::json)
     FROM events e WHERE e.ticket_id = ${ticketId})`;

/** A ticket row (aliased `t`) with what its page shows: where its subject sits, its deputy, clocks and timeline. */
export const DETAIL_COLUMNS = `t.*, s.path AS subject_path, ${DEPUTY_JSON}, ${clocksJson('t.id')} AS detail_clocks, ${eventsJson('t.id')} AS detail_events`;

/** What DETAIL_COLUMNS reads: the ticket's page but its shares. */
export type DetailRow = TicketRow & { subject_path: string | null; detail_clocks: Array<Json<ClockRow>>; detail_events: Array<Json<EventRow>> };

const date = (v: string | null) => (v === null ? null : new Date(v));

export function reviveClock(c: Json<ClockRow>): ClockRow {
  return { ...c, started_at: new Date(c.started_at), due_at: new Date(c.due_at), soon_at: date(c.soon_at), stopped_at: date(c.stopped_at) };
}

export function reviveAssignment(a: Json<AssignmentRow>): AssignmentRow {
  return { ...a, signed_at: date(a.signed_at), replied_at: date(a.replied_at), created_at: new Date(a.created_at) };
}

export function reviveEvent(e: Json<EventRow>): EventRow {
  return { ...e, at: new Date(e.at) };
}
