import { endOfShares } from '../../core/access/index.ts';
import type { Calendar } from '../../core/calendar/calendar.ts';
import type { Actor } from '../auth/actor.ts';
import { asShares } from '../access/ticket-access.ts';
import type { UnitPresets } from '../policy/for-unit.ts';
import type { ClockRow } from './clocks.ts';
import { presentTicket, type EventRow } from './presenter.ts';
import type { AssignmentRow, TicketRow } from './store.ts';

/**
 * What a unit whose share ended still reads (core/access: 'own-history'): the request as it was,
 * its own shares with their clocks, and the timeline up to the end of its share — its own events
 * and the ticket's, never another unit's, never anything after. No caller (not even masked), no
 * outcome, no visit, no links made later; it cannot act.
 */
export function presentOwnHistory(
  ticket: TicketRow,
  assignments: AssignmentRow[],
  clocks: ClockRow[],
  events: EventRow[],
  ctx: { actor: Actor; calendar: Calendar; presets: UnitPresets; now: number; ownShareIds: Set<string> },
) {
  const own = assignments.filter((a) => ctx.ownShareIds.has(a.id));
  const timeline = events.map((e) => ({ id: Number(e.id), action: e.action, assignmentId: e.assignment_id }));
  const ends = endOfShares(asShares(own), asShares(assignments), timeline);
  const lastEnd = Math.max(0, ...ends.values());
  const endings = new Set(ends.values());
  const seen = events.filter((e) => {
    const id = Number(e.id);
    // the event that ended its share (perhaps the approval of the share above it) is part of its history
    if (endings.has(id)) return true;
    if (e.assignment_id === null) return id <= lastEnd;
    return ctx.ownShareIds.has(e.assignment_id) && id <= (ends.get(e.assignment_id) ?? 0);
  });
  const base = presentTicket(
    ticket,
    own,
    clocks.filter((c) => c.assignment_id !== null && ctx.ownShareIds.has(c.assignment_id)),
    seen,
    { actor: ctx.actor, calendar: ctx.calendar, presets: ctx.presets, now: ctx.now, callerView: 'hidden', access: { relation: 'ended', readOnly: true, allowedActions: [], actions: [] } },
  );
  return {
    ...base,
    // The ticket's state now is what came after this unit's share: not told.
    status: 'share-ended',
    statusLabel: '本单位承办已结束',
    version: 0,
    repeatOf: null,
    outcome: null,
    satisfaction: null,
    resolution: null,
    closure: null,
    appealStatus: null,
    redoCount: 0,
    supervisionCount: 0,
    updatedAt: base.createdAt,
    closedAt: null,
  };
}
