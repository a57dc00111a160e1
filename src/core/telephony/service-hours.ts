import { z } from 'zod';
import { dayOfInstant, minuteOfDay, weekdayOf, type Instant } from '../calendar/civil-date.ts';

/**
 * When a line or an expert seat answers: around the clock (a sub-centre's “7×24 小时”全天候人工服务,
 * 凉山 第六条（一）), or on some weekdays between two Beijing times (an expert's 坐席时间). Pure: the
 * instant is the app's clock, read in Asia/Shanghai.
 */
export type ServiceHours = { aroundTheClock: true } | { days: number[]; from: string; to: string };

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const serviceHoursSchema = z.union([
  z.object({ aroundTheClock: z.literal(true) }).strict(),
  z
    .object({
      // 1 = 星期一 … 7 = 星期日
      days: z.array(z.number().int().min(1, '星期应为 1–7').max(7, '星期应为 1–7')).min(1, '请至少选择一天').max(7),
      from: z.string().regex(TIME, '开始时间应为 HH:MM'),
      to: z.string().regex(TIME, '结束时间应为 HH:MM'),
    })
    .strict()
    .refine((h) => h.from < h.to, { message: '结束时间应晚于开始时间', path: ['to'] }),
]);

const WEEKDAY = ['', '一', '二', '三', '四', '五', '六', '日'];
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** ISO weekday of a Beijing instant: 1 = Monday … 7 = Sunday. */
export function isoWeekday(t: Instant): number {
  const w = weekdayOf(dayOfInstant(t));
  return w === 0 ? 7 : w;
}

/** Whether the line or seat answers at this instant. */
export function answersAt(hours: ServiceHours, t: Instant): boolean {
  if ('aroundTheClock' in hours) return true;
  if (!hours.days.includes(isoWeekday(t))) return false;
  const m = minuteOfDay(t);
  return m >= minutes(hours.from) && m < minutes(hours.to);
}

/** 7×24 小时, or 周一至周五 09:00–17:30 / 周一、三、五 14:00–17:00. */
export function serviceHoursLabel(hours: ServiceHours): string {
  if ('aroundTheClock' in hours) return '7×24 小时';
  const days = [...new Set(hours.days)].sort((a, b) => a - b);
  const run = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  const dayText = days.length === 7 ? '每天' : run ? `周${WEEKDAY[days[0]!]}至周${WEEKDAY[days.at(-1)!]}` : `周${days.map((d) => WEEKDAY[d]).join('、')}`;
  return `${dayText} ${hours.from}–${hours.to}`;
}
