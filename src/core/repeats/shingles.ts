import { fmix32, fnv1a } from './hash.ts';

/**
 * The set of character n-grams of a normalised text, as sorted unique 32-bit hashes. Character
 * n-grams need no segmenter, so "路灯不亮" and "路灯坏了不亮" share 路灯 and 不亮 whatever a
 * dictionary says; 3-grams are specific enough that two unrelated requests share few of them
 * (measured on real messages: 2-grams put three times as many unrelated pairs above J = 0.1).
 * A text shorter than n is one shingle of its own.
 */
export function shingles(normalized: string, n = 3): Int32Array {
  if (!normalized) return new Int32Array(0);
  if (normalized.length <= n) return Int32Array.of(fmix32(fnv1a(normalized)));
  const out = new Int32Array(normalized.length - n + 1);
  for (let i = 0; i < out.length; i += 1) out[i] = fmix32(fnv1a(normalized, i, i + n));
  out.sort();
  let k = 0;
  for (let i = 0; i < out.length; i += 1) if (i === 0 || out[i] !== out[i - 1]) out[k++] = out[i]!;
  return out.slice(0, k);
}

/** Exact Jaccard similarity of two sorted unique shingle sets (the ceiling MinHash estimates). */
export function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 && b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common += 1;
      i += 1;
      j += 1;
    } else if (a[i]! < b[j]!) i += 1;
    else j += 1;
  }
  return common / (a.length + b.length - common);
}
