/**
 * How far a classifier's confidence can be trusted: of the predictions made with confidence near
 * p, about p should be right. Predictions are put into equal-width bins of confidence; the
 * expected calibration error (ECE, Naeini et al. 2015; Guo et al. 2017) is the gap between mean
 * confidence and accuracy in each bin, weighted by the bin's share of predictions.
 */

export interface ReliabilityBin {
  /** Confidence range [from, to) (the last bin includes 1). */
  from: number;
  to: number;
  count: number;
  /** Mean confidence of the predictions in the bin; NaN when empty. */
  confidence: number;
  /** Share of them that were right; NaN when empty. */
  accuracy: number;
}

export interface Reliability {
  ece: number;
  /** The largest gap of any non-empty bin. */
  mce: number;
  bins: ReliabilityBin[];
}

export function reliability(confidences: readonly number[], correct: readonly boolean[], binCount = 10): Reliability {
  const sums = Array.from({ length: binCount }, () => ({ n: 0, conf: 0, right: 0 }));
  confidences.forEach((c, i) => {
    const b = sums[Math.min(binCount - 1, Math.max(0, Math.floor(c * binCount)))]!;
    b.n += 1;
    b.conf += c;
    b.right += correct[i] ? 1 : 0;
  });
  const total = confidences.length;
  let ece = 0;
  let mce = 0;
  const bins = sums.map((b, k) => {
    const confidence = b.n ? b.conf / b.n : NaN;
    const accuracy = b.n ? b.right / b.n : NaN;
    if (b.n) {
      const gap = Math.abs(confidence - accuracy);
      ece += (b.n / total) * gap;
      mce = Math.max(mce, gap);
    }
    return { from: k / binCount, to: (k + 1) / binCount, count: b.n, confidence, accuracy };
  });
  return { ece, mce, bins };
}
