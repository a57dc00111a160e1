/**
 * Seeded randomness and the splits an evaluation is made of: the same seed gives the same split on
 * every machine, so figures can be compared run to run.
 */

/** mulberry32: a small, fast generator with a 32-bit state; good enough for shuffling. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Indexes into `folds` groups with every label spread evenly over them (stratified): each label's
 * items are shuffled and dealt round-robin.
 */
export function stratifiedFolds(labels: readonly string[], folds: number, seed: number): number[][] {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  const out: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    for (const i of shuffled(byLabel.get(label)!, random)) {
      out[next % folds]!.push(i);
      next += 1;
    }
  }
  return out.map((f) => f.sort((a, b) => a - b));
}

/** A stratified split: `testShare` of each label held out (0.2 → 80/20). */
export function stratifiedSplit(labels: readonly string[], testShare: number, seed: number): { train: number[]; test: number[] } {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const items = shuffled(byLabel.get(label)!, random);
    const cut = Math.round(items.length * testShare);
    test.push(...items.slice(0, cut));
    train.push(...items.slice(cut));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
