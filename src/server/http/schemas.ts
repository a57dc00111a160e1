import { z } from 'zod';
import { FIRST_YEAR, LAST_YEAR } from '../../core/calendar/calendar.ts';
import { parseDay, parseInstant, yearOfDay, dayOfInstant } from '../../core/calendar/civil-date.ts';

/**
 * Shared zod pieces for route schemas: ids, days and instants that are refused with a clear 422
 * before they reach PostgreSQL (which answers an impossible uuid or date with an error, i.e. a 500).
 */

export const uuid = z.string().uuid('应为有效的编号（UUID）');

/** `:id` of any route whose rows are keyed by uuid. */
export const uuidParams = z.object({ id: uuid }).strict();

/** Years a stored date may have: the calendar's years (2004–2099) for clocks, wider for other dates. */
export interface YearRange {
  min: number;
  max: number;
}
export const ANY_YEAR: YearRange = { min: 1900, max: LAST_YEAR };
export const CALENDAR_YEARS: YearRange = { min: FIRST_YEAR, max: LAST_YEAR };

/** Whether text is a YYYY-MM-DD day that exists (not 2026-02-30) and lies within the years. */
export function isDay(text: string, years: YearRange = ANY_YEAR): boolean {
  try {
    const year = yearOfDay(parseDay(text));
    return year >= years.min && year <= years.max;
  } catch {
    return false;
  }
}

/** Whether text is an ISO 8601 date or date-time that exists and lies within the years (Beijing day). */
export function isInstant(text: string, years: YearRange = ANY_YEAR): boolean {
  try {
    const year = yearOfDay(dayOfInstant(parseInstant(text)));
    return year >= years.min && year <= years.max;
  } catch {
    return false;
  }
}

/** A calendar day, YYYY-MM-DD, checked to exist. */
export const day = (years: YearRange = ANY_YEAR) =>
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine((s) => isDay(s, years), `日期应为 ${years.min}–${years.max} 年间真实存在的日期（YYYY-MM-DD）`);

/** A date or a time (ISO 8601; Beijing time without an offset), checked to exist. */
export const instant = (years: YearRange = ANY_YEAR) =>
  z
    .string()
    .max(40)
    .refine((s) => isInstant(s, years), `应为 ${years.min}–${years.max} 年间的日期或时间，例如 2026-12-01 或 2026-12-01T17:30:00+08:00`);
