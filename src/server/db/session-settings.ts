/**
 * Settings every connection starts with: SET as it opens, on PostgreSQL (connection.ts) and PGlite.
 *
 * - JIT off: our statements are short, but a few carry per-row subqueries whose estimated cost passes
 *   jit_above_cost, and then each execution spent ~50 ms compiling (the 督办件台账 took 105–146 ms,
 *   21–24 ms without it, on bench:load's database; a prepared statement keeps its plan, not its JIT
 *   code). Issue 16.
 * - Parallel plans only where they save far more than their start: PostgreSQL's default setup cost
 *   (1,000) let the 督办件台账 take a parallel scan whose worker took ~20 ms to start for ~4 ms of work
 *   (33 ms a read, 1.5 ms planned without it), and a parallel plan takes the other core from the
 *   requests waiting beside it. At 20,000 a scan large enough to gain from workers (an export, a
 *   report over the whole history) still gets them. Issue 16.
 * - The trigram match's threshold for the knowledge search (kb/search.ts: 0.5 of a query's trigrams,
 *   for its characters and its sounds alike). Set once here instead of SET LOCAL in a transaction
 *   around each match: that was three more round trips on every short search.
 */
export const WORD_SIMILARITY_THRESHOLD = 0.5;

export const SESSION_SETTINGS: ReadonlyArray<readonly [string, string]> = [
  ['jit', 'off'],
  ['parallel_setup_cost', '20000'],
  ['pg_trgm.word_similarity_threshold', String(WORD_SIMILARITY_THRESHOLD)],
];
