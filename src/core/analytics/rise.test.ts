import { describe, expect, it } from 'vitest';
import { riseP } from './rise.ts';

describe('riseP', () => {
  it('is the exact binomial tail', () => {
    // 10 vs 0: P(X ≥ 10 | n = 10, p = ½) = 1/1024
    expect(riseP(10, 0)).toBeCloseTo(1 / 1024, 10);
    // 3 vs 1: P(X ≥ 3 | n = 4) = (4 + 1) / 16
    expect(riseP(3, 1)).toBeCloseTo(5 / 16, 10);
  });
  it('finds no rise in equal or falling counts, or in nothing', () => {
    expect(riseP(5, 5)).toBeGreaterThan(0.5);
    expect(riseP(2, 9)).toBeGreaterThan(0.9);
    expect(riseP(0, 0)).toBe(1);
  });
  it('stays finite for large counts and weighs unequal periods', () => {
    const p = riseP(1200, 1000);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.001);
    // 31 days against 30: the same daily rate is no rise
    expect(riseP(31, 30, 31, 30)).toBeGreaterThan(0.4);
  });
});
