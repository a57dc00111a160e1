import { performance } from 'node:perf_hooks';
import type { Db } from '../db/connection.ts';
import { createUnit } from '../units/store.ts';
import { importEntries } from './io.ts';
import { searchEntries } from './search.ts';

export interface EvalCorpusLine {
  id: string;
  title: string;
  answer: string;
}

export interface EvalQueryLine {
  query: string;
  /** The corpus id of the entry that answers it. */
  expected: string;
}

export interface EvalResult {
  n: number;
  mrr10: number;
  recall1: number;
  recall10: number;
  p50Ms: number;
  p95Ms: number;
}

export const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** MRR@10, recall@1 and recall@10 of ranked id lists against the expected ids. */
export function rankMetrics(ranked: ReadonlyArray<readonly string[]>, expected: readonly string[]): Pick<EvalResult, 'n' | 'mrr10' | 'recall1' | 'recall10'> {
  let rr = 0;
  let r1 = 0;
  let r10 = 0;
  ranked.forEach((ids, i) => {
    const at = ids.slice(0, 10).indexOf(expected[i]!);
    if (at < 0) return;
    rr += 1 / (at + 1);
    r10 += 1;
    if (at === 0) r1 += 1;
  });
  const n = expected.length || 1;
  return { n: expected.length, mrr10: round(rr / n), recall1: round(r1 / n), recall10: round(r10 / n) };
}

/** Loads a corpus into an empty, migrated database as published entries of one unit. */
export async function loadEvalCorpus(db: Db, corpus: readonly EvalCorpusLine[]): Promise<void> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM units');
  if (!rows[0]!.n) await createUnit(db, { name: '评测中心', kind: 'center' });
  const text = corpus.map((c) => JSON.stringify({ id: String(c.id), title: c.title, answer: c.answer, state: 'published' })).join('\n');
  await importEntries(db, text);
}

/** Runs every query through the search as agents use it, timing each. */
export async function runEvalQueries(db: Db, queries: readonly EvalQueryLine[]): Promise<EvalResult> {
  const { rows } = await db.query<{ id: string; external_id: string }>('SELECT id, external_id FROM kb_entries');
  const external = new Map(rows.map((r) => [r.id, r.external_id]));
  const ranked: string[][] = [];
  const times: number[] = [];
  for (const q of queries) {
    const started = performance.now();
    const { hits } = await searchEntries(db, q.query.slice(0, 2000), { states: ['published'] }, 10);
    times.push(performance.now() - started);
    ranked.push(hits.map((h) => external.get(h.id) ?? h.id));
  }
  times.sort((a, b) => a - b);
  return { ...rankMetrics(ranked, queries.map((q) => String(q.expected))), p50Ms: round(percentile(times, 50), 2), p95Ms: round(percentile(times, 95), 2) };
}
