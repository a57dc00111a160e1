import type { Queryable } from '../db/connection.ts';

export type Corpus = 'kb' | 'tickets';

/**
 * How long a word's document frequency is taken from memory. Every search asked kb_terms for its
 * words before anything else, one round trip ahead of the candidates that waited on it (issue 16:
 * under load each round trip waits its turn). A frequency a little old only shifts a word's weight
 * by as much as the entries written meanwhile; the ones this process writes clear it at once
 * (termsChanged), another process's (a second worker, `kb import`) are seen within this time.
 */
const FRESH_MS = 30_000;
/** Words kept per database and corpus before the reading is dropped whole. */
const MAX_WORDS = 50_000;
/**
 * After this process writes a corpus's frequencies, nothing is kept for this long: the write is in a
 * transaction not yet committed, and a reading taken before its commit would be old at once.
 */
const SETTLE_MS = 10_000;

interface Reading {
  at: number;
  generation: number;
  df: Map<string, number>;
}

const generations: Record<Corpus, number> = { kb: 0, tickets: 0 };
const settledAt: Record<Corpus, number> = { kb: 0, tickets: 0 };
const readings = new WeakMap<object, Partial<Record<Corpus, Reading>>>();

/** The corpus's frequencies were written by this process: the next search reads them again. */
export function termsChanged(corpus: Corpus, now = Date.now()): void {
  generations[corpus] += 1;
  settledAt[corpus] = now + SETTLE_MS;
}

/**
 * Document frequencies of the given terms in the corpus ('' is the number of documents, ' len' their
 * total length). Only words found are remembered: a word no entry holds yet is asked again every
 * time, so the entry that brings it is found at once.
 */
export async function documentFrequencies(db: Queryable, corpus: Corpus, terms: readonly string[], now = Date.now()): Promise<Map<string, number>> {
  const byCorpus = readings.get(db) ?? readings.set(db, {}).get(db)!;
  let reading = byCorpus[corpus];
  if (!reading || reading.generation !== generations[corpus] || now - reading.at > FRESH_MS || reading.df.size > MAX_WORDS) {
    reading = { at: now, generation: generations[corpus], df: new Map() };
    byCorpus[corpus] = reading;
  }
  const wanted = [...new Set(terms)];
  const missing = wanted.filter((t) => !reading.df.has(t));
  if (missing.length) {
    const generation = generations[corpus];
    const { rows } = await db.query<{ term: string; df: number }>('SELECT term, df::float8 AS df FROM kb_terms WHERE corpus = $1 AND term = ANY($2::text[])', [corpus, missing]);
    // a write while the read was out, or one not yet committed: what was read may be old at once
    const keep = generation === generations[corpus] && byCorpus[corpus] === reading && now >= settledAt[corpus];
    if (keep) for (const r of rows) if (r.df > 0) reading.df.set(r.term, r.df);
    const read = new Map(rows.map((r) => [r.term, r.df]));
    return new Map(wanted.flatMap((t) => {
      const df = reading.df.get(t) ?? read.get(t);
      return df === undefined ? [] : [[t, df] as const];
    }));
  }
  return new Map(wanted.map((t) => [t, reading.df.get(t)!]));
}
