import { describe, expect, it } from 'vitest';
import { parseDay } from '../../src/core/calendar/civil-date.ts';
import { monthOf, periodParts } from '../../src/server/analytics/rollups/months.ts';

/** The days a split stands for: each month's days, plus the days added, less the days taken off. */
function daysOf(parts: ReturnType<typeof periodParts>): Map<number, number> {
  const weight = new Map<number, number>();
  const add = (d: number, w: number) => weight.set(d, (weight.get(d) ?? 0) + w);
  for (const m of parts.months) for (let d = m; monthOf(d) === m; d += 1) add(d, 1);
  for (const d of parts.plus) add(d, 1);
  for (const d of parts.minus) add(d, -1);
  for (const [d, w] of weight) if (w === 0) weight.delete(d);
  return weight;
}

describe('a period split into monthly and daily rollup rows (rollups/months.ts)', () => {
  it('stands for exactly the days of the period, whatever its ends', () => {
    const start = parseDay('2027-01-20');
    for (let from = start; from < start + 70; from += 3) {
      for (let to = from; to < from + 120; to += 7) {
        const w = daysOf(periodParts(from, to));
        const expected = new Map(Array.from({ length: to - from + 1 }, (_, i) => [from + i, 1] as [number, number]));
        expect(w, `${from}…${to}`).toEqual(expected);
      }
    }
  });

  it('reads a whole month from its monthly row alone, and a month mostly covered less its other days', () => {
    expect(periodParts(parseDay('2026-11-01'), parseDay('2026-11-30'))).toEqual({ months: [parseDay('2026-11-01')], plus: [], minus: [] });
    expect(periodParts(parseDay('2026-10-02'), parseDay('2026-10-31'))).toEqual({ months: [parseDay('2026-10-01')], plus: [], minus: [parseDay('2026-10-01')] });
    // February of a leap year, and a few days read as days
    expect(periodParts(parseDay('2028-02-01'), parseDay('2028-03-03'))).toEqual({
      months: [parseDay('2028-02-01')],
      plus: [parseDay('2028-03-01'), parseDay('2028-03-02'), parseDay('2028-03-03')],
      minus: [],
    });
    expect(monthOf(parseDay('2028-02-29'))).toBe(parseDay('2028-02-01'));
  });
});
