import { foldText, looksLikePinyin } from '../../core/text/normalize.ts';
import type { Queryable } from '../db/connection.ts';
import { FIELD_WEIGHT, quoteLexeme } from './indexing.ts';
import type { Lexicon } from './lexicon.ts';
import { documentFrequencies } from './term-frequencies.ts';

/**
 * How a query becomes SQL. Callers' requests are long (a whole complaint), so not every word can
 * count the same: each word (with its synonyms, a group) is weighted by how rare it is in the corpus
 * (idf) and by how often the query repeats it; only the MAX_TERMS most informative words are kept.
 * The index is asked for the rarest of them only, up to a budget of matching documents, so the
 * work per query stays bounded however large the knowledge base grows; the candidates are then
 * ranked on all kept words (bm25f in ranking.ts). Measured in bench/kb.bench.ts.
 */
export const MAX_TERMS = 30;
/** Candidate documents the rarest words may bring in before more common ones are left out. */
export const CANDIDATE_BUDGET = 500;
/** Queries up to this many characters are an agent's few words, not a caller's retelling. */
export const SHORT_QUERY = 20;

export interface TermGroup {
  /** The word and its synonyms. */
  alts: string[];
  tf: number;
  df: number;
  idf: number;
  /** idf × (1 + ln tf): how much this word says about the query. */
  weight: number;
}

export interface QueryPlan {
  folded: string;
  /** Lower-case Latin letters typed as pinyin or initials (gjj), else null. */
  pinyin: string | null;
  groups: TermGroup[];
  /** Every kept word, for ranking: `(公积金 | 住房公积金) | 提取`. */
  rankQuery: string | null;
  /** What the index is asked: the rarest words within the budget, or all words at once (short queries). */
  candidateQuery: string | null;
  /**
   * When candidateQuery asks for all words, the OR of the rarest of them within the budget to fall
   * back on (null when even the rarest word is too common: ranking its documents would cost more
   * than the trigram candidates are worth).
   */
  fallbackQuery: string | null;
  /** Words to mark in snippets. */
  marks: string[];
  documents: number;
  avgLength: number;
}

const groupQuery = (g: TermGroup) => (g.alts.length === 1 ? quoteLexeme(g.alts[0]!) : `(${g.alts.map(quoteLexeme).join(' | ')})`);

export async function planQuery(db: Queryable, lexicon: Lexicon, text: string, corpus: 'kb' | 'tickets' = 'kb'): Promise<QueryPlan> {
  const folded = foldText(text);
  const pinyin = looksLikePinyin(folded) ? folded.replace(/ /g, '') : null;
  const tokens = lexicon.segmenter.tokens(text);
  const byKey = new Map<string, { alts: string[]; tf: number }>();
  for (const t of tokens) {
    const alts = lexicon.synonyms.get(t) ?? [t];
    const key = [...alts].sort().join('|');
    const g = byKey.get(key);
    if (g) g.tf += 1;
    else byKey.set(key, { alts, tf: 1 });
  }
  const allAlts = [...new Set([...byKey.values()].flatMap((g) => g.alts))];
  const df = await documentFrequencies(db, corpus, ['', ' len', ...allAlts]);
  const documents = Math.max(df.get('') ?? 0, 1);
  const avgLength = Math.max((df.get(' len') ?? 0) / documents, 1);
  const groups: TermGroup[] = [];
  for (const g of byKey.values()) {
    const alts = g.alts.filter((a) => (df.get(a) ?? 0) > 0);
    if (!alts.length) continue;
    const n = Math.min(documents, alts.reduce((s, a) => s + (df.get(a) ?? 0), 0));
    const idf = Math.log(1 + (documents - n + 0.5) / (n + 0.5));
    groups.push({ alts, tf: g.tf, df: n, idf, weight: idf * (1 + Math.log(g.tf)) });
  }
  groups.sort((a, b) => b.weight - a.weight);
  const kept = groups.slice(0, MAX_TERMS);
  const rankQuery = kept.length ? kept.map(groupQuery).join(' | ') : null;
  let candidateQuery: string | null = null;
  let fallbackQuery: string | null = null;
  const total = kept.reduce((s, g) => s + g.df, 0);
  if (kept.length > 1 && (kept.length <= 4 || folded.length <= SHORT_QUERY) && total > CANDIDATE_BUDGET) {
    // A short query of common words: documents with all of them first. Eight characters can hold
    // five words (呼吁/请求/解决/A/市); their OR would bring in half the entries.
    candidateQuery = kept.map(groupQuery).join(' & ');
    fallbackQuery = withinBudget(kept);
  } else if (kept.length) {
    candidateQuery = budgeted(kept);
  }
  return {
    folded,
    pinyin,
    groups: kept,
    rankQuery,
    candidateQuery,
    fallbackQuery,
    marks: [...new Set([...byKey.values()].flatMap((g) => g.alts))],
    documents,
    avgLength,
  };
}

/** The rarest words whose documents fit the budget (at least three words). */
function budgeted(groups: TermGroup[]): string {
  const rare = [...groups].sort((a, b) => a.df - b.df);
  const picked: TermGroup[] = [];
  let sum = 0;
  for (const g of rare) {
    if (picked.length >= 3 && sum + g.df > CANDIDATE_BUDGET) break;
    picked.push(g);
    sum += g.df;
  }
  return picked.map(groupQuery).join(' | ');
}

/**
 * The rarest words whose documents fit the budget, none forced in. The fallback of a short query
 * of common words used to take three words whatever their counts ('a7' | '县' | '投诉': ~40,000
 * documents, 170 ms of ranking on 100,000 entries) for at most a handful of extra hits.
 */
function withinBudget(groups: TermGroup[]): string | null {
  const picked: TermGroup[] = [];
  let sum = 0;
  for (const g of [...groups].sort((a, b) => a.df - b.df)) {
    if (sum + g.df > CANDIDATE_BUDGET) break;
    picked.push(g);
    sum += g.df;
  }
  return picked.length ? picked.map(groupQuery).join(' | ') : null;
}

/** The plan's words, each a one-word tsquery, in the order termFrequencySql reports their counts. */
export function planWords(plan: QueryPlan): string[] {
  return plan.groups.flatMap((g) => g.alts.map(quoteLexeme));
}

/** ts_rank_cd's weights {D, C, B, A}, which may not pass 1: the field weights over the largest. */
const FIELD_SCALE = Math.max(...Object.values(FIELD_WEIGHT));
const RANK_WEIGHTS = `'{${[FIELD_WEIGHT.D, FIELD_WEIGHT.C, FIELD_WEIGHT.B, FIELD_WEIGHT.A].map((w) => w / FIELD_SCALE).join(',')}}'::float4[]`;

/**
 * SQL for how often each of the plan's words (`wordsParam`: planWords as tsquery[]) occurs in a
 * tsvector, each occurrence weighted by its field, as a float4[] in the words' order (termCounts
 * reads it). ts_rank_cd of a one-word query is that sum — each occurrence is a cover of its own
 * weight — and gave the same figures as the occurrences' own weights for all 315,000 words of
 * 3,000 entries (bench:kb's corpus). It replaced unnesting each candidate's whole tsvector (~300
 * words) to keep the query's few, which cost more than finding the candidates: PostgreSQL's CPU
 * per short search at 100,000 entries went from 5.1 to 3.7 ms (issue 16).
 */
export function termFrequencySql(vector: string, wordsParam: string): string {
  return `ARRAY(SELECT ts_rank_cd(${RANK_WEIGHTS}, ${vector}, w.q) FROM unnest(${wordsParam}::tsquery[]) WITH ORDINALITY AS w(q, i) ORDER BY w.i)`;
}

/** The counts termFrequencySql reports, in field weights again (rounded off float4's error). */
export function termCounts(raw: readonly number[]): number[] {
  return raw.map((x) => Math.round(x * FIELD_SCALE * 1000) / 1000);
}

const K1 = 1.2;
const B = 0.75;

/**
 * bm25f of one document for the plan's words (`counts`: their weighted occurrences, termCounts), and
 * how much of the query's weight it covers (0–1, the share of the words' idf found in the document:
 * the "score" shown and used for gaps).
 */
export function scoreDocument(plan: QueryPlan, counts: readonly number[], docLength: number): { bm25: number; coverage: number } {
  let bm25 = 0;
  let covered = 0;
  let total = 0;
  let at = 0;
  const norm = K1 * (1 - B + (B * docLength) / plan.avgLength);
  for (const g of plan.groups) {
    total += g.weight;
    let f = 0;
    for (let i = 0; i < g.alts.length; i += 1) f += counts[at + i] ?? 0;
    at += g.alts.length;
    if (f <= 0) continue;
    bm25 += g.weight * ((f * (K1 + 1)) / (f + norm));
    covered += g.weight;
  }
  return { bm25, coverage: total ? covered / total : 0 };
}
