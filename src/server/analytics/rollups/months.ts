import { dayFromYmd, ymdFromDay } from '../../../core/calendar/civil-date.ts';

/** The first day of the month a Beijing day falls in: the key of the monthly rollups (beijing_month in SQL). */
export function monthOf(day: number): number {
  const { year, month } = ymdFromDay(day);
  return dayFromYmd(year, month, 1);
}

function nextMonth(first: number): number {
  const { year, month } = ymdFromDay(first);
  return month === 12 ? dayFromYmd(year + 1, 1, 1) : dayFromYmd(year, month + 1, 1);
}

/**
 * A period of days read from a monthly rollup and its daily one: `months` whole from the monthly
 * rows, plus the daily rows of `plus`, minus the daily rows of `minus`. A month the period covers
 * for the most part is read whole, less its days outside the period (November 2 – 30 is November
 * less the 1st); a month it touches for the lesser part is read day by day. So a month's scorecard
 * reads one row per unit instead of thirty, and any period reads at most about half a month of
 * days at each end.
 */
export interface PeriodParts {
  months: number[];
  plus: number[];
  minus: number[];
}

export function periodParts(from: number, to: number): PeriodParts {
  const parts: PeriodParts = { months: [], plus: [], minus: [] };
  for (let first = monthOf(from); first <= to; first = nextMonth(first)) {
    const last = nextMonth(first) - 1;
    const [a, b] = [Math.max(from, first), Math.min(to, last)];
    const inside = b - a + 1;
    if (last - first + 1 - inside < inside) {
      parts.months.push(first);
      for (let d = first; d < a; d += 1) parts.minus.push(d);
      for (let d = b + 1; d <= last; d += 1) parts.minus.push(d);
    } else {
      for (let d = a; d <= b; d += 1) parts.plus.push(d);
    }
  }
  return parts;
}
