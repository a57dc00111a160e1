import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '../../src/server/db/connection.ts';
import { schemaChanged, statementName } from '../../src/server/db/prepared.ts';
import { testDb } from '../helpers.ts';

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
});
