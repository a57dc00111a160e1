import { createHash } from 'node:crypto';

/**
 * Names for the statements PostgreSQL should keep prepared on each connection (issue 16).
 *
 * Under the busy-hour load half of PostgreSQL's CPU went to parsing and planning the same few dozen
 * statements again on every request (pg_stat_statements, bench:intake's full life: 3.7 s of planning
 * beside 3.6 s of execution). A named statement is parsed once per connection and its plan is cached;
 * PostgreSQL still plans a parameter-specific plan where a generic one would be worse (plan_cache_mode
 * auto), so the partial indexes keep being used.
 *
 * A text is named from its second use (a one-off statement — an import, a report with its own
 * literals — is not kept), and at most MAX_NAMED texts are named per process, so generated SQL can
 * never fill the connections' memory. The name is the text's hash, with a generation that changes
 * after a schema change in this process (migrations), or when PostgreSQL refuses a statement whose
 * table another process changed (connection.ts, replanned): a `SELECT *` prepared before an ALTER TABLE
 * is not used after it.
 */
const MAX_NAMED = 2000;

const seen = new Map<string, string | null>();
let named = 0;
let generation = 0;

export function statementName(text: string): string | undefined {
  const known = seen.get(text);
  if (known) return known;
  if (known === undefined) {
    if (seen.size < MAX_NAMED * 4) seen.set(text, null);
    return undefined;
  }
  if (named >= MAX_NAMED) return undefined;
  const name = `o${generation}_${createHash('sha1').update(text).digest('hex')}`;
  seen.set(text, name);
  named += 1;
  return name;
}

/** After DDL: every statement is prepared afresh under a new name. */
export function schemaChanged(): void {
  seen.clear();
  named = 0;
  generation += 1;
}

/**
 * Statements that can change a table under a prepared statement: the names are retired before they
 * run (migrations go through exec(), which does the same). CREATE cannot — and the daily
 * CREATE SEQUENCE IF NOT EXISTS of the ticket numbers would otherwise retire them every day.
 */
const DDL = /^\s*(ALTER|DROP)\s/i;

/**
 * The name a statement runs under, or undefined to send it unnamed: a statement with parameters is
 * named once it repeats; one without is sent as it is (an ALTER or DROP retires every name first).
 */
export function preparedName(text: string, params: unknown[] | undefined, prepared: boolean): string | undefined {
  if (!params?.length) {
    if (DDL.test(text)) schemaChanged();
    return undefined;
  }
  return prepared ? statementName(text) : undefined;
}

/**
 * Another process (an instance of a newer version, `open12345 migrate`) altered a table that a
 * statement prepared here reads with `*`: PostgreSQL refuses to run it again. Every statement is
 * renamed, to be prepared afresh; true when that was the error.
 */
export function replanned(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e?.code !== '0A000' || !/cached plan must not change result type/.test(e.message ?? '')) return false;
  schemaChanged();
  return true;
}
