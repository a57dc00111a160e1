import { performance } from 'node:perf_hooks';
import { dayOfInstant, formatDay, formatInstant } from '../../core/calendar/civil-date.ts';
import { highlightAll, highlightSnippet } from '../../core/text/highlight.ts';
import { markdownToText } from '../../core/text/markdown.ts';
import { foldText } from '../../core/text/normalize.ts';
import type { Db, Queryable } from '../db/connection.ts';
import { lexiconFor } from './lexicon.ts';
import { CANDIDATE_BUDGET, planQuery, planWords, scoreDocument, SHORT_QUERY, termCounts, termFrequencySql, type QueryPlan } from './query-plan.ts';
import { homophoneString, pinyinKeys } from './segmenter.ts';
import { recordedDisplay, recordSearch, searchLogParams, type KbChannel } from './usage.ts';

export interface SearchFilters {
  states: readonly string[];
  /** The public portal: public entries only. */
  publicOnly?: boolean;
  category?: string | undefined;
  ownerUnitId?: string | undefined;
  /** Only entries owned within this unit subtree (a unit's editor looking at unpublished work). */
  ownerUnitPath?: string | undefined;
  /** Leave out entries not yet in force on this instant's day (effectiveFrom later). */
  asOf?: number | undefined;
}

export interface SearchHit {
  id: string;
  title: string;
  titleHtml: string;
  snippetHtml: string;
  category: string | null;
  ownerUnit: { id: string; name: string };
  state: string;
  visibility: string;
  version: number;
  /** 0–1: how much of the query the entry covers (or how close its title is, for short queries). */
  score: number;
  /** The blended ranking value the order follows. */
  rank: number;
  uses: { shown: number; used: number; helpful: number; unhelpful: number };
  updatedAt: string;
}

export interface SearchResult {
  hits: SearchHit[];
  plan: QueryPlan;
  /** The search's log entry (usage.ts), when it was asked to record itself. */
  searchId?: number;
}

/** Who searched, for the log (usage.ts recordSearch) written in the statement that reads the hits. */
export interface SearchRecord {
  channel: KbChannel;
  actorId: string | null;
  at: number;
}

/** Candidates the index ranks by ts_rank before the finer ranking (measured in bench/kb.bench.ts). */
const TEXT_CANDIDATES = 50;
const FUZZY_CANDIDATES = 20;
/**
 * Rows of a text match the ranking reads at most. A short query of common words (a7 alone: 7,700
 * of 100,000 entries) would otherwise have every matching row read for ts_rank (67 ms); among so
 * many, the first rows the index yields are as good as any, and the trigram candidates bring the
 * close titles. A long request's rarest words stay within the budget, far below this.
 */
const RANK_ROWS = 2 * CANDIDATE_BUDGET;
/** The sounds' trigrams (homophone typos) only for queries up to this length: longer ones cost too much. */
const SOUNDS_QUERY = 12;
/*
 * The trigram match's threshold, 0.5 (WORD_SIMILARITY_THRESHOLD, set on every connection: db/session-settings.ts):
 * - Share of the query's character trigrams a title must contain. At 0.35 an 8-character query such
 *   as 反映A1区八一路 matched every title opening with 反映A市 (4 of its 9 trigrams): up to 1,400
 *   titles on 100,000 entries, each read and compared (p95 50 ms). At 0.5 a title must share more
 *   than a common opening word (p95 380 titles, 6 ms). A query of five characters or more found
 *   mid-title still passes; shorter ones are found by their words or by their sounds.
 * - The same for the titles' sounds (segmenter.ts homophoneString). A homophone typo leaves the
 *   sounds intact, so its own title still scores near 1 (0.4 and 0.3 repaired no more typos on
 *   bench:load's 100,000 entries, and 0.3 read up to 250 ms of titles).
 */
/** The blend: bm25f relative to the best candidate, title closeness, pinyin hits, and use. */
const WEIGHT = { text: 0.8, title: 0.2, pinyin: 0.5, liked: 0.03 };

function filterSql(f: SearchFilters, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`e.state = ANY(${p(f.states)}::text[])`];
  if (f.publicOnly) where.push(`e.visibility = 'public'`);
  if (f.category) where.push(`e.category = ${p(f.category)}`);
  if (f.ownerUnitId) where.push(`e.owner_unit_id = ${p(f.ownerUnitId)}`);
  if (f.asOf !== undefined) where.push(`(e.effective_from IS NULL OR e.effective_from <= ${p(formatDay(dayOfInstant(f.asOf)))}::date)`);
  if (f.ownerUnitPath) where.push(`EXISTS (SELECT 1 FROM units ou WHERE ou.id = e.owner_unit_id AND ou.path LIKE ${p(`${f.ownerUnitPath}%`)})`);
  return where.join(' AND ');
}

/** What the finer ranking needs of each candidate, read in the same statement that finds it. */
interface Candidate {
  id: string;
  title: string;
  doc_len: number;
  liked: number;
  fuzzy: number;
  pinyin_hit: boolean;
  /** The query's words' weighted occurrences in the entry (query-plan.ts termFrequencySql). */
  tf: number[];
}

/** Wraps a statement that selects candidate rows `c(id, title, doc_len, search_tsv, fuzzy, pinyin_hit)`. */
function withScoringData(inner: string, wordsParam: string): string {
  return `SELECT c.id, c.title, c.doc_len, c.fuzzy, c.pinyin_hit,
      coalesce(s.used, 0) + coalesce(s.helpful, 0) - coalesce(s.unhelpful, 0) AS liked,
      ${termFrequencySql('c.search_tsv', wordsParam)} AS tf
    FROM (${inner}) c LEFT JOIN kb_entry_stats s ON s.entry_id = c.id`;
}

/**
 * The plan's words are cast to a tsquery as they were indexed (indexing.ts tsvectorLiteral), not
 * parsed again by to_tsquery: its parser cut 75% to 75 and 0731-8888 to a phrase, so such a word
 * never found its entries, and a message holding one (12%, 50%) had the whole table scanned for
 * the common number instead (PostgreSQL CPU per caller's message 12.4 → 7.4 ms, issue 16).
 */
async function textCandidates(db: Queryable, plan: QueryPlan, f: SearchFilters, query: string): Promise<Candidate[]> {
  const params: unknown[] = [query, plan.rankQuery, planWords(plan)];
  const inner = `SELECT m.id, m.title, m.doc_len, m.search_tsv, 0::float8 AS fuzzy, false AS pinyin_hit
      FROM (SELECT e.id, e.title, e.doc_len, e.search_tsv FROM kb_entries e
             WHERE e.search_tsv @@ $1::tsquery AND ${filterSql(f, params)} LIMIT ${RANK_ROWS}) m
     ORDER BY ts_rank(m.search_tsv, $2::tsquery) DESC LIMIT ${TEXT_CANDIDATES}`;
  return (await db.query<Candidate>(withScoringData(inner, '$3'), params)).rows;
}

/**
 * Titles and questions close to a short query by trigrams of its characters (substrings, a wrong
 * character) or, with `sounds`, of its sounds (homophone typos: 公基金 for 公积金; segmenter.ts).
 */
async function trigramCandidates(db: Db, plan: QueryPlan, f: SearchFilters, sounds: string | null): Promise<Candidate[]> {
  const params: unknown[] = [plan.folded, planWords(plan)];
  let closeness = 'word_similarity($1, e.search_text)';
  let match = '$1 <% e.search_text';
  if (sounds) {
    params.push(sounds);
    closeness = `greatest(${closeness}, word_similarity($3, e.search_pinyin))`;
    match = '$3 <% e.search_pinyin';
  }
  const inner = `SELECT e.id, e.title, e.doc_len, e.search_tsv, ${closeness}::float8 AS fuzzy, false AS pinyin_hit
      FROM kb_entries e
     WHERE ${match} AND ${filterSql(f, params)}
     ORDER BY 5 DESC, e.id LIMIT ${FUZZY_CANDIDATES}`;
  // the trigram operators read their threshold from a setting, the connection's (db/session-settings.ts)
  return (await db.query<Candidate>(withScoringData(inner, '$2'), params)).rows;
}

/**
 * The index's best matches of the plan's words; the OR of the rarest ones when all of them find too
 * few. `onAll` hears how many the match of all of them found, as soon as it is known.
 */
async function wordCandidates(db: Queryable, plan: QueryPlan, f: SearchFilters, limit: number, onAll: (n: number) => void): Promise<Candidate[]> {
  if (!plan.candidateQuery) {
    onAll(0);
    return [];
  }
  const found = await textCandidates(db, plan, f, plan.candidateQuery);
  onAll(found.length);
  if (plan.fallbackQuery && found.length < limit) found.push(...(await textCandidates(db, plan, f, plan.fallbackQuery)));
  return found;
}

/**
 * Titles close to a short query by its characters, then by its sounds unless there is no typo to
 * repair: a title holds the query verbatim, or the query's words alone found a full page of entries
 * (`wordsFound`: how many the match of all of them found). The homophone match is the costlier
 * trigram step (segmenter.ts homophoneString; before it, the Latin pinyin match took ~100 ms, issue 16).
 */
async function closeCandidates(db: Db, plan: QueryPlan, f: SearchFilters, wordsFound: Promise<number>, limit: number): Promise<Candidate[]> {
  const close = await trigramCandidates(db, plan, f, null);
  const sounds = homophoneString(plan.folded);
  const verbatim = close.some((c) => foldText(c.title).includes(plan.folded));
  // a query whose characters all stand for themselves (no Chinese) has no homophone to repair
  if (verbatim || plan.folded.length > SOUNDS_QUERY || sounds === plan.folded) return close;
  if ((await wordsFound) >= limit) return close;
  return [...close, ...(await trigramCandidates(db, plan, f, sounds))];
}

async function pinyinCandidates(db: Queryable, plan: QueryPlan, f: SearchFilters): Promise<Candidate[]> {
  const params: unknown[] = [`${plan.pinyin}:*`, planWords(plan)];
  const inner = `SELECT e.id, e.title, e.doc_len, e.search_tsv, 0::float8 AS fuzzy, true AS pinyin_hit
      FROM kb_entries e, to_tsquery('simple', $1) pq
     WHERE e.pinyin_tsv @@ pq AND ${filterSql(f, params)}
     ORDER BY ts_rank(e.pinyin_tsv, pq) DESC, e.updated_at DESC LIMIT ${TEXT_CANDIDATES}`;
  return (await db.query<Candidate>(withScoringData(inner, '$2'), params)).rows;
}

interface DisplayRow {
  id: string;
  title: string;
  answer: string;
  category: string | null;
  owner_unit_id: string;
  owner_name: string;
  state: string;
  visibility: string;
  version: number;
  updated_at: Date;
  shown: number;
  used: number;
  helpful: number;
  unhelpful: number;
}

/**
 * Searches entries: candidates from the jieba tsvector (and, for short queries, trigrams of the
 * text and its sounds; for Latin input, pinyin initials), ranked by a blend of bm25f over the
 * query's most informative words, how much of the title the query contains (or, for short
 * queries, trigram closeness), and a small boost for entries people found useful.
 */
export function searchEntries(db: Db, text: string, filters: SearchFilters, limit = 10): Promise<SearchResult> {
  return search(db, text, filters, limit);
}

/** A search as a person makes it: its hits, and its log entry written with them (usage.ts). */
export async function searchLogged(db: Db, text: string, filters: SearchFilters, limit: number, by: SearchRecord): Promise<SearchResult & { searchId: number }> {
  const result = await search(db, text, filters, limit, by);
  return { ...result, searchId: result.searchId! };
}

async function search(db: Db, text: string, filters: SearchFilters, limit: number, record?: SearchRecord): Promise<SearchResult> {
  const started = performance.now();
  const lexicon = await lexiconFor(db);
  const plan = await planQuery(db, lexicon, text);
  const plannedAt = performance.now();
  const short = plan.folded.length <= SHORT_QUERY;
  // The word match and the trigram match are independent: asked at once, a short query waits for
  // the slower of the two rather than their sum (two pool connections; PGlite takes them in turn).
  let allWords!: (n: number) => void;
  const wordsFound = new Promise<number>((resolve) => (allWords = resolve));
  const [byWords, byTrigrams] = await Promise.all([
    wordCandidates(db, plan, filters, limit, allWords).catch((error: unknown) => {
      allWords(0);
      throw error;
    }),
    plan.pinyin ? pinyinCandidates(db, plan, filters) : short && plan.folded ? closeCandidates(db, plan, filters, wordsFound, limit) : [],
  ]);
  const found = [...byWords, ...byTrigrams];
  const byId = new Map<string, Candidate>();
  for (const c of found) {
    const seen = byId.get(c.id);
    byId.set(c.id, seen ? { ...seen, fuzzy: Math.max(seen.fuzzy, c.fuzzy), pinyin_hit: seen.pinyin_hit || c.pinyin_hit } : c);
  }
  if (!byId.size) return { hits: [], plan, ...(record && { searchId: await recordSearch(db, text, [], record.channel, record.actorId, record.at) }) };
  const candidatesAt = performance.now();

  const queryPairs = short ? null : charPairs(plan.folded);
  const scored = [...byId.values()].map((c) => {
    return { c, ...scoreDocument(plan, termCounts(c.tf), c.doc_len) };
  });
  const maxBm25 = Math.max(...scored.map((s) => s.bm25), 1e-9);
  const top = scored
    .map(({ c, bm25, coverage }) => {
      const fuzzy = Number(c.fuzzy);
      const pinyinHit = c.pinyin_hit ? 1 : 0;
      const titleInQuery = queryPairs ? pairCoverage(c.title, queryPairs) : 0;
      const rank =
        WEIGHT.text * (bm25 / maxBm25) + WEIGHT.title * Math.max(fuzzy, titleInQuery) + WEIGHT.pinyin * pinyinHit + WEIGHT.liked * Math.log10(1 + Math.max(0, c.liked));
      return { id: c.id, rank, score: Math.max(coverage, fuzzy, pinyinHit) };
    })
    .sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : 1))
    .slice(0, limit);

  const displayed = `SELECT e.id, e.title, left(e.answer, 6000) AS answer, e.category, e.owner_unit_id, u.name AS owner_name, e.state, e.visibility,
            e.version, e.updated_at, coalesce(s.shown, 0) AS shown, coalesce(s.used, 0) AS used, coalesce(s.helpful, 0) AS helpful,
            coalesce(s.unhelpful, 0) AS unhelpful
       FROM kb_entries e JOIN units u ON u.id = e.owner_unit_id LEFT JOIN kb_entry_stats s ON s.entry_id = e.id
      WHERE e.id = ANY($1::uuid[])`;
  const ids = top.map((h) => h.id);
  const { rows } = record
    ? await db.query<DisplayRow & { search_id?: number }>(recordedDisplay(displayed), [ids, ...searchLogParams(text, record, top.map((h) => Math.round(h.score * 1000) / 1000))])
    : await db.query<DisplayRow & { search_id?: number }>(displayed, [ids]);
  if (process.env.KB_SEARCH_DEBUG) {
    process.stderr.write(`search: planned in ${(plannedAt - started).toFixed(1)} ms, ${byId.size} candidates in ${(candidatesAt - plannedAt).toFixed(1)} ms, ranked in ${(performance.now() - candidatesAt).toFixed(1)} ms\n`);
  }
  const display = new Map(rows.flatMap((r) => (r.id ? [[r.id, r] as const] : [])));
  const searchId = rows[0]?.search_id;
  return {
    plan,
    ...(searchId !== undefined && { searchId }),
    hits: top.flatMap(({ id, rank, score }) => {
      const r = display.get(id);
      if (!r) return [];
      const marks = plan.pinyin ? pinyinMarks(plan.pinyin, lexicon.segmenter.tokens(r.title)) : plan.marks;
      return [
        {
          id: r.id,
          title: r.title,
          titleHtml: highlightAll(r.title, marks),
          snippetHtml: highlightSnippet(markdownToText(r.answer), marks),
          category: r.category,
          ownerUnit: { id: r.owner_unit_id, name: r.owner_name },
          state: r.state,
          visibility: r.visibility,
          version: r.version,
          score: Math.round(score * 1000) / 1000,
          rank: Math.round(rank * 1000) / 1000,
          uses: { shown: r.shown, used: r.used, helpful: r.helpful, unhelpful: r.unhelpful },
          updatedAt: formatInstant(r.updated_at.getTime()),
        },
      ];
    }),
  };
}

/** Adjacent character pairs of a text, punctuation and spaces left out. */
function charPairs(text: string): Set<string> {
  const chars = [...foldText(text).replace(/[\p{P}\p{S}\s]+/gu, '')];
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) pairs.add(chars[i]! + chars[i + 1]!);
  return pairs;
}

/**
 * How much of a title a long query contains (0–1): its character pairs found in the query. A caller
 * who retells a known matter often repeats the words of its title nearly verbatim.
 */
function pairCoverage(title: string, queryPairs: Set<string>): number {
  const pairs = charPairs(title);
  if (!pairs.size) return 0;
  let found = 0;
  for (const p of pairs) if (queryPairs.has(p)) found += 1;
  return found / pairs.size;
}

/** The title's words whose pinyin the Latin input starts (gjj marks 公积金). */
function pinyinMarks(pinyin: string, tokens: string[]): string[] {
  return tokens.filter((t) => pinyinKeys(t).some((k) => k.startsWith(pinyin) || pinyin.startsWith(k)));
}
