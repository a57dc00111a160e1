import { describe, expect, it } from 'vitest';
import { parseDay } from '../calendar/civil-date.ts';
import { changeOf } from './change.ts';
import { parseMonth, parseQuarter, parseYear, periodLabel, periodText, previousPeriod, sameLastYear, type Period } from './periods.ts';

const span = (from: string, to: string): Period => ({ from: parseDay(from), to: parseDay(to) });

describe('report periods', () => {
  it('reads a month, a quarter and a year', () => {
    expect(periodText(parseMonth('2026-02'))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodText(parseQuarter('2026-Q4'))).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodText(parseYear('2028'))).toEqual({ from: '2028-01-01', to: '2028-12-31' });
    expect(() => parseMonth('2026-13')).toThrow('YYYY-MM');
    expect(() => parseQuarter('2026-Q5')).toThrow('季度');
  });

  it('compares whole months with the months before and a year before, other spans day for day', () => {
    expect(periodText(previousPeriod(parseMonth('2026-03')))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodText(previousPeriod(parseMonth('2026-01')))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(periodText(previousPeriod(parseQuarter('2026-Q1')))).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(periodText(previousPeriod(span('2026-11-10', '2026-11-19')))).toEqual({ from: '2026-10-31', to: '2026-11-09' });
    expect(periodText(sameLastYear(parseMonth('2028-02')))).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(periodText(sameLastYear(span('2028-02-20', '2028-02-29')))).toEqual({ from: '2027-02-20', to: '2027-02-28' });
  });

  it('names periods as a Chinese reader does', () => {
    expect(periodLabel(parseMonth('2026-11'))).toBe('2026年11月');
    expect(periodLabel(parseQuarter('2026-Q4'))).toBe('2026年第四季度');
    expect(periodLabel(parseYear('2026'))).toBe('2026年');
    expect(periodLabel(span('2026-11-01', '2026-11-20'))).toBe('2026-11-01 至 2026-11-20');
  });
});

describe('环比 change', () => {
  it('is this period minus the previous one; a rank moving from 5th to 2nd is 3 up', () => {
    const now = { received: 10, score: 91.5, rank: 2, onTimeRate: 0.9, responseRate: 1, resolutionRate: null, satisfactionRate: 0.8 };
    const before = { received: 7, score: 80.25, rank: 5, onTimeRate: 0.7, responseRate: 1, resolutionRate: 0.5, satisfactionRate: 0.9 };
    expect(changeOf(now, before)).toEqual({ received: 3, score: 11.25, rank: 3, onTimeRate: 0.2, responseRate: 0, resolutionRate: null, satisfactionRate: -0.1 });
    expect(changeOf(now, null)).toMatchObject({ received: 10, score: null, rank: null });
  });
});
