import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '../../src/server/db/connection.ts';
import { schemaChanged, statementName } from '../../src/server/db/prepared.ts';
import { testDb } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '../..');

/**
 * Statements kept prepared (src/server/db/prepared.ts, issue 16): named from their second use, the
 * same name for the same text, a new one after a schema change — and on the database the answers
 * stay right when a table changes under a statement prepared before (`SELECT *` after ADD COLUMN).
 */
describe('statement names', () => {
  it('names a text from its second use, keeps the name, and renames everything after a schema change', () => {
    const text = `SELECT $1::int AS n -- ${Math.random()}`;
    expect(statementName(text)).toBeUndefined();
    const name = statementName(text);
    expect(name).toMatch(/^o\d+_[0-9a-f]{40}$/);
    expect(statementName(text)).toBe(name);
    expect(name!.length).toBeLessThan(64); // PostgreSQL's identifiers stop at 63 bytes
    schemaChanged();
    expect(statementName(text)).toBeUndefined();
    const renamed = statementName(text);
    expect(renamed).toBeDefined();
    expect(renamed).not.toBe(name);
  });
});

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await testDb());
  await db.exec('CREATE TABLE prepared_probe (id int PRIMARY KEY, a text)');
  await db.query(`INSERT INTO prepared_probe VALUES (1, 'x'), (2, 'y')`);
});
afterAll(() => drop());

describe('on the database', () => {
  it('answers the same through a prepared statement, in and out of a transaction, and after the table changed', async () => {
    const read = (q: { query: Db['query'] }) => q.query<Record<string, unknown>>('SELECT * FROM prepared_probe WHERE id = $1', [1]);
    for (let i = 0; i < 8; i += 1) expect((await read(db)).rows).toEqual([{ id: 1, a: 'x' }]);
    expect((await db.transaction((tx) => read(tx))).rows).toEqual([{ id: 1, a: 'x' }]);
    await db.exec('ALTER TABLE prepared_probe ADD COLUMN b text');
    await db.query(`UPDATE prepared_probe SET b = $1 WHERE id = $2`, ['z', 1]);
    for (let i = 0; i < 3; i += 1) expect((await read(db)).rows).toEqual([{ id: 1, a: 'x', b: 'z' }]);
    // a wrong parameter is still the database's clear error, and the connection goes on working
    await expect(db.query('SELECT * FROM prepared_probe WHERE id = $1', ['not a number'])).rejects.toThrow(/integer/);
    expect((await read(db)).rows).toHaveLength(1);
  });

  it('goes on answering when another process alters the table under a statement prepared here', async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) return; // one process holds the embedded database
    const read = () => db.query<Record<string, unknown>>('SELECT * FROM prepared_probe WHERE id = $1', [2]);
    for (let i = 0; i < 12; i += 1) expect((await read()).rows[0]).toMatchObject({ id: 2, a: 'y' });
    // as `open12345 migrate` or a newer instance would: its own connection, outside this process's names
    const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
    const other = new pg.Client({ connectionString: url, options: `-c search_path=${rows[0]!.schema}` });
    await other.connect();
    await other.query('ALTER TABLE prepared_probe ADD COLUMN c int');
    await other.end();
    for (let i = 0; i < 12; i += 1) expect((await read()).rows[0]).toEqual({ id: 2, a: 'y', b: null, c: null });
  });

  it('sets every connection as it opens: no JIT, the knowledge search\'s trigram threshold', async () => {
    const threshold = await db.query<{ v: string }>(`SELECT current_setting('pg_trgm.word_similarity_threshold') AS v`);
    expect(Number(threshold.rows[0]!.v)).toBe(0.5);
    if (db.kind === 'postgres') expect((await db.query<{ jit: string }>('SHOW jit')).rows[0]!.jit).toBe('off');
  });

  it('settles those settings before a new connection runs anything: ten opened at once, each already set, and no warning from pg', () => {
    if (db.kind !== 'postgres') return;
    const out = execFileSync(process.execPath, [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'test/fixtures/pool-first-queries.ts'), process.env.TEST_DATABASE_URL!], { encoding: 'utf8' });
    const { jit, warnings } = JSON.parse(out.trim().split('\n').at(-1)!) as { jit: string[]; warnings: string[] };
    expect(jit).toEqual(Array(10).fill('off'));
    expect(warnings).toEqual([]);
  });
});
