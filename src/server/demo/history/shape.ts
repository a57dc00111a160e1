import type { Calendar } from '../../../core/calendar/calendar.ts';
import { dayOfInstant, HOUR_MS, MINUTE_MS, startOfDay, weekdayOf, type DayNumber, type Instant } from '../../../core/calendar/civil-date.ts';
import type { Rng } from '../../../core/random.ts';

/**
 * When people ring a city hotline: peaks mid-morning and mid-afternoon, a dip at lunch, few calls
 * at night; Mondays busiest, weekends and holidays at under half (调休 Saturdays are worked and ring
 * like a weekday). And when the people who answer them are at their desks.
 */
const HOUR_WEIGHTS = [0.4, 0.25, 0.15, 0.1, 0.1, 0.2, 0.5, 1.2, 3, 6, 7, 6.2, 3.2, 3, 5.5, 6.5, 6.2, 5, 3.2, 2.6, 2.2, 1.6, 1.1, 0.7];
const HOURS = HOUR_WEIGHTS.map((w, h) => [h, w] as const);
/** Sunday … Saturday, for working days (a 调休 weekend day is worked: a quiet working day). */
const WORKDAY_FACTOR = [0.9, 1.15, 1.05, 1, 1, 0.95, 0.9];
const DAY_OFF_FACTOR = 0.45;
const HOLIDAY_FACTOR = 0.4;

/** Expected registrations on a day, relative to an ordinary working day. */
export function dayFactor(calendar: Calendar, day: DayNumber): number {
  const info = calendar.dayInfo(day);
  if (info.working) return WORKDAY_FACTOR[weekdayOf(day)]!;
  return info.kind === 'holiday' ? HOLIDAY_FACTOR : DAY_OFF_FACTOR;
}

/** The moments requests come in on `day`, in order: about `perWorkingDay` × the day's factor. */
export function arrivalsOn(calendar: Calendar, day: DayNumber, rng: Rng, perWorkingDay: number): Instant[] {
  const mean = perWorkingDay * dayFactor(calendar, day);
  const n = Math.max(0, Math.round(rng.normal(mean, mean * 0.12)));
  const out: Instant[] = [];
  for (let i = 0; i < n; i += 1) out.push(momentIn(rng, day, rng.weighted(HOURS)));
  return out.sort((a, b) => a - b);
}

/** A random moment within the hour `hour` of `day` (Beijing time). */
export function momentIn(rng: Rng, day: DayNumber, hour: number): Instant {
  return startOfDay(day) + hour * HOUR_MS + Math.floor(rng.next() * HOUR_MS / 1000) * 1000;
}

/**
 * The hotline's back office (dispatch, review, visits) works every day, 08:00–22:00: work that comes
 * in at night waits for the morning shift, which takes it up within its first hour and a half.
 */
export function centerTime(rng: Rng, t: Instant, open = 8, close = 22): Instant {
  const day = dayOfInstant(t);
  const hour = (t - startOfDay(day)) / HOUR_MS;
  if (hour >= open && hour < close) return t;
  const next = hour < open ? day : day + 1;
  return startOfDay(next) + open * HOUR_MS + Math.floor(rng.between(5, 90)) * MINUTE_MS;
}

/** `hours` of office time after t (units work on working days, in office hours: the calendar's). */
export function unitTime(calendar: Calendar, t: Instant, hours: number): Instant {
  return calendar.addWorkingHours(t, Math.max(hours, 0.05));
}

/** A moment in office hours on the working day `n` working days after t's day (0: t's own day, later than t). */
export function onWorkingDay(calendar: Calendar, rng: Rng, t: Instant, n: number): Instant {
  if (n <= 0) return unitTime(calendar, t, rng.between(0.3, 3));
  const day = calendar.addWorkingDays(dayOfInstant(t), n);
  return unitTime(calendar, startOfDay(day), rng.between(0.2, 6.5));
}
