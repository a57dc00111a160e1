import { dayFromYmd, formatDay, ymdFromDay, type DayNumber } from '../calendar/civil-date.ts';

/**
 * Report periods (重庆 第二十条 简报、专报; 凉山 第十九条 月报、季报、年报和专报): a month, a quarter, a
 * year, or any span of days; and the periods each is compared with — the one just before (环比) and
 * the same dates a year before (同比). Beijing days, both ends included.
 */
export interface Period {
  from: DayNumber;
  to: DayNumber;
}

export class PeriodInputError extends Error {}

const lastDayOfMonth = (year: number, month: number) => dayFromYmd(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - 1;

export function monthPeriod(year: number, month: number): Period {
  return { from: dayFromYmd(year, month, 1), to: lastDayOfMonth(year, month) };
}

/** `YYYY-MM` → that month. */
export function parseMonth(text: string): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new PeriodInputError('月份格式应为 YYYY-MM');
  return monthPeriod(Number(m[1]), Number(m[2]));
}

/** `YYYY-Q1` … `YYYY-Q4` → that quarter. */
export function parseQuarter(text: string): Period {
  const m = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (!m) throw new PeriodInputError('季度格式应为 YYYY-Q1 至 YYYY-Q4');
  const first = (Number(m[2]) - 1) * 3 + 1;
  return { from: dayFromYmd(Number(m[1]), first, 1), to: lastDayOfMonth(Number(m[1]), first + 2) };
}

/** `YYYY` → that year. */
export function parseYear(text: string): Period {
  if (!/^\d{4}$/.test(text)) throw new PeriodInputError('年份格式应为 YYYY');
  return { from: dayFromYmd(Number(text), 1, 1), to: dayFromYmd(Number(text), 12, 31) };
}

/** How many whole calendar months the period is, or null when it does not start on a 1st and end on a month's last day. */
export function wholeMonths(p: Period): number | null {
  const a = ymdFromDay(p.from);
  const b = ymdFromDay(p.to);
  if (a.day !== 1 || p.to !== lastDayOfMonth(b.year, b.month)) return null;
  const n = (b.year - a.year) * 12 + (b.month - a.month) + 1;
  return n > 0 ? n : null;
}

/**
 * The period just before, as long: for whole calendar months the same number of months before
 * (November's is October, not the 30 days before it), otherwise the same number of days before.
 */
export function previousPeriod(p: Period): Period {
  const months = wholeMonths(p);
  if (months === null) {
    const days = p.to - p.from + 1;
    return { from: p.from - days, to: p.from - 1 };
  }
  const { year, month } = ymdFromDay(p.from);
  const index = year * 12 + (month - 1) - months;
  return { from: dayFromYmd(Math.floor(index / 12), (index % 12) + 1, 1), to: p.from - 1 };
}

/** The same dates a year before (29 February falls back to the 28th). */
export function yearBefore(day: DayNumber): DayNumber {
  const { year, month, day: d } = ymdFromDay(day);
  return month === 2 && d === 29 ? dayFromYmd(year - 1, 2, 28) : dayFromYmd(year - 1, month, d);
}

export function sameLastYear(p: Period): Period {
  const months = wholeMonths(p);
  if (months !== null) {
    // whole months stay whole (February of a leap year against February before it)
    const to = ymdFromDay(p.to);
    return { from: yearBefore(p.from), to: lastDayOfMonth(to.year - 1, to.month) };
  }
  return { from: yearBefore(p.from), to: yearBefore(p.to) };
}

/** The period as a Chinese reader names it: 2026年11月, 2026年第四季度, 2026年, or 2026-11-01 至 2026-11-20. */
export function periodLabel(p: Period): string {
  const a = ymdFromDay(p.from);
  const months = wholeMonths(p);
  if (months === 1) return `${a.year}年${a.month}月`;
  if (months === 3 && (a.month - 1) % 3 === 0) return `${a.year}年第${'一二三四'[(a.month - 1) / 3]}季度`;
  if (months === 12 && a.month === 1) return `${a.year}年`;
  return `${formatDay(p.from)} 至 ${formatDay(p.to)}`;
}

/** The period as `{from, to}` texts. */
export const periodText = (p: Period) => ({ from: formatDay(p.from), to: formatDay(p.to) });
