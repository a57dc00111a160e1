import { foldText, STOPWORDS } from '../text/normalize.ts';

/**
 * The terms a request's text is counted by: character n-grams (no segmenter needed, robust to
 * typos and to words a dictionary lacks) and whole words with word pairs from a segmenter the
 * caller injects (core stays pure: jieba is a native module that lives in the server layer).
 *
 * Terms are hashed to feature numbers as they are read (the "hashing trick"): a vocabulary of
 * strings cost three quarters of the training time (millions of string keys in a Map), and the
 * strings are needed only to explain one prediction, when they are read again from its own text.
 */

/** Cuts a text into words; the server passes jieba, tests may pass a simple splitter. */
export type Tokenizer = (text: string) => string[];

export interface TermOptions {
  /** Shortest and longest character n-gram. */
  charMin: number;
  charMax: number;
  /** Also count adjacent word pairs. */
  wordBigrams: boolean;
}

export const DEFAULT_TERM_OPTIONS: TermOptions = { charMin: 1, charMax: 3, wordBigrams: true };

/** Feature numbers are below 2^22: few collisions among the ~10^6 terms of a large training set. */
export const HASH_BITS = 22;
const MASK = (1 << HASH_BITS) - 1;

export type TermKind = 'chars' | 'word' | 'pair';

/** Receives each term: its feature number, and where to read it (`text.slice(start, start + length)`). */
export type TermVisitor = (id: number, kind: TermKind, text: string, start: number, length: number) => void;

/** murmur3's finaliser: spreads every input bit over the output. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const step = (h: number, code: number) => Math.imul(h ^ code, 0x01000193);

function hashString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i += 1) h = step(h, s.charCodeAt(i));
  return h;
}

const WORD_SEED = 0x9747b28c;
const PAIR_SEED = 0x5bd1e995;

/**
 * Folded text with every run of Latin letters and digits as one mark `#`: the anonymised place
 * codes (A3区, B市) and numbers say nothing about the category; the mark keeps the shape "#区".
 */
export function maskCodes(text: string): string {
  return foldText(text).replace(/[a-z0-9._-]+/g, '#');
}

const SEPARATORS = /[^\p{L}\p{N}#]+/u;
const HAS_LETTER = /\p{L}/u;

export function visitTerms(text: string, tokenize: Tokenizer | null, options: TermOptions, visit: TermVisitor): void {
  const masked = maskCodes(text);
  // n-grams stay inside a run: one across punctuation is not a phrase of the text.
  for (const run of masked.split(SEPARATORS)) {
    for (let i = 0; i < run.length; i += 1) {
      let h = 0x811c9dc5;
      for (let n = 1; n <= options.charMax && i + n <= run.length; n += 1) {
        h = step(h, run.charCodeAt(i + n - 1));
        if (n < options.charMin || (n === 1 && run[i] === '#')) continue;
        visit(mix(h ^ n) & MASK, 'chars', run, i, n);
      }
    }
  }
  if (!tokenize) return;
  let previous: string | null = null;
  let previousHash = 0;
  for (const raw of tokenize(masked.replaceAll('#', ' '))) {
    const word = raw.trim();
    // Stopwords and punctuation cut the chain of pairs too.
    if (!word || STOPWORDS.has(word) || !HAS_LETTER.test(word)) {
      previous = null;
      continue;
    }
    const h = hashString(word, WORD_SEED);
    visit(mix(h) & MASK, 'word', word, 0, word.length);
    if (options.wordBigrams && previous !== null) {
      const pair = previous + word;
      visit(mix(step(step(PAIR_SEED, previousHash), h)) & MASK, 'pair', pair, 0, pair.length);
    }
    previous = word;
    previousHash = h;
  }
}

/** Counts per feature number, reused from text to text (cleared through the list of touched slots). */
let scratch: Int32Array | null = null;

/** The text's terms as feature numbers with their counts (numbers in increasing order). */
export function countTerms(text: string, tokenize: Tokenizer | null, options: TermOptions): { ids: Int32Array; counts: Float64Array } {
  const tally = (scratch ??= new Int32Array(1 << HASH_BITS));
  const touched: number[] = [];
  visitTerms(text, tokenize, options, (id) => {
    if (tally[id]!++ === 0) touched.push(id);
  });
  const ids = Int32Array.from(touched).sort();
  const counts = new Float64Array(ids.length);
  for (let k = 0; k < ids.length; k += 1) {
    counts[k] = tally[ids[k]!]!;
    tally[ids[k]!] = 0;
  }
  return { ids, counts };
}
