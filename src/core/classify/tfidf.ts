import { HASH_BITS } from './terms.ts';

/**
 * TF-IDF over a fixed set of features: sublinear term frequency (1 + ln tf, so a word said ten
 * times does not outweigh ten different words), smoothed idf, rows scaled to unit length so that
 * a title of fifteen characters and a letter of a thousand land on the same scale.
 */

/** A sparse row: feature positions in increasing order and their values. */
export interface SparseRow {
  index: Int32Array;
  value: Float64Array;
}

/** A document's hashed terms (increasing) and their counts, as countTerms gives them. */
export interface TermCounts {
  ids: Int32Array;
  counts: Float64Array;
}

export interface Vocabulary {
  /** The hashed term numbers kept, in increasing order; a feature's position is its index here. */
  features: Int32Array;
  idf: Float64Array;
  /** hashed term number → position, −1 for terms not kept */
  position: Int32Array;
}

/** idf ≥ 1 always; steps of 1/4096 (exact in binary) keep it within 0.01% up to idf 17 in 16 bits. */
export const IDF_STEP = 1 / 4096;

/** idf as a saved model holds it; training rounds through this so that nothing changes on saving. */
export function roundIdf(idf: number): number {
  return 1 + Math.min(0xffff, Math.round((idf - 1) / IDF_STEP)) * IDF_STEP;
}

/** Terms found in at least `minDf` documents, with idf = ln((1 + n) / (1 + df)) + 1. */
export function buildVocabulary(docs: readonly TermCounts[], minDf: number): Vocabulary {
  const df = new Int32Array(1 << HASH_BITS);
  for (const doc of docs) for (let k = 0; k < doc.ids.length; k += 1) df[doc.ids[k]!]! += 1;
  const kept: number[] = [];
  for (let id = 0; id < df.length; id += 1) if (df[id]! >= minDf) kept.push(id);
  const features = Int32Array.from(kept);
  const idf = new Float64Array(features.length);
  features.forEach((id, i) => {
    // rounded as the codec stores it, so a saved model reads texts exactly as the trained one
    idf[i] = roundIdf(Math.log((1 + docs.length) / (1 + df[id]!)) + 1);
  });
  return vocabularyOf(features, idf);
}

export function vocabularyOf(features: Int32Array, idf: Float64Array): Vocabulary {
  const position = new Int32Array(1 << HASH_BITS).fill(-1);
  features.forEach((id, i) => {
    position[id] = i;
  });
  return { features, idf, position };
}

/** The document's TF-IDF row; terms outside the vocabulary are ignored. */
export function vectorize(doc: TermCounts, vocab: Vocabulary): SparseRow {
  let kept = 0;
  for (let k = 0; k < doc.ids.length; k += 1) if (vocab.position[doc.ids[k]!]! >= 0) kept += 1;
  const index = new Int32Array(kept);
  const value = new Float64Array(kept);
  let norm = 0;
  // ids increase and positions follow the order of ids, so the row comes out sorted.
  for (let k = 0, j = 0; k < doc.ids.length; k += 1) {
    const i = vocab.position[doc.ids[k]!]!;
    if (i < 0) continue;
    const v = (1 + Math.log(doc.counts[k]!)) * vocab.idf[i]!;
    index[j] = i;
    value[j++] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < kept; k += 1) value[k]! *= scale;
  return { index, value };
}
