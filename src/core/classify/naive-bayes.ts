import type { Example } from './model.ts';
import { countTerms, DEFAULT_TERM_OPTIONS, type Tokenizer } from './terms.ts';
import { buildVocabulary, vectorize, type Vocabulary } from './tfidf.ts';

/**
 * Multinomial naive Bayes over the same TF-IDF features: the simple, fast classic of text
 * classification. It is the peer the benchmark measures our classifier against in the same run
 * (speed and quality as ratios), not something the platform serves.
 */
export interface NaiveBayes {
  labels: string[];
  vocab: Vocabulary;
  /** Per label: log P(feature | label), then log P(label). */
  logProb: Float64Array[];
}

/** Additive smoothing for the feature counts; 0.1 suits fractional tf-idf counts. */
const ALPHA = 0.1;

export function trainNaiveBayes(examples: readonly Example[], tokenize: Tokenizer | null, minDf = 3): NaiveBayes {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const counts = examples.map((e) => countTerms(e.text, tokenize, DEFAULT_TERM_OPTIONS));
  const vocab = buildVocabulary(counts, minDf);
  const n = vocab.features.length;
  const mass = labels.map(() => new Float64Array(n + 1));
  counts.forEach((c, d) => {
    const row = vectorize(c, vocab);
    const m = mass[labels.indexOf(examples[d]!.label)]!;
    for (let k = 0; k < row.index.length; k += 1) m[row.index[k]!]! += row.value[k]!;
    m[n]! += 1;
  });
  const logProb = mass.map((m) => {
    let total = 0;
    for (let i = 0; i < n; i += 1) total += m[i]!;
    const out = new Float64Array(n + 1);
    for (let i = 0; i < n; i += 1) out[i] = Math.log((m[i]! + ALPHA) / (total + ALPHA * n));
    out[n] = Math.log(m[n]! / examples.length);
    return out;
  });
  return { labels, vocab, logProb };
}

export function predictNaiveBayes(model: NaiveBayes, text: string, tokenize: Tokenizer | null): string {
  const row = vectorize(countTerms(text, tokenize, DEFAULT_TERM_OPTIONS), model.vocab);
  const n = model.vocab.features.length;
  let best = 0;
  let bestScore = -Infinity;
  model.logProb.forEach((lp, label) => {
    let s = lp[n]!;
    for (let k = 0; k < row.index.length; k += 1) s += lp[row.index[k]!]! * row.value[k]!;
    if (s > bestScore) {
      bestScore = s;
      best = label;
    }
  });
  return model.labels[best]!;
}
