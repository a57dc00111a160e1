import { dayOfInstant, formatInstant, HOUR_MS, startOfDay, type Instant } from '../../core/calendar/civil-date.ts';
import type { Calendar } from '../../core/calendar/calendar.ts';
import { clocksStartingAt, computeDue, describeRule, formatBasis } from '../../core/policy/index.ts';
import type { Policy, VariantRule } from '../../core/policy/schema.ts';
import { WINDOW_CLOCKS, type ClockName, type ClockStart, type TicketType, type Urgency } from '../../core/vocabulary.ts';
import type { Queryable } from '../db/connection.ts';
import { calendarForAssignment } from '../duty/hours.ts';
import { clockLabel } from '../../core/ticket/timeline.ts';

export interface ClockRow {
  id: string;
  ticket_id: string;
  assignment_id: string | null;
  name: string;
  started_at: Date;
  due_at: Date;
  soon_at: Date | null;
  status: 'running' | 'met' | 'overdue' | 'stopped';
  overdue: boolean;
  stopped_at: Date | null;
  rule: string;
  basis: string;
  provisional: boolean;
  explicit: boolean;
  /** The preset it was started under (migration 028); null for clocks from before. */
  preset: string | null;
}

/**
 * When a clock turns amber: for day clocks, when its last working day begins (under one working
 * day left); for hour clocks, when a quarter of the time is left.
 */
export function soonAt(calendar: Calendar, rule: { unit: string } | null, startedAt: Instant, due: Instant): Instant {
  if (!rule || rule.unit === 'workingDays') return Math.max(startedAt, startOfDay(dayOfInstant(due)));
  return due - Math.max((due - startedAt) / 4, 0.25 * HOUR_MS);
}

interface StartInput {
  ticketId: string;
  assignmentId?: string | null;
  name: string;
  rule: VariantRule;
  from: Instant;
}

/** A clock as insertClock writes it, before it is stored: what imported history uses too (tickets/import). */
export interface NewClock {
  ticketId: string;
  assignmentId: string | null;
  name: string;
  startedAt: Instant;
  dueAt: Instant;
  soonAt: Instant;
  rule: string;
  basis: string;
  provisional: boolean;
  explicit: boolean;
  /** The preset whose rule it is: a share's clocks follow its unit's preset (policy/for-unit.ts). */
  preset: string;
}

/** The row of a clock that starts now: its due from the rule (or the one set by hand), label and basis. */
export function newClock(policy: Policy, calendar: Calendar, input: StartInput & { due?: Instant; explicit?: boolean; label?: string }): NewClock {
  const due = input.due ?? computeDue(calendar, input.rule, input.from);
  return {
    ticketId: input.ticketId,
    assignmentId: input.assignmentId ?? null,
    name: input.name,
    startedAt: input.from,
    dueAt: due,
    soonAt: soonAt(calendar, input.explicit ? null : input.rule, input.from, due),
    rule: input.label ?? (input.explicit ? '派单时另定时限' : describeRule(input.rule)),
    basis: formatBasis(policy, input.rule.basis),
    provisional: calendar.isProvisional(dayOfInstant(input.from), dayOfInstant(due)),
    explicit: input.explicit ?? false,
    preset: policy.id,
  };
}

type ClockInput = StartInput & { due?: Instant; explicit?: boolean; label?: string };

/**
 * A clock about to start, as newClock makes it, in its share's calendar: a unit's working-hour clock
 * runs in that unit's own hours (a 24-hour unit's around the clock). `shareCalendar` is that calendar
 * when the caller has read the unit already (a dispatch has), which saves a read per clock.
 */
export async function planClock(tx: Queryable, policy: Policy, calendar: Calendar, input: ClockInput, shareCalendar?: Calendar): Promise<NewClock> {
  const own = input.assignmentId && input.rule.unit === 'workingHours' && input.due === undefined;
  const cal = own ? (shareCalendar ?? (await calendarForAssignment(tx, calendar, input.assignmentId!))) : calendar;
  return newClock(policy, cal, input);
}

const CLOCK_COLUMNS = ['ticket_id', 'assignment_id', 'name', 'started_at', 'due_at', 'soon_at', 'rule', 'basis', 'provisional', 'explicit', 'preset'];

/**
 * Stores clocks in one statement (issue 16: a dispatch started three to five, each a round trip of
 * its own inside the ticket's lock).
 */
export async function insertClocks(tx: Queryable, clocks: readonly NewClock[]): Promise<void> {
  if (!clocks.length) return;
  const n = CLOCK_COLUMNS.length;
  const rows = clocks.map((_, i) => `(${CLOCK_COLUMNS.map((__, j) => `$${i * n + j + 1}`).join(', ')})`);
  await tx.query(
    `INSERT INTO clocks (${CLOCK_COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`,
    clocks.flatMap((c) => [c.ticketId, c.assignmentId, c.name, new Date(c.startedAt), new Date(c.dueAt), new Date(c.soonAt), c.rule, c.basis, c.provisional, c.explicit, c.preset]),
  );
}

export async function insertClock(tx: Queryable, policy: Policy, calendar: Calendar, input: ClockInput): Promise<void> {
  await insertClocks(tx, [await planClock(tx, policy, calendar, input)]);
}

interface StartOptions {
  assignmentId?: string | null;
  only?: readonly ClockName[];
  explicitHandleDue?: Instant;
  /** The share's own calendar, if known (planClock). */
  shareCalendar?: Calendar;
}

/** The clocks the policy ties to `event`, planned, not stored: a dispatch stores all its shares' at once. */
export async function planStartClocks(
  tx: Queryable,
  policy: Policy,
  calendar: Calendar,
  event: ClockStart,
  ticket: { id: string; type: TicketType; urgency: Urgency; complex: boolean },
  at: Instant,
  opts: StartOptions = {},
): Promise<NewClock[]> {
  const planned: NewClock[] = [];
  for (const { name, rule } of clocksStartingAt(policy, event, ticket, opts.only)) {
    const explicit = name === 'handle' && opts.explicitHandleDue !== undefined;
    const input = { ticketId: ticket.id, assignmentId: opts.assignmentId ?? null, name, rule, from: at, ...(explicit ? { due: opts.explicitHandleDue, explicit: true } : {}) };
    planned.push(await planClock(tx, policy, calendar, input, opts.shareCalendar));
  }
  return planned;
}

/** Starts every clock the policy ties to `event`, returning the names started. */
export async function startClocks(
  tx: Queryable,
  policy: Policy,
  calendar: Calendar,
  event: ClockStart,
  ticket: { id: string; type: TicketType; urgency: Urgency; complex: boolean },
  at: Instant,
  opts: StartOptions = {},
): Promise<ClockName[]> {
  const planned = await planStartClocks(tx, policy, calendar, event, ticket, at, opts);
  await insertClocks(tx, planned);
  return planned.map((p) => p.name as ClockName);
}

/**
 * The clocks that are someone's time limit, as SQL on a clocks row aliased `alias`: not the automatic
 * reminders' timers and not the windows of core/vocabulary.ts WINDOW_CLOCKS. Boards, lists and
 * indicators count overdue and due-soon work with this.
 */
export function dutyClock(alias = 'c'): string {
  return `${alias}.name NOT LIKE 'reminder:%' AND ${alias}.name NOT IN (${WINDOW_CLOCKS.map((n) => `'${n}'`).join(', ')})`;
}

/**
 * Stops running clocks: those stopped before they ran out are met; those already past due stay
 * overdue on the record — except a window (WINDOW_CLOCKS), which has only lapsed.
 */
export async function stopClocks(
  tx: Queryable,
  scope: { ticketId: string; assignmentId?: string | null },
  names: readonly string[] | 'all',
  at: Instant,
  outcome: 'met' | 'stopped' = 'met',
): Promise<void> {
  const params: unknown[] = [scope.ticketId, new Date(at), outcome];
  let where = 'ticket_id = $1 AND status = \'running\'';
  if (scope.assignmentId === null) where += ' AND assignment_id IS NULL';
  else if (scope.assignmentId !== undefined) {
    params.push(scope.assignmentId);
    where += ` AND assignment_id = $${params.length}`;
  }
  if (names !== 'all') {
    params.push(names);
    where += ` AND name = ANY($${params.length}::text[])`;
  }
  await tx.query(
    `UPDATE clocks SET stopped_at = $2,
       status = CASE WHEN $3 = 'stopped' THEN 'stopped' WHEN due_at >= $2 THEN 'met'
                     WHEN name = ANY($${params.length + 1}::text[]) THEN 'stopped' ELSE 'overdue' END
     WHERE ${where}`,
    [...params, WINDOW_CLOCKS],
  );
}

export async function clocksOf(db: Queryable, ticketId: string): Promise<ClockRow[]> {
  const { rows } = await db.query<ClockRow>('SELECT * FROM clocks WHERE ticket_id = $1 ORDER BY started_at, name', [ticketId]);
  return rows;
}

export function presentClock(calendar: Calendar, c: ClockRow, now: Instant) {
  const due = c.due_at.getTime();
  const running = c.status === 'running';
  return {
    id: c.id,
    name: c.name,
    // a reminder timer (大足 第七条: 未在1个工作日内响应) in words too, as the timeline names it
    label: clockLabel(c.name),
    startedAt: formatInstant(c.started_at.getTime()),
    dueAt: formatInstant(due),
    status: c.status,
    overdue: WINDOW_CLOCKS.includes(c.name as ClockName) ? false : running ? now > due : c.status === 'overdue',
    dueSoon: running && now <= due && c.soon_at !== null && now >= c.soon_at.getTime(),
    remaining: running ? calendar.remaining(now, due) : null,
    stoppedAt: c.stopped_at ? formatInstant(c.stopped_at.getTime()) : null,
    rule: c.rule,
    basis: c.basis,
    provisional: c.provisional,
    explicit: c.explicit,
    preset: c.preset,
  };
}
