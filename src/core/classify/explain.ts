import type { ClassifierModel } from './model.ts';
import { visitTerms, type Tokenizer } from './terms.ts';
import type { SparseRow } from './tfidf.ts';

/**
 * Why a text got its label: each feature adds weight × tf-idf to the label's score; the largest
 * positive additions are read back from the text itself (features are hashed, so the model keeps
 * no strings). People read words, not character trigrams: a word also collects what the character
 * n-grams inside it added (a word pair is not shown: its parts say it better), and a fragment inside
 * a word already listed is left out.
 */
export function explain(model: ClassifierModel, text: string, tokenize: Tokenizer | null, row: SparseRow, label: number, count: number): string[] {
  const weights = model.weights[label]!;
  const scale = model.scales[label]!;
  const contribution = new Map<number, number>();
  for (let k = 0; k < row.index.length; k += 1) contribution.set(row.index[k]!, weights[row.index[k]!]! * scale * row.value[k]!);

  const chars = new Map<string, number>();
  const words = new Map<string, number>();
  visitTerms(text, tokenize, model.terms, (id, kind, source, start, length) => {
    const position = model.vocab.position[id]!;
    const c = position < 0 ? undefined : contribution.get(position);
    if (c === undefined) return;
    const term = kind === 'chars' ? source.slice(start, start + length) : source;
    if (kind === 'chars') {
      // single characters are too vague to show; the n-grams that hold the mark # are codes
      if (length > 1 && !term.includes('#')) chars.set(term, c);
    } else if (kind === 'word' && length > 1) {
      // Word pairs count in the score but are not shown: "晚上一片" reads worse than 漆黑.
      words.set(term, c);
    }
  });

  const candidates = new Map<string, number>();
  const covered = new Set<string>();
  for (const [word, c] of words) {
    let total = c;
    const inside = new Set<string>();
    for (let i = 0; i < word.length; i += 1) for (let n = 2; n <= model.terms.charMax && i + n <= word.length; n += 1) inside.add(word.slice(i, i + n));
    for (const gram of inside) {
      total += chars.get(gram) ?? 0;
      covered.add(gram);
    }
    candidates.set(word, total);
  }
  // Fragments across word boundaries (的公, 有直) read as noise: shown only when there are no words.
  if (!tokenize) for (const [gram, g] of chars) if (!covered.has(gram)) candidates.set(gram, g);

  const chosen: string[] = [];
  for (const [term, c] of [...candidates].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)) {
    if (c <= 0 || chosen.length >= count) break;
    if (chosen.some((w) => w.includes(term) || term.includes(w))) continue;
    chosen.push(term);
  }
  return chosen;
}
