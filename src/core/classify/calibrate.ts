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

/** softmax(scores / T), with `uniformShare` of the mass spread evenly over the labels. */
export function calibratedProbabilities(scores: ArrayLike<number>, temperature: number, uniformShare: number): number[] {
  const p = softmax(scores, temperature);
  return uniformShare > 0 ? p.map((v) => (1 - uniformShare) * v + uniformShare / p.length) : p;
}

/**
 * Mean cross-entropy of softmax(scores / T) against the true classes, each softened by `smoothing`
 * spread over the other classes. Without it a held-out set the model gets all right (a small one,
 * like the demo's 54 texts) drives T towards 0 and every prediction to "100 %", also the wrong ones
 * on texts unlike any it saw; with ε = 1/(n+2) (the rule of succession: n right out of n does not
 * show more than (n+1)/(n+2)) a small set cannot claim certainty and a large one is hardly moved.
 */
function loss(scores: readonly ArrayLike<number>[], truth: readonly number[], temperature: number, smoothing: number): number {
  let total = 0;
  scores.forEach((s, i) => {
    const p = softmax(s, temperature);
    const other = p.length > 1 ? smoothing / (p.length - 1) : 0;
    p.forEach((pk, k) => {
      const weight = k === truth[i] ? 1 - smoothing : other;
      if (weight > 0) total -= weight * Math.log(Math.max(pk, 1e-12));
    });
  });
  return total / Math.max(scores.length, 1);
}

/** The temperature that fits best, by golden-section search on log T in [0.01, 100]. */
export function fitTemperature(scores: readonly ArrayLike<number>[], truth: readonly number[], smoothing = 1 / (scores.length + 2)): number {
  if (!scores.length) return 1;
  let lo = Math.log(0.01);
  let hi = Math.log(100);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = loss(scores, truth, Math.exp(a), smoothing);
  let fb = loss(scores, truth, Math.exp(b), smoothing);
  for (let step = 0; step < 40; step += 1) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = loss(scores, truth, Math.exp(a), smoothing);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = loss(scores, truth, Math.exp(b), smoothing);
    }
  }
  return Math.exp((lo + hi) / 2);
}
