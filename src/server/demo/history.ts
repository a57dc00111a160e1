import { dayOfInstant, formatDay, HOUR_MS, startOfDay, type DayNumber, type Instant } from '../../core/calendar/civil-date.ts';
import type { AppContext } from '../app.ts';
import { chainPending } from '../audit/chain.ts';
import { auditSettings } from '../audit/record.ts';
import { surgeWatch } from './history/alerts.ts';
import { generateDemoCalls } from './history/calls.ts';
import { assembleCast } from './history/cast.ts';
import { arrive, type Request } from './history/intake.ts';
import { DISPATCHED, SHOPS, type Matter } from './history/matters.ts';
import { ANSWERED, CLOSED_AT_INTAKE, SPOTS, SURGES, type Surge } from './history/phrases.ts';
import { Rng } from '../../core/random.ts';
import { arrivalsOn, momentIn } from './history/shape.ts';
import { Sim } from './history/sim.ts';
import { registerDemoDeputy } from './history/flags.ts';
import { ensureLineUnits, seedDirectory } from './history/directory.ts';
import { planSubmissions } from './history/submissions.ts';
import { planKnowledge } from './history/knowledge.ts';
import { planLookups } from './history/kb-use.ts';
import { openSwitchboard } from './history/switchboard.ts';
import { rememberingClassifier, rememberingReads, slotsAt, type Case, type World } from './history/world.ts';

export interface HistoryOptions {
  /** Days of history up to `end` (today included). */
  days?: number;
  /** The generation's "now": nothing is dated after it. */
  end?: Instant;
  seed?: number;
  /** Registrations on an ordinary working day (weekends and holidays get fewer). */
  perWorkingDay?: number;
  /** Calls on an ordinary working day (history/calls.ts); 0: none. */
  callsPerWorkingDay?: number;
  /** Progress lines for the console (in Chinese). */
  progress?: (line: string) => void;
}

export interface HistoryResult {
  from: string;
  to: string;
  tickets: number;
  /** Call records, the phone tickets' own calls among them (linked to their ticket). */
  calls: number;
  /** Engine actions taken, by name, and steps that would have come after the end. */
  counts: Record<string, number>;
  /** Actions the engine refused (none are planned: a non-empty list is a bug in the plan). */
  failures: string[];
  /** Handler accounts created for units that had none. */
  accounts: string[];
  ms: number;
}

export const DEFAULT_HISTORY_DAYS = 90;
const DEFAULT_SEED = 12345;
/** What keeps the first start under a minute on PGlite (2 cores): see the README. */
export const DEFAULT_PER_WORKING_DAY = 10;
const MATTERS: ReadonlyArray<readonly [Matter, number]> = [...DISPATCHED, ...ANSWERED, ...CLOSED_AT_INTAKE].map((m) => [m, m.weight] as const);
/** Where requests come from: the busier street offices ring more. */
const SPOT_WEIGHTS = [0.32, 0.2, 0.32, 0.16];

/**
 * The demo city's last `days` days, lived through the engine (issue 12, item 9): requests come in
 * by hour and weekday, go through intake, dispatch, signing, returns, extensions, replies, review,
 * visits, redo, appeals (where the preset has them), supervision, surge alerts and archiving, each
 * step an action of the same pipeline as the HTTP API at the moment it happens on a clock moved
 * forward. What would have happened after `end` does not: the last days' tickets are still open in
 * every state. The same seed and end give the same city.
 */
export async function generateHistory(base: Omit<AppContext, 'now'>, options: HistoryOptions = {}): Promise<HistoryResult> {
  const started = Date.now();
  const days = options.days ?? DEFAULT_HISTORY_DAYS;
  const end = options.end ?? Date.now();
  const lastDay = dayOfInstant(end);
  const firstDay = lastDay - days + 1;
  const start = startOfDay(firstDay);
  const perDay = options.perWorkingDay ?? DEFAULT_PER_WORKING_DAY;
  const seed = options.seed ?? DEFAULT_SEED;
  const rng = new Rng(seed);
  // the telephone side (issue 14): the lines beside 12345 and their units, experts, liaisons — before the
  // cast, which gives the new units their handlers; its own random sources leave the rest as it was
  await ensureLineUnits(base.db);
  const cast = await assembleCast(base.db, { reviewers: base.policy.unitReview?.default === true });
  await seedDirectory(base.db, start);
  const sim = new Sim({ ...base, classifier: rememberingClassifier(base.classifier) }, start, end);
  const switchboard = await openSwitchboard(base.db, new Rng(seed + 14));
  const w: World = { sim, rng, cast, calendar: base.calendar, policy: base.policy, callers: [], reference: rememberingReads(base.db), switchboard };

  await registerDemoDeputy(base.db, base.vault, start);
  await planSubmissions(w, new Rng(seed + 15), firstDay, lastDay);
  // the first surges a third and two thirds into the span; the last one is happening now
  const surgeDays = new Map(SURGES.map((s, i) => [s.key, firstDay + Math.floor((days * (i + 1)) / SURGES.length)]));
  // the knowledge base the agents answer from, written and searched during the history
  w.knowledge = await planKnowledge(w, new Rng(seed + 16), { firstDay, lastDay, surges: surgeDays });
  if (w.knowledge) planLookups(w, w.knowledge, firstDay, lastDay);
  const arrivals: Array<[Instant, Request]> = [];
  for (let day = firstDay; day <= lastDay; day += 1) {
    for (const t of arrivalsOn(base.calendar, day, rng, perDay)) if (t <= end) arrivals.push([t, ordinaryRequest(w)]);
  }
  // the latest requests are still in the dispatcher's queue when the history stops
  for (const [, req] of arrivals.slice(-3)) req.queued = true;
  for (const [t, req] of arrivals) sim.at(t, () => arrive(w, req));
  for (const [i, surge] of SURGES.entries()) {
    const last = i === SURGES.length - 1;
    planSurge(w, surge, last ? { until: end } : { from: surgeDays.get(surge.key)! });
  }
  sim.addJob(surgeWatch(w));

  let shown = firstDay;
  const step = Math.max(1, Math.round(days / 6));
  await sim.run((now) => {
    const day = dayOfInstant(now);
    if (day - shown >= step && day < lastDay) {
      shown = day;
      options.progress?.(`  ……已到 ${formatDay(day)}，已登记 ${sim.counts.get('register') ?? 0} 件\n`);
    }
  });

  // the switchboard's days: call records in bulk, the phone tickets' calls linked to them
  const calls = options.callsPerWorkingDay === 0 ? { calls: 0 } : await generateDemoCalls(base.db, base.vault, base.calendar, { firstDay, lastDay, end, seed, ...(options.callsPerWorkingDay ? { perWorkingDay: options.callsPerWorkingDay } : {}) });

  // The server's sender would have sent each notification within seconds: the history's are sent,
  // so the first start does not send (or print) 90 days of SMS at once.
  await base.db.query(
    `UPDATE outbox SET sent_at = LEAST(created_at + interval '5 seconds', $1), attempts = 1 WHERE sent_at IS NULL AND created_at <= $1`,
    [new Date(end)],
  );
  // and the audit records are linked into the chain, as the server does every second
  if (auditSettings().enabled) await chainPending(base.db);
  return {
    from: formatDay(firstDay),
    to: formatDay(lastDay),
    tickets: sim.counts.get('register') ?? 0,
    // the switchboard's bulk and the calls on which something happened (history/switchboard.ts)
    calls: calls.calls + switchboard.calls,
    counts: Object.fromEntries([...sim.counts].sort(([a], [b]) => a.localeCompare(b))),
    failures: sim.failures,
    accounts: cast.created,
    ms: Date.now() - started,
  };
}

function ordinaryRequest(w: World): Request {
  const matter = w.rng.weighted(MATTERS);
  const spot = w.rng.weighted(SPOTS.map((s, i) => [s, SPOT_WEIGHTS[i] ?? 0.1] as const));
  return { matter, slots: slotsAt(w.rng, spot, SHOPS) };
}

/**
 * Many callers about one matter at one place, most on the first day — or, for the surge still going
 * on, within the last hours before `until`: merged into the first call's ticket, and what the surge
 * watcher (监测预警) is there to catch.
 */
function planSurge(w: World, surge: Surge, when: { from: DayNumber } | { until: Instant }): void {
  const rng = w.rng;
  const matter = DISPATCHED.find((m) => m.key === surge.matter);
  const spot = SPOTS.find((s) => s.street === surge.street);
  if (!matter || !spot) return;
  const slots = slotsAt(rng, spot, SHOPS, { road: surge.road, ...(surge.estate ? { estate: surge.estate } : {}) });
  const times: Instant[] = [];
  for (let i = 0; i < surge.calls; i += 1) {
    if ('until' in when) {
      times.push(when.until - Math.floor(rng.between(0, 5.5) * HOUR_MS));
      continue;
    }
    const day = when.from + (i < surge.calls * 0.6 ? 0 : rng.int(1, surge.days - 1));
    const hour = rng.pick(surge.hours);
    times.push(momentIn(rng, hour < 5 ? day + 1 : day, hour));
  }
  times.sort((a, b) => a - b);
  let first: Case | undefined;
  for (const [i, t] of times.entries()) {
    const content = rng.pick(surge.contents).replace('{b}', String(rng.int(1, 18)));
    const channel = rng.weighted([['phone', 8], ['wechat', 2]] as const);
    const req: Request = i === 0
      ? { matter, slots, content, channel, onCreated: (c) => (first = c) }
      : { matter, slots: { ...slots, b: rng.int(1, 18) }, content, channel, original: () => first };
    w.sim.at(t, () => arrive(w, req));
  }
}
