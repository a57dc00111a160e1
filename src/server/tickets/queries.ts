import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { recordRead } from '../audit/record.ts';
import { notFound } from '../http/errors.ts';
import { CENTER_ONLY_EVENTS } from '../../core/ticket/timeline.ts';
import { actionNames, allowedActionsFor } from './allowed.ts';
import { DETAIL_COLUMNS, reviveClock, reviveEvent, type DetailRow } from './rows-json.ts';
import { accessTo, requireRead } from '../access/ticket-access.ts';
import { presentOwnHistory } from './history.ts';
import type { AllowedAction } from './allowed.ts';
import { presentTicket, type PresentedAccess } from './presenter.ts';
import { loadAssignments, type AssignmentRow } from './store.ts';
import { openDeputy } from '../deputies/match.ts';
import { clocksOf } from './clocks.ts';
import type { Created } from './create.ts';

/** The ticket with its clocks and timeline in one statement (rows-json.ts). */
const DETAIL_SQL = `SELECT ${DETAIL_COLUMNS} FROM tickets t LEFT JOIN units s ON s.id = t.subject_unit_id WHERE t.id = $1`;

/**
 * The whole ticket as the actor may see it. Every read that shows the caller is an audit record; a
 * unit's is also an access-log row. `auditRead: false` for the answer to the actor's own action,
 * which that action's record already covers (center staff; a unit's read is logged as always).
 * `assignments` and `row`: the shares and the ticket's page as an action just committed them, for
 * its answer (runAction read them in its last statements: nothing to read again).
 */
export async function ticketDetail(
  ctx: AppContext,
  actor: Actor,
  id: string,
  db: Queryable = ctx.db,
  opts: { auditRead?: boolean; assignments?: AssignmentRow[]; row?: DetailRow } = {},
) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('工单不存在');
  // The ticket with its clocks and timeline in one statement, its shares beside it: each statement
  // costs both processes a round trip, and a busy center reads tickets more than anything (issue 16).
  const [row, assignments] = await Promise.all([
    opts.row ?? db.query<DetailRow>(DETAIL_SQL, [id]).then((r) => r.rows[0]),
    opts.assignments ?? loadAssignments(db, id),
  ]);
  if (!row) throw notFound('工单不存在');
  const { detail_clocks, detail_events, ...ticket } = row;
  const clocks = detail_clocks.map(reviveClock);
  const events = { rows: detail_events.map(reviveEvent) };
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

/**
 * A registration's answer to the agent who made it: everything a new ticket has is known here; only
 * clocks started at acceptance are read back.
 */
export async function registeredDetail(ctx: AppContext, actor: Actor, created: Extract<Created, { replayed: false }>) {
  const clocks = created.clocksStarted ? await clocksOf(ctx.db, created.id) : [];
  const access = presentAccess('center', allowedActionsFor(ctx, actor, 'center', created.ticket, [], clocks, ctx.now()));
  return presentTicket(openDeputy(ctx.vault.openCaller(created.ticket), ctx.vault), [], clocks, [created.event], { actor, calendar: ctx.calendar, presets: ctx.presets, now: ctx.now(), callerView: 'full', access });
}

export function presentAccess(relation: PresentedAccess['relation'], actions: AllowedAction[]): PresentedAccess {
  return { relation, readOnly: false, allowedActions: actionNames(actions), actions };
}
