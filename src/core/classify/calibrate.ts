/**
 * Confidence from one-vs-rest SVM scores: margins are not probabilities, so they are turned into
 * them by a softmax with a temperature T fitted on requests the model did not train on (temperature
 * scaling, Guo et al. 2017). One number keeps the order of the scores and cannot overfit a small
 * held-out set.
 */

export function softmax(scores: ArrayLike<number>, temperature: number): number[] {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k += 1) max = Math.max(max, scores[k]!);
  const e = Array.from({ length: scores.length }, (_, k) => Math.exp((scores[k]! - max) / temperature));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Mean negative log-likelihood of the true classes under softmax(scores / T). */
function loss(scores: readonly ArrayLike<number>[], truth: readonly number[], temperature: number): number {
  let total = 0;
  scores.forEach((s, i) => {
    total -= Math.log(Math.max(softmax(s, temperature)[truth[i]!]!, 1e-12));
  });
  return total / Math.max(scores.length, 1);
}

/** The temperature that fits best, by golden-section search on log T in [0.01, 100]. */
export function fitTemperature(scores: readonly ArrayLike<number>[], truth: readonly number[]): number {
  if (!scores.length) return 1;
  let lo = Math.log(0.01);
  let hi = Math.log(100);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = loss(scores, truth, Math.exp(a));
  let fb = loss(scores, truth, Math.exp(b));
  for (let step = 0; step < 40; step += 1) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = loss(scores, truth, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = loss(scores, truth, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}
