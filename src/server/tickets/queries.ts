import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { recordRead } from '../audit/record.ts';
import { notFound } from '../http/errors.ts';
import { actionNames, allowedActionsFor } from './allowed.ts';
import { clocksOf } from './clocks.ts';
import { accessTo, requireRead } from '../access/ticket-access.ts';
import { presentOwnHistory } from './history.ts';
import type { AllowedAction } from './allowed.ts';
import { presentTicket, type EventRow, type PresentedAccess } from './presenter.ts';
import { loadAssignments, type TicketRow } from './store.ts';

/**
 * The whole ticket as the actor may see it. Every read that shows the caller is an audit record; a
 * unit's is also an access-log row. `auditRead: false` for the answer to the actor's own action,
 * which that action's record already covers (center staff; a unit's read is logged as always).
 */
export async function ticketDetail(ctx: AppContext, actor: Actor, id: string, db: Queryable = ctx.db, opts: { auditRead?: boolean } = {}) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('工单不存在');
  // Four independent reads at once: the ticket, its shares, clocks and timeline.
  const [ticketRows, assignments, clocks, events] = await Promise.all([
    db.query<TicketRow & { subject_path: string | null }>(
      'SELECT t.*, s.path AS subject_path FROM tickets t LEFT JOIN units s ON s.id = t.subject_unit_id WHERE t.id = $1',
      [id],
    ),
    loadAssignments(db, id),
    clocksOf(db, id),
    db.query<EventRow>('SELECT id::text AS id, assignment_id, action, actor_name, actor_unit_id, at, data FROM events WHERE ticket_id = $1 ORDER BY events.at, events.id', [id]),
  ]);
  const ticket = ticketRows.rows[0];
  if (!ticket) throw notFound('工单不存在');
  const access = accessTo(actor, ticket, ticket.subject_path, assignments);
  requireRead(access);
  const now = ctx.now();
  if (access.relation === 'ended') {
    return presentOwnHistory(ticket, assignments, clocks, events.rows, { actor, calendar: ctx.calendar, now, ownShareIds: access.ownShareIds });
  }
  const view = access.callerView;
  if (!actor.isCenter && view === 'masked') {
    await recordRead(db, { actor, action: 'read.ticket', ticketIds: [ticket.id], at: ctx.now(), accessLog: 'view' });
  } else if (view !== 'hidden' && opts.auditRead !== false && (ticket.caller_name || ticket.caller_phone)) {
    await recordRead(db, { actor, action: 'read.ticket', ticketIds: [ticket.id], at: ctx.now() });
  }
  // opened only for a view that shows the caller (src/server/privacy)
  const opened = view === 'hidden' ? ticket : ctx.vault.openCaller(ticket);
  const timeline = view === 'full' ? events.rows.map((e) => ({ ...e, data: ctx.vault.openEventData(e.data) })) : events.rows;
  return presentTicket(opened, assignments, clocks, timeline, {
    actor,
    calendar: ctx.calendar,
    now,
    callerView: view,
    access: presentAccess(access.relation, allowedActionsFor(ctx, actor, access.relation, ticket, assignments, clocks, now)),
  });
}

export function presentAccess(relation: PresentedAccess['relation'], actions: AllowedAction[]): PresentedAccess {
  return { relation, readOnly: false, allowedActions: actionNames(actions), actions };
}

export interface ListFilter {
  status?: string | undefined;
  unitId?: string | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  phone?: string | undefined;
  assignmentStatus?: string | undefined;
  pending?: 'return' | 'extension' | undefined;
  dueSoon?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** Tickets the actor may see, newest first, filtered and paginated in the database. */
export async function listTickets(ctx: AppContext, actor: Actor, f: ListFilter) {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (!actor.isCenter) {
    // Only a share still running puts a ticket in a unit's lists: one whose share ended (returned,
    // merged away) reads its own history by id, nothing more (core/access).
    where.push(`t.status <> 'merged' AND EXISTS (SELECT 1 FROM assignments a JOIN units u ON u.id = a.unit_id
      WHERE a.ticket_id = t.id AND a.status <> 'returned' AND u.path LIKE ${p(`${actor.unit.path}%`)})`);
  }
  if (f.status) where.push(`t.status = ANY(${p(f.status.split(','))}::text[])`);
  if (f.unitId) {
    where.push(`EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = t.id AND a.unit_id = ${p(f.unitId)} AND a.status <> 'returned')`);
  }
  if (f.overdue !== undefined) {
    where.push(`${f.overdue ? '' : 'NOT '}EXISTS (SELECT 1 FROM clocks c WHERE c.ticket_id = t.id
      AND ((c.status = 'running' AND c.due_at < ${p(new Date(ctx.now()))}) OR c.status = 'overdue'))`);
  }
  if (f.q) {
    const like = p(`%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`(t.number LIKE ${like} OR t.title ILIKE ${like} OR t.content ILIKE ${like} OR t.address ILIKE ${like})`);
  }
  if (f.phone && actor.isCenter) where.push(`t.caller_phone_idx = ${p(ctx.vault.phoneIndex(f.phone))}`);
  if (f.assignmentStatus) {
    where.push(`EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = t.id AND a.unit_id = ${p(actor.unit.id)}
      AND a.status = ANY(${p(f.assignmentStatus.split(','))}::text[]))`);
  }
  if (f.pending === 'return') where.push(`EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = t.id AND a.status = 'return_requested')`);
  if (f.pending === 'extension') where.push(`EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = t.id AND a.pending_extension IS NOT NULL)`);
  if (f.dueSoon) {
    where.push(`EXISTS (SELECT 1 FROM clocks c WHERE c.ticket_id = t.id AND c.status = 'running' AND c.name NOT LIKE 'reminder:%'
      AND c.soon_at <= ${p(new Date(ctx.now()))} AND c.due_at > ${p(new Date(ctx.now()))})`);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const whereParams = [...params];
  // The clock that runs out first: for a unit, among its own shares' clocks.
  const ownClock = actor.isCenter ? '' : `AND c.assignment_id IN (SELECT a.id FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.ticket_id = t.id AND a.status <> 'returned' AND u.path LIKE ${p(`${actor.unit.path}%`)})`;
  const [items, total] = await Promise.all([
    ctx.db.query<Record<string, unknown>>(
      `SELECT t.id, t.number, t.status, t.type, t.urgency, t.title, left(t.content, 120) AS excerpt, t.address,
              t.created_at, t.version,
              (SELECT json_build_object('name', c.name, 'dueAt', c.due_at) FROM clocks c
                WHERE c.ticket_id = t.id AND c.status = 'running' AND c.name NOT LIKE 'reminder:%' ${ownClock}
                ORDER BY c.due_at LIMIT 1) AS due_clock,
              (SELECT string_agg(u.name, '、' ORDER BY a.created_at) FROM assignments a JOIN units u ON u.id = a.unit_id
                WHERE a.ticket_id = t.id AND a.status <> 'returned' AND a.parent_id IS NULL) AS units
         FROM tickets t ${clause}
        ORDER BY t.created_at DESC, t.id
        LIMIT ${p(f.pageSize)} OFFSET ${p((f.page - 1) * f.pageSize)}`,
      params,
    ),
    ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets t ${clause}`, whereParams),
  ]);
  return { items: items.rows, total: total.rows[0]?.n ?? 0 };
}
