/** How well predicted labels match the true ones: per label and macro-averaged (each label counts alike). */

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  /** How many test items carry this label. */
  support: number;
}

export interface Scores {
  macroF1: number;
  accuracy: number;
  perClass: Record<string, ClassFigures>;
}

export function score(truth: readonly string[], predicted: readonly string[]): Scores {
  const labels = [...new Set(truth)].sort();
  const perClass: Record<string, ClassFigures> = {};
  let correct = 0;
  truth.forEach((t, i) => {
    if (predicted[i] === t) correct += 1;
  });
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (p === label && t === label) tp += 1;
      else if (p === label) fp += 1;
      else if (t === label) fn += 1;
    });
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[label] = { precision, recall, f1, support: tp + fn };
  }
  const f1s = Object.values(perClass).map((c) => c.f1);
  return {
    macroF1: f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    accuracy: truth.length ? correct / truth.length : 0,
    perClass,
  };
}
