import ICAL from 'ical.js';
import { z } from 'zod';
import { formatDay, parseDay, type DayNumber } from './civil-date.ts';
import type { SpecialDay } from './day-kind.ts';

/**
 * Calendar overrides: the official arrangement of a year as soon as it is published (so a
 * deployment need not wait for a package update), local extra days off, and per-unit calendars.
 *
 * JSON form:
 * {
 *   "name": "2027年部分节假日安排",
 *   "official": [2027],              // these years are replaced whole by the days below
 *   "days": [
 *     { "date": "2027-02-05", "to": "2027-02-12", "work": false, "name": "春节" },
 *     { "date": "2027-02-14", "work": true, "name": "春节调休上班" }
 *   ]
 * }
 * Without "official", the days are laid over whatever the year already has (local days off).
 */

const isoDay = z.string().refine(
  (s) => {
    try {
      parseDay(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: '日期应为存在的 YYYY-MM-DD' },
);

export const overrideFileSchema = z
  .object({
    name: z.string().min(1).optional(),
    official: z.array(z.number().int().min(2004).max(2099)).optional(),
    days: z
      .array(
        z
          .object({
            date: isoDay,
            to: isoDay.optional(),
            work: z.boolean(),
            name: z.string().min(1, '请写明放假或上班的事由'),
          })
          .strict()
          .refine((d) => !d.to || d.to >= d.date, { message: '结束日期不能早于开始日期' }),
      )
      .min(1, '至少应有一天'),
  })
  .strict();

export type OverrideFile = z.infer<typeof overrideFileSchema>;

export interface CalendarOverride {
  name: string;
  /** Years whose national arrangement this override replaces whole. */
  officialYears: number[];
  days: SpecialDay[];
}

export function overrideFromJson(data: unknown, fallbackName = '自定义日历'): CalendarOverride {
  const file = overrideFileSchema.parse(data);
  const days: SpecialDay[] = [];
  for (const entry of file.days) {
    const from = parseDay(entry.date);
    const to = entry.to ? parseDay(entry.to) : from;
    for (let d = from; d <= to; d += 1) days.push({ day: d, work: entry.work, name: entry.name });
  }
  const officialYears = file.official ?? [];
  for (const year of officialYears) {
    if (!days.some((d) => !d.work && formatDay(d.day).startsWith(`${year}-`))) {
      throw new z.ZodError([
        { code: 'custom', path: ['official'], message: `${year}年标为官方安排，但文件中没有该年的放假日`, input: year },
      ]);
    }
  }
  return { name: file.name ?? fallbackName, officialYears, days };
}

/** Summaries that mark a worked day in the usual Chinese holiday feeds: 班, 上班, 补班, 调休上班. */
const WORK_SUMMARY = /班|工作日/;

/**
 * An iCalendar file of all-day events: each event is a span of days off, or of working days when
 * its summary says 班 (the convention of the public Chinese holiday feeds, e.g. "春节 班").
 */
export function overrideFromIcs(text: string, options: { name?: string; officialYears?: number[] } = {}): CalendarOverride {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new Error(`无法解析 ICS 文件：${(error as Error).message}`, { cause: error });
  }
  const days: SpecialDay[] = [];
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    const start = event.startDate;
    if (!start) continue;
    const first = parseDay(`${start.year}-${pad(start.month)}-${pad(start.day)}`);
    let last = first;
    const end = event.endDate;
    if (end) {
      // DTEND of an all-day event is exclusive (RFC 5545 §3.6.1).
      last = parseDay(`${end.year}-${pad(end.month)}-${pad(end.day)}`) - (end.isDate ? 1 : 0);
      if (last < first) last = first;
    }
    const summary = (event.summary || '').trim();
    const work = WORK_SUMMARY.test(summary);
    const name = summary.replace(/[（(]?(休|班|假)[)）]?$/u, '').trim() || (work ? '上班' : '放假');
    for (let d: DayNumber = first; d <= last; d += 1) days.push({ day: d, work, name });
  }
  if (days.length === 0) throw new Error('ICS 文件中没有全天事件');
  return { name: options.name ?? root.getFirstPropertyValue('x-wr-calname')?.toString() ?? 'ICS 日历', officialYears: options.officialYears ?? [], days };
}

const pad = (n: number) => String(n).padStart(2, '0');
