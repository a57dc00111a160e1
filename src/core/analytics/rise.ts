/**
 * Did a count rise beyond chance? Two counts over periods of equal length (this month and the last,
 * or the same month a year ago): if the matter came at the same rate in both, then given their sum
 * n, the current count is Binomial(n, 1/2) — the conditional test for two Poisson counts, exact and
 * free of any assumed rate. The answer is the one-sided p-value P(X ≥ current); small means the
 * rise is unlikely to be noise. Periods of different lengths weigh by their lengths.
 */
export function riseP(current: number, previous: number, currentDays = 1, previousDays = 1): number {
  const n = current + previous;
  if (n === 0 || current === 0) return 1;
  const p = currentDays / (currentDays + previousDays);
  // sum of the upper tail in log space: n reaches thousands for a busy category
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logTerm = logBinom(n, current) + current * logP + (n - current) * logQ;
  let sum = 0;
  for (let k = current; k <= n; k += 1) {
    sum += Math.exp(logTerm);
    // term(k+1) / term(k) = (n − k) / (k + 1) · p / q
    logTerm += Math.log((n - k) / (k + 1)) + logP - logQ;
  }
  return Math.min(1, sum);
}

function logBinom(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const LOG_FACTORIALS: number[] = [0];
function logFactorial(n: number): number {
  for (let i = LOG_FACTORIALS.length; i <= n; i += 1) LOG_FACTORIALS[i] = LOG_FACTORIALS[i - 1]! + Math.log(i);
  return LOG_FACTORIALS[n]!;
}
