import { describe, expect, it } from 'vitest';
import { judgeSurge, poissonTail } from './warning.ts';

describe('监测预警 rule', () => {
  it('computes the Poisson tail exactly', () => {
    // P(X ≥ 1 | λ = 2) = 1 − e^−2
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    // P(X ≥ 3 | λ = 1) = 1 − e^−1 (1 + 1 + ½)
    expect(poissonTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 12);
    expect(poissonTail(0, 5)).toBe(1);
    expect(poissonTail(200, 3)).toBeGreaterThan(0);
  });
  it('raises on a count far above the same hours of earlier weeks, not on ordinary business', () => {
    expect(judgeSurge(8, [0, 1, 0, 0])).toMatchObject({ surge: true, expected: 0.25 });
    expect(judgeSurge(8, [7, 9, 6, 8]).surge).toBe(false);
    // two tickets are never a surge, however new the matter
    expect(judgeSurge(2, [0, 0, 0, 0]).surge).toBe(false);
  });
});
