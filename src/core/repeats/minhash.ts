import { seeds } from './hash.ts';

/** Signature length: the estimate's standard error is √(J(1−J)/K), ±0.044 at J = 0.5. */
export const SIGNATURE_SIZE = 128;

// h_k(x) = a_k·x + b_k mod 2³² with odd a_k: a bijection on 32-bit values, one multiply per slot.
// The shingle hashes are already mixed by fmix32, so this cheap family orders them independently
// enough (the unit tests hold the estimate to exact Jaccard); minimums are taken as signed int32.
const A = seeds(SIGNATURE_SIZE, 0x12345).map((a) => a | 1);
const B = seeds(SIGNATURE_SIZE, 0x54321);
const EMPTY = 0x7fffffff;

/**
 * MinHash signature of a shingle set: for each of K seeded hash functions, the least hash over the
 * set. Two sets agree in one slot with probability equal to their Jaccard similarity. Signed 32-bit
 * integers, so that it is a PostgreSQL integer[] as is. An empty set gives an all-EMPTY signature.
 */
export function minhash(set: Int32Array): Int32Array {
  const mins = new Int32Array(SIGNATURE_SIZE);
  const n = set.length;
  // One hash function at a time over the whole set: a, b and the running minimum stay in registers.
  for (let k = 0; k < SIGNATURE_SIZE; k += 1) {
    const a = A[k]!;
    const b = B[k]!;
    let min = EMPTY;
    for (let s = 0; s < n; s += 1) {
      const h = (Math.imul(a, set[s]!) + b) | 0;
      if (h < min) min = h;
    }
    mins[k] = min;
  }
  return mins;
}

export function isEmptySignature(signature: ArrayLike<number>): boolean {
  for (let i = 0; i < signature.length; i += 1) if (signature[i] !== EMPTY) return false;
  return true;
}

/** The share of slots where two signatures agree: an unbiased estimate of the Jaccard similarity. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n === 0 || isEmptySignature(a) || isEmptySignature(b)) return 0;
  let same = 0;
  for (let i = 0; i < n; i += 1) if (a[i] === b[i]) same += 1;
  return same / n;
}
