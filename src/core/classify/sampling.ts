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

/**
 * A stratified split: `testShare` of each label held out (0.2 → 80/20). Items of one group (the
 * same request in other words) stay on one side, or the held-out side would test on what was
 * trained; an item without a group is a group of its own.
 */
export function stratifiedSplit(
  labels: readonly string[],
  testShare: number,
  seed: number,
  groups?: readonly (string | undefined)[],
): { train: number[]; test: number[] } {
  const random = seededRandom(seed);
  const members = new Map<string, number[]>();
  labels.forEach((_, i) => {
    const key = groups?.[i] !== undefined ? `g:${groups[i]}` : `i:${i}`;
    members.set(key, [...(members.get(key) ?? []), i]);
  });
  const byLabel = new Map<string, string[]>();
  for (const [key, items] of members) {
    const label = labels[items[0]!]!;
    byLabel.set(label, [...(byLabel.get(label) ?? []), key]);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const keys = shuffled(byLabel.get(label)!, random);
    const cut = Math.round(keys.length * testShare);
    keys.forEach((key, k) => (k < cut ? test : train).push(...members.get(key)!));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
