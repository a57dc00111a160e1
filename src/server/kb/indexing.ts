import { markdownToText } from '../../core/text/markdown.ts';
import { foldText } from '../../core/text/normalize.ts';
import type { Queryable } from '../db/connection.ts';
import { homophoneString, pinyinKeys, type Segmenter } from './segmenter.ts';
import { termsChanged } from './term-frequencies.ts';

/** Field weights of the tsvector (title A, questions B, answer C) and of the ranking's term counts. */
export const FIELD_WEIGHT = { A: 3, B: 2.5, C: 1, D: 0.5 } as const;
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_LEXEME = 64;

/** A tsvector literal: `'lexeme':1A,4A 'other':2C`. */
export function tsvectorLiteral(fields: Array<{ tokens: readonly string[]; weight: 'A' | 'B' | 'C' | 'D' }>): { literal: string; length: number } {
  const positions = new Map<string, string[]>();
  let at = 0;
  let length = 0;
  for (const f of fields) {
    for (const token of f.tokens) {
      at = Math.min(at + 1, MAX_POSITION);
      length += FIELD_WEIGHT[f.weight];
      const list = positions.get(token) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${at}${f.weight}`);
      positions.set(token, list);
    }
    at = Math.min(at + 8, MAX_POSITION); // no phrase across fields
  }
  const literal = [...positions].map(([t, p]) => `${quoteLexeme(t)}:${p.join(',')}`).join(' ');
  return { literal, length: Math.round(length) };
}

export function quoteLexeme(token: string): string {
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export interface EntryText {
  title: string;
  questions: readonly string[];
  answer: string;
}

export interface EntryIndex {
  searchTsv: string;
  pinyinTsv: string;
  searchText: string;
  searchPinyin: string;
  docLen: number;
  /** Distinct tokens, for document frequencies. */
  terms: string[];
}

/** Everything the search needs from an entry, computed once when it is saved. */
export function indexEntry(segmenter: Segmenter, e: EntryText): EntryIndex {
  const title = segmenter.tokens(e.title);
  const questions = e.questions.flatMap((q) => segmenter.tokens(q));
  const answer = segmenter.tokens(markdownToText(e.answer));
  const { literal, length } = tsvectorLiteral([
    { tokens: title, weight: 'A' },
    { tokens: questions, weight: 'B' },
    { tokens: answer, weight: 'C' },
  ]);
  const keys = new Set<string>();
  for (const t of [...title, ...questions]) for (const k of pinyinKeys(t)) keys.add(k);
  // the initials of the whole title and of each question too (zfgjjtq for 住房公积金提取)
  for (const text of [e.title, ...e.questions]) {
    const whole = pinyinKeys(text.replace(/[^\p{Script=Han}]/gu, '').slice(0, 20));
    if (whole[0]) keys.add(whole[0]);
  }
  const short = [e.title, ...e.questions].join(' ');
  return {
    searchTsv: literal,
    pinyinTsv: [...keys].map((k) => `${quoteLexeme(k)}:1`).join(' '),
    searchText: foldText(short),
    // homophone typos are found by this one (segmenter.ts)
    searchPinyin: homophoneString(foldText(short)),
    docLen: length,
    terms: [...new Set([...title, ...questions, ...answer])],
  };
}

/**
 * Keeps the document frequencies of a corpus in step with what was indexed, in the caller's
 * transaction. Terms are written in sorted order so two saves at once cannot deadlock.
 */
export async function adjustTerms(
  tx: Queryable,
  corpus: 'kb' | 'tickets',
  change: { added: readonly string[]; removed: readonly string[]; docs: number; length: number },
): Promise<void> {
  const delta = new Map<string, number>();
  for (const t of change.added) delta.set(t, (delta.get(t) ?? 0) + 1);
  for (const t of change.removed) delta.set(t, (delta.get(t) ?? 0) - 1);
  if (change.docs) delta.set('', change.docs);
  if (change.length) delta.set(' len', change.length);
  const entries = [...delta].filter(([, d]) => d !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!entries.length) return;
  termsChanged(corpus);
  await tx.query(
    `INSERT INTO kb_terms (corpus, term, df) SELECT $1, t, d FROM unnest($2::text[], $3::int[]) AS x(t, d)
     ON CONFLICT (corpus, term) DO UPDATE SET df = kb_terms.df + EXCLUDED.df`,
    [corpus, entries.map(([t]) => t), entries.map(([, d]) => d)],
  );
}

/** Difference of two term lists as sets. */
export function termChange(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { added: [...a].filter((t) => !b.has(t)), removed: [...b].filter((t) => !a.has(t)) };
}
