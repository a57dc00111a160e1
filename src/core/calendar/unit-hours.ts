import { z } from 'zod';
import type { Calendar } from './calendar.ts';
import { dayOfInstant, MINUTE_MS, minuteOfDay, startOfDay, weekdayOf, ymdFromDay, type Instant } from './civil-date.ts';
import { workingHoursSchema, type WorkingHoursConfig } from './working-hours.ts';

/**
 * A unit's own hours (issue 13 item 2). Most units keep the deployment's office hours; some keep
 * their own timetable, and some run around the clock — the units 邵阳 第二十条 names (应急、卫健、
 * 公安、生态环境、城管执法、自来水、供电、燃气) must keep a 24小时响应制度. What changes with them:
 * the working-hour clocks of that unit's shares (a 24-hour unit's run through the night) and the
 * "is the unit open now" answer the agent desk shows. Working-day clocks count working days for
 * every unit: the regulations set those in 工作日 whatever the unit's hours.
 *
 * Stored on the unit as null (the deployment's office hours) or one of these.
 */
export type UnitHours = { mode: 'aroundTheClock' } | { mode: 'own'; hours: WorkingHoursConfig };

export const unitHoursSchema = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('aroundTheClock') }).strict(),
    z.object({ mode: z.literal('own'), hours: workingHoursSchema }).strict(),
  ],
  { error: '作息方式应为 aroundTheClock（24小时）或 own（本单位办公时段）' },
);

export const UNIT_HOURS_LABELS = { office: '按系统办公时段', aroundTheClock: '24小时', own: '本单位办公时段' } as const;

/** How a unit's hours read in a list: 24小时, its own windows, or the deployment's. */
export function unitHoursLabel(h: UnitHours | null): string {
  if (!h) return UNIT_HOURS_LABELS.office;
  if (h.mode === 'aroundTheClock') return UNIT_HOURS_LABELS.aroundTheClock;
  const main = h.hours.schedules.find((s) => s.from === undefined) ?? h.hours.schedules[0]!;
  return `${UNIT_HOURS_LABELS.own} ${main.windows.join('、')}${h.hours.schedules.length > 1 ? ' 等' : ''}`;
}

// One calendar per base calendar and hours: the index a calendar builds is worth keeping.
const cache = new WeakMap<Calendar, Map<string, Calendar>>();

/** The calendar a unit's clocks run on: the deployment's days with the unit's own hours. */
export function unitCalendar(base: Calendar, h: UnitHours | null): Calendar {
  if (!h) return base;
  const key = h.mode === 'aroundTheClock' ? '24h' : JSON.stringify(h.hours);
  let byKey = cache.get(base);
  if (!byKey) cache.set(base, (byKey = new Map()));
  let cal = byKey.get(key);
  if (!cal) byKey.set(key, (cal = base.withHours(h.mode === 'aroundTheClock' ? 'aroundTheClock' : h.hours)));
  return cal;
}

export interface OpenState {
  open: boolean;
  aroundTheClock: boolean;
  /** While open: when the current window closes (null around the clock). */
  closesAt: Instant | null;
  /** While closed: when the next window opens. */
  opensAt: Instant | null;
}

/** Whether a unit on this calendar is at work at `at`, and when that changes. */
export function openState(calendar: Calendar, at: Instant): OpenState {
  if (calendar.aroundTheClock) return { open: true, aroundTheClock: true, closesAt: null, opensAt: null };
  const today = dayOfInstant(at);
  const minute = minuteOfDay(at);
  if (calendar.isWorkingDay(today)) {
    for (const [s, e] of calendar.hours.windowsOf(today)) {
      if (minute >= s && minute < e) return { open: true, aroundTheClock: false, closesAt: startOfDay(today) + e * MINUTE_MS, opensAt: null };
      if (minute < s) return { open: false, aroundTheClock: false, closesAt: null, opensAt: startOfDay(today) + s * MINUTE_MS };
    }
  }
  const next = calendar.addWorkingDays(today, 1);
  return { open: false, aroundTheClock: false, closesAt: null, opensAt: startOfDay(next) + calendar.hours.windowsOf(next)[0]![0] * MINUTE_MS };
}

const WEEKDAYS = '日一二三四五六';
const hhmm = (t: Instant) => {
  const m = Math.round(minuteOfDay(t));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** When, said as an agent would say it to a caller: 今天 14:00, 明天 08:30, 12月7日（周一）08:30. */
export function whenLabel(t: Instant, now: Instant): string {
  const d = dayOfInstant(t);
  const today = dayOfInstant(now);
  if (d === today) return `今天 ${hhmm(t)}`;
  if (d === today + 1) return `明天 ${hhmm(t)}`;
  const { month, day } = ymdFromDay(d);
  return `${month}月${day}日（周${WEEKDAYS[weekdayOf(d)]}）${hhmm(t)}`;
}

/** 24小时值守 / 办公中，至 17:30 / 已下班，明天 08:30 上班. */
export function openLabel(s: OpenState, now: Instant): string {
  if (s.aroundTheClock) return '24小时值守';
  if (s.open) return `办公中，至 ${hhmm(s.closesAt!)}`;
  return `非办公时间，${whenLabel(s.opensAt!, now)} 上班`;
}
