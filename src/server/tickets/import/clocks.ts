import type { Instant } from '../../../core/calendar/civil-date.ts';
import type { Calendar } from '../../../core/calendar/calendar.ts';
import { clocksStartingAt, computeDue, type Policy } from '../../../core/policy/index.ts';
import type { TicketType } from '../../../core/vocabulary.ts';
import { newClock, type NewClock } from '../clocks.ts';

/** A clock of imported history: started and stopped as the live engine would have done it. */
export interface HistoryClock extends NewClock {
  status: 'met' | 'overdue';
  stoppedAt: Instant;
  /** What the clock watcher would have marked while it ran: past its due, or into its last stretch. */
  overdue: boolean;
  soonNotified: boolean;
}

export interface HistoryTimes {
  registeredAt: Instant;
  /** null: answered by the center itself, no unit's share. */
  share: { id: string; dispatchedAt: Instant; signedAt: Instant | null; repliedAt: Instant } | null;
  /** The direct answer (no share): when it was given. */
  answeredAt: Instant;
  closedAt: Instant;
}

/** The handling limit the preset gives a share dispatched (or signed) then: what dispatch would have set. */
export function presetHandleDue(policy: Policy, calendar: Calendar, type: TicketType, dispatchedAt: Instant, signedAt: Instant | null): { due: Instant } | { missing: 'rule' | 'signed' } {
  const rule = policy.clocks.handle?.byType[type];
  if (!rule) return { missing: 'rule' };
  const from = rule.from === 'signed' ? signedAt : rule.from === 'dispatched' ? dispatchedAt : null;
  if (from === null) return { missing: rule.from === 'signed' ? 'signed' : 'rule' };
  return { due: computeDue(calendar, rule, from) };
}

/**
 * Every clock the live engine starts for a ticket of this shape — at registration, at dispatch and at
 * signing (src/server/tickets/create.ts, actions/dispatch.ts, actions/unit-work.ts) — computed by the
 * same functions, and stopped where the live actions stop them: dispatch stops the ticket's intake
 * clocks, signing the share's sign and transfer clocks, the reply all of the share's. A clock stopped
 * after its due is overdue (stopClocks). A handling limit the old system recorded replaces the
 * preset's, as a limit set at dispatch does, unless it is the same instant.
 *
 * Left out: the reminder timers (大足 第七条), which only trigger reminders — the old system's reminders
 * are not in the file.
 */
export function historyClocks(policy: Policy, calendar: Calendar, ticket: { id: string; type: TicketType }, times: HistoryTimes, recordedDue: Instant | null): HistoryClock[] {
  const shape = { type: ticket.type, urgency: 'normal' as const, complex: false };
  const running: NewClock[] = [];
  const done: HistoryClock[] = [];
  const stop = (which: (c: NewClock) => boolean, at: Instant) => {
    for (const c of running.filter(which)) {
      running.splice(running.indexOf(c), 1);
      const late = c.dueAt < at;
      done.push({ ...c, status: late ? 'overdue' : 'met', stoppedAt: at, overdue: late, soonNotified: c.soonAt <= at });
    }
  };
  const start = (event: 'registered' | 'dispatched' | 'signed', at: Instant, assignmentId: string | null, skip: string[] = [], explicitDue?: Instant) => {
    for (const { name, rule } of clocksStartingAt(policy, event, shape)) {
      if (skip.includes(name)) continue;
      const explicit = name === 'handle' && explicitDue !== undefined;
      running.push(newClock(policy, calendar, { ticketId: ticket.id, assignmentId, name, rule, from: at, ...(explicit ? { due: explicitDue, explicit: true } : {}) }));
    }
  };
  const ticketLevel = (names: string[]) => (c: NewClock) => c.assignmentId === null && names.includes(c.name);

  start('registered', times.registeredAt, null);
  const s = times.share;
  if (!s) {
    stop(ticketLevel(['answer', 'dispatch']), times.answeredAt);
  } else {
    stop(ticketLevel(['dispatch', 'answer']), s.dispatchedAt);
    const preset = presetHandleDue(policy, calendar, ticket.type, s.dispatchedAt, s.signedAt);
    const explicitDue = recordedDue !== null && !('due' in preset && preset.due === recordedDue) ? recordedDue : undefined;
    start('dispatched', s.dispatchedAt, s.id, [], explicitDue);
    // a limit set at dispatch replaces one that would start at signing (邵阳 第十四条), from dispatch
    const rule = policy.clocks.handle?.byType[ticket.type];
    if (explicitDue !== undefined && rule?.from === 'signed') {
      running.push(newClock(policy, calendar, { ticketId: ticket.id, assignmentId: s.id, name: 'handle', rule, from: s.dispatchedAt, due: explicitDue, explicit: true }));
    }
    if (s.signedAt !== null) {
      stop((c) => c.assignmentId === s.id && (c.name === 'sign' || c.name === 'transfer'), s.signedAt);
      const existing = [...running, ...done].filter((c) => c.assignmentId === s.id).map((c) => c.name);
      start('signed', s.signedAt, s.id, existing, explicitDue);
    }
    stop((c) => c.assignmentId === s.id, s.repliedAt);
  }
  // nothing of a closed ticket runs on (e.g. a redo limit's replacement: none is started here)
  stop(() => true, times.closedAt);
  return done;
}
