/**
 * Civil dates and instants in China Standard Time.
 *
 * Every clock of the platform runs on Beijing time (UTC+08:00, no daylight saving since 1991),
 * whatever the time zone of the process. We therefore never use the local-time methods of `Date`:
 * a civil date is an integer day number (days since 1970-01-01) and an instant is epoch milliseconds.
 */

/** Days since 1970-01-01 of a civil date. */
export type DayNumber = number;
/** Milliseconds since the Unix epoch. */
export type Instant = number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Beijing time is UTC+8 all year (no DST since 1991), so a fixed offset is exact for our range. */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export class DateInputError extends Error {
  override name = 'DateInputError';
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil, integer only). */
export function dayFromYmd(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of dayFromYmd (civil_from_days). */
export function ymdFromDay(days: DayNumber): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatDay(day: DayNumber): string {
  const { year, month, day: d } = ymdFromDay(day);
  return `${year}-${pad2(month)}-${pad2(d)}`;
}

/** Parses `YYYY-MM-DD`, rejecting impossible dates such as 2026-02-30. Hot path: no regex. */
export function parseDay(text: string): DayNumber {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) {
    throw new DateInputError(`日期格式应为 YYYY-MM-DD：${text}`);
  }
  let year = 0;
  let month = 0;
  let d = 0;
  for (let i = 0; i < 10; i += 1) {
    if (i === 4 || i === 7) continue;
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) throw new DateInputError(`日期格式应为 YYYY-MM-DD：${text}`);
    if (i < 4) year = year * 10 + c;
    else if (i < 7) month = month * 10 + c;
    else d = d * 10 + c;
  }
  if (month < 1 || month > 12 || d < 1 || d > daysInMonth(year, month)) {
    throw new DateInputError(`不存在的日期：${text}`);
  }
  return dayFromYmd(year, month, d);
}

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 date or date-time. Without an offset the text is read as Beijing time,
 * which is what a clerk typing "2026-10-09 16:00" means.
 */
export function parseInstant(text: string): Instant {
  const m = INSTANT_RE.exec(text.trim());
  if (!m) throw new DateInputError(`时间格式应为 ISO 8601，例如 2026-10-09T16:00:00+08:00：${text}`);
  const day = parseDay(`${m[1]}-${m[2]}-${m[3]}`);
  const hh = Number(m[4] ?? 0);
  const mm = Number(m[5] ?? 0);
  const ss = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  if (hh > 23 || mm > 59 || ss > 59) throw new DateInputError(`不存在的时刻：${text}`);
  let offset = SHANGHAI_OFFSET_MS;
  const zone = m[8];
  if (zone === 'Z') offset = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * HOUR_MS + Number(digits.slice(2)) * MINUTE_MS);
  }
  return day * DAY_MS + hh * HOUR_MS + mm * MINUTE_MS + ss * 1000 + ms - offset;
}

/** The Beijing civil day an instant falls on. */
export function dayOfInstant(t: Instant): DayNumber {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** Minutes since Beijing midnight. */
export function minuteOfDay(t: Instant): number {
  return ((t + SHANGHAI_OFFSET_MS) - dayOfInstant(t) * DAY_MS) / MINUTE_MS;
}

/** The instant of Beijing midnight that starts a civil day. */
export function startOfDay(day: DayNumber): Instant {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** `2026-10-09T16:00:00+08:00`; milliseconds are shown only when present. */
export function formatInstant(t: Instant): string {
  const local = new Date(t + SHANGHAI_OFFSET_MS);
  const ms = local.getUTCMilliseconds();
  const base =
    `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` +
    `T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}`;
  return `${base}${ms ? `.${String(ms).padStart(3, '0')}` : ''}+08:00`;
}

export function yearOfDay(day: DayNumber): number {
  return ymdFromDay(day).year;
}
