import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromYmd, formatInstant, parseDay, parseInstant, weekdayOf, ymdFromDay } from './civil-date.ts';

describe('civil dates', () => {
  it('matches Date.UTC for every day from 1900 to 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25567, max: 84000 }), (n) => {
        const d = new Date(n * 86_400_000);
        const ymd = ymdFromDay(n);
        return (
          ymd.year === d.getUTCFullYear() &&
          ymd.month === d.getUTCMonth() + 1 &&
          ymd.day === d.getUTCDate() &&
          dayFromYmd(ymd.year, ymd.month, ymd.day) === n
        );
      }),
      { numRuns: 20000 },
    );
  });

  it('knows weekdays: 2026-02-14 was a Saturday', () => {
    expect(weekdayOf(parseDay('2026-02-14'))).toBe(6);
  });

  it('rejects impossible or malformed dates in Chinese', () => {
    expect(() => parseDay('2026-02-29')).toThrow('不存在的日期');
    expect(parseDay('2024-02-29')).toBe(dayFromYmd(2024, 2, 29));
    expect(() => parseDay('2026-2-1')).toThrow('YYYY-MM-DD');
    expect(() => parseDay('2026-0a-01')).toThrow('YYYY-MM-DD');
  });

  it('reads instants without an offset as Beijing time and prints them at +08:00', () => {
    expect(formatInstant(parseInstant('2026-10-09 16:00'))).toBe('2026-10-09T16:00:00+08:00');
    expect(formatInstant(parseInstant('2026-10-09T08:00:00Z'))).toBe('2026-10-09T16:00:00+08:00');
    expect(formatInstant(parseInstant('2026-10-09T03:00:00-05:00'))).toBe('2026-10-09T16:00:00+08:00');
    expect(() => parseInstant('2026-10-09T25:00')).toThrow('不存在的时刻');
    expect(() => parseInstant('yesterday')).toThrow('ISO 8601');
  });
});
