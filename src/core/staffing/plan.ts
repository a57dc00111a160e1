import type { DayNumber } from '../calendar/civil-date.ts';
import { agentsForAnswerRate } from './erlang-a.ts';
import { agentsFor } from './erlang-c.ts';

/**
 * 坐席测算 (issue 14 item 5): a forecast of a day's calls per half-hour from the call history, and the
 * agents each half-hour needs for the service targets, beside the agents scheduled. Pure.
 *
 * The forecast of a half-hour is the mean of the same half-hour on the same weekday over the last
 * `weeks` weeks that had calls (a week before the history began does not count as a quiet one).
 * Two targets: GB/T 33358-2016's 15-second answer (default 80 % within 15 s, Erlang C) and the
 * 接通率 of 凉山 第十条 (at least 95 % of offered calls answered, Erlang A with the callers' patience
 * as measured); a half-hour needs the larger of the two.
 */
export const HALF_HOURS = 48;

export interface HalfHourCount {
  day: DayNumber;
  /** 0 = 00:00–00:30 … 47 = 23:30–24:00 (Beijing time). */
  half: number;
  calls: number;
}

export interface Forecast {
  /** Expected calls in each half-hour. */
  calls: number[];
  /** The earlier same weekdays the forecast is the mean of. */
  days: DayNumber[];
}

export function forecastDay(day: DayNumber, history: readonly HalfHourCount[], weeks: number): Forecast {
  const byDay = new Map<DayNumber, number[]>();
  for (const h of history) {
    if (h.half < 0 || h.half >= HALF_HOURS) continue;
    let halves = byDay.get(h.day);
    if (!halves) byDay.set(h.day, (halves = Array.from({ length: HALF_HOURS }, () => 0)));
    halves[h.half]! += h.calls;
  }
  const days: DayNumber[] = [];
  for (let w = 1; w <= weeks; w++) if (byDay.has(day - 7 * w)) days.push(day - 7 * w);
  const calls = Array.from({ length: HALF_HOURS }, (_, half) => (days.length ? days.reduce((s, d) => s + byDay.get(d)![half]!, 0) / days.length : 0));
  return { calls, days };
}

export interface PlanTargets {
  /** 15-second answer: the share answered within `answerWithinSeconds`. */
  serviceLevel: number;
  answerWithinSeconds: number;
  /** 接通率: the share of offered calls answered. */
  answerRate: number;
}

/** GB/T 33358-2016 (80 % within 15 s) and 凉山 第十条 (接通率 ≥ 95 %). */
export const DEFAULT_TARGETS: PlanTargets = { serviceLevel: 0.8, answerWithinSeconds: 15, answerRate: 0.95 };

export interface PlanSlot {
  /** `09:30` */
  time: string;
  forecastCalls: number;
  /** Agents for the 15-second answer (Erlang C). */
  agentsForServiceLevel: number;
  /** Agents for the 接通率 (Erlang A). */
  agentsForAnswerRate: number;
  /** The larger of the two; 0 where no call is expected. */
  agentsNeeded: number;
  scheduled: number | null;
  /** scheduled − needed (negative: short). */
  gap: number | null;
}

export const halfHourLabel = (half: number) => `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`;

/**
 * The agents each half-hour needs for `calls` expected in it. `scheduled` per half-hour, when there
 * is a roster to compare with.
 */
export function staffingPlan(calls: readonly number[], basis: { ahtSeconds: number; patienceSeconds: number }, scheduled: readonly number[] | null, targets: PlanTargets = DEFAULT_TARGETS): PlanSlot[] {
  return calls.map((expected, half) => {
    const callsPerHour = expected * 2;
    const none = expected <= 0;
    const sl = none ? 0 : agentsFor({ callsPerHour, ahtSeconds: basis.ahtSeconds, answerWithinSeconds: targets.answerWithinSeconds, target: targets.serviceLevel }).agents;
    const ar = none ? 0 : agentsForAnswerRate({ callsPerHour, ahtSeconds: basis.ahtSeconds, patienceSeconds: basis.patienceSeconds, target: targets.answerRate }).agents;
    const needed = Math.max(sl, ar);
    const have = scheduled ? (scheduled[half] ?? 0) : null;
    return { time: halfHourLabel(half), forecastCalls: Math.round(expected * 10) / 10, agentsForServiceLevel: sl, agentsForAnswerRate: ar, agentsNeeded: needed, scheduled: have, gap: have === null ? null : have - needed };
  });
}
