/**
 * 监测预警 (重庆 第二十条 实时监测和预警; 凉山 第十九条): is the count of one matter at one place in
 * the last hours unusual against the same hours of the weeks before? The stated rule: with λ the mean
 * of those earlier windows (at least FLOOR, so a matter never seen there still needs several
 * tickets), a count c is a surge when c ≥ MIN_COUNT and the Poisson tail P(X ≥ c | λ) < ALPHA.
 */
export const SURGE_RULE = {
  /** The window watched, and the same window 1…WEEKS weeks earlier as its history. */
  windowHours: 6,
  weeks: 4,
  minCount: 3,
  floor: 0.5,
  alpha: 0.001,
} as const;

export interface SurgeVerdict {
  expected: number;
  p: number;
  surge: boolean;
}

export function judgeSurge(count: number, history: readonly number[], rule: { minCount: number; floor: number; alpha: number } = SURGE_RULE): SurgeVerdict {
  const expected = history.length ? history.reduce((a, b) => a + b, 0) / history.length : 0;
  const p = poissonTail(count, Math.max(expected, rule.floor));
  return { expected, p, surge: count >= rule.minCount && p < rule.alpha };
}

/** P(X ≥ c) for X ~ Poisson(λ), summed from the mode side in log space so large counts stay finite. */
export function poissonTail(c: number, lambda: number): number {
  if (c <= 0) return 1;
  // 1 − P(X ≤ c − 1); for c far above λ the terms above c are summed directly instead
  let logTerm = -lambda + c * Math.log(lambda) - logGamma(c + 1);
  let sum = 0;
  for (let k = c; k < c + 1000; k += 1) {
    const term = Math.exp(logTerm);
    sum += term;
    if (term < sum * 1e-15) break;
    logTerm += Math.log(lambda) - Math.log(k + 1);
  }
  return Math.min(1, sum);
}

function logGamma(n: number): number {
  let s = 0;
  for (let i = 2; i < n; i += 1) s += Math.log(i);
  return s;
}
