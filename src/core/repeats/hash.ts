/**
 * 32-bit hashing in plain JS (Math.imul), deterministic across Node and browsers. Everything stays
 * a signed int32 (`| 0`): V8 keeps those unboxed, where unsigned values above 2³¹ become slow doubles.
 */

/** MurmurHash3's finaliser fmix32: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** FNV-1a of text.slice(start, end). */
export function fnv1a(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** A deterministic stream of 32-bit seeds (splitmix32), the same on every run and machine. */
export function seeds(count: number, seed: number): Int32Array {
  const out = new Int32Array(count);
  let s = seed | 0;
  for (let i = 0; i < count; i += 1) {
    s = (s + 0x9e3779b9) | 0;
    out[i] = fmix32(s);
  }
  return out;
}
