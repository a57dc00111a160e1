import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, EMPTY_COUNTS, evaluationSettingsSchema, rankWithin, ratesOf, scoreOf } from './indicators.ts';

describe('indicators', () => {
  it('rounds rates to 4 places and leaves a rate with nothing to count empty', () => {
    const r = ratesOf({ ...EMPTY_COUNTS, received: 3, onTime: 2, overdue: 1, rated: 0 });
    expect(r.onTimeRate).toBe(0.6667);
    expect(r.satisfactionRate).toBeNull();
    expect(r.extensionRate).toBe(0);
  });

  it('scores the weighted rates that exist, counting a lower-is-better rate as its complement', () => {
    const rates = ratesOf({ ...EMPTY_COUNTS, received: 10, returned: 2, onTime: 8, overdue: 0 });
    // on time 1.0 (weight 0.3), return rate 0.2 → 0.8 (weight 0.05), extension 0 → 1 (0.05), redo 0 (weight 0); no visits yet
    expect(scoreOf(rates, DEFAULT_WEIGHTS)).toBe(Math.round(((0.3 * 1 + 0.05 * 0.8 + 0.05 * 1) / 0.4) * 10_000) / 100);
    expect(scoreOf(ratesOf(EMPTY_COUNTS), DEFAULT_WEIGHTS)).toBeNull();
  });

  it('ranks within each peer group; equal scores share a rank; no score, no rank', () => {
    const ranked = rankWithin([
      { group: 'street', score: 80 },
      { group: 'street', score: 90 },
      { group: 'street', score: 80 },
      { group: 'department', score: 50 },
      { group: 'street', score: null },
    ]);
    expect(ranked.map((r) => r.rank)).toEqual([2, 1, 2, 1, null]);
  });

  it('takes partial weights (the rest are 0) and refuses negative ones', () => {
    expect(evaluationSettingsSchema.parse({ weights: { onTimeRate: 1 } }).weights).toMatchObject({ onTimeRate: 1, satisfactionRate: 0 });
    expect(evaluationSettingsSchema.parse({}).weights).toEqual(DEFAULT_WEIGHTS);
    expect(evaluationSettingsSchema.safeParse({ weights: { onTimeRate: -0.1 } }).success).toBe(false);
  });
});
