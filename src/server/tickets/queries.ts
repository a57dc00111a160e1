import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { recordRead } from '../audit/record.ts';
import { notFound } from '../http/errors.ts';
import { CENTER_ONLY_EVENTS } from '../../core/ticket/timeline.ts';
import { actionNames, allowedActionsFor } from './allowed.ts';
import { clocksOf } from './clocks.ts';
import { accessTo, requireRead } from '../access/ticket-access.ts';
import { presentOwnHistory } from './history.ts';
import type { AllowedAction } from './allowed.ts';
import { presentTicket, type EventRow, type PresentedAccess } from './presenter.ts';
import { loadAssignments, type AssignmentRow, type TicketRow } from './store.ts';
import { DEPUTY_JSON, openDeputy } from '../deputies/match.ts';

/**
 * The whole ticket as the actor may see it. Every read that shows the caller is an audit record; a
 * unit's is also an access-log row. `auditRead: false` for the answer to the actor's own action,
 * which that action's record already covers (center staff; a unit's read is logged as always).
 * `assignments`: the shares as an action just committed them, for its answer (one read fewer).
 */
export async function ticketDetail(
  ctx: AppContext,
  actor: Actor,
  id: string,
  db: Queryable = ctx.db,
  opts: { auditRead?: boolean; assignments?: AssignmentRow[] } = {},
) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('工单不存在');
  // Four independent reads at once: the ticket, its shares, clocks and timeline.
  const [ticketRows, assignments, clocks, events] = await Promise.all([
    db.query<TicketRow & { subject_path: string | null }>(
      `SELECT t.*, s.path AS subject_path, ${DEPUTY_JSON} FROM tickets t LEFT JOIN units s ON s.id = t.subject_unit_id WHERE t.id = $1`,
      [id],
    ),
    opts.assignments ?? loadAssignments(db, id),
    clocksOf(db, id),
    db.query<EventRow>('SELECT id::text AS id, assignment_id, action, actor_name, actor_unit_id, at, data FROM events WHERE ticket_id = $1 ORDER BY events.at, events.id', [id]),
  ]);
  const ticket = ticketRows.rows[0];
  if (!ticket) throw notFound('工单不存在');
  if (!actor.isCenter) events.rows = events.rows.filter((e) => !CENTER_ONLY_EVENTS.has(e.action));
  const access = accessTo(actor, ticket, ticket.subject_path, assignments);
  requireRead(access);
  const now = ctx.now();
  if (access.relation === 'ended') {
    return presentOwnHistory(ticket, assignments, clocks, events.rows, { actor, calendar: ctx.calendar, presets: ctx.presets, now, ownShareIds: access.ownShareIds });
  }
  const view = access.callerView;
  if (!actor.isCenter && view === 'masked') {
    await recordRead(db, { actor, action: 'read.ticket', ticketIds: [ticket.id], at: ctx.now(), accessLog: 'view' });
  } else if (view !== 'hidden' && opts.auditRead !== false && (ticket.caller_name || ticket.caller_phone)) {
    await recordRead(db, { actor, action: 'read.ticket', ticketIds: [ticket.id], at: ctx.now() });
  }
  // opened only for a view that shows the caller (src/server/privacy)
  const opened = view === 'hidden' ? ticket : openDeputy(ctx.vault.openCaller(ticket), ctx.vault);
  const timeline = view === 'full' ? events.rows.map((e) => ({ ...e, data: ctx.vault.openEventData(e.data) })) : events.rows;
  const presented = presentTicket(opened, assignments, clocks, timeline, {
    actor,
    calendar: ctx.calendar,
    presets: ctx.presets,
    now,
    callerView: view,
    access: presentAccess(access.relation, allowedActionsFor(ctx, actor, access.relation, ticket, assignments, clocks, now)),
  });
  // the telephone platform dials for whoever may contact the caller: a unit calls back without
  // the number ever reaching its screen (issue 14 item 3; telephony/routes.ts checks the same)
  return { ...presented, callThroughPlatform: !!ctx.dialer && view !== 'hidden' && !!ticket.caller_phone };
}

export function presentAccess(relation: PresentedAccess['relation'], actions: AllowedAction[]): PresentedAccess {
  return { relation, readOnly: false, allowedActions: actionNames(actions), actions };
}
