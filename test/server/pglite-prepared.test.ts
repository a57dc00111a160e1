import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDb, type Db } from '../../src/server/db/connection.ts';

/**
 * Statements kept prepared in the embedded engine (src/server/db/pglite.ts, issue 16): what a
 * statement answers, counts and refuses is the same whether it went through PGlite's query() (its
 * first use) or as a named statement (every use after), and the engine's one connection is shared
 * as before: a statement outside a transaction waits for an open one instead of running inside it.
 */
let db: Db;
let plain: Db;
beforeAll(async () => {
  [db, plain] = await Promise.all([pgliteDb(), pgliteDb(undefined, { prepared: false })]);
  for (const d of [db, plain]) {
    await d.exec(`CREATE TABLE probe (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int UNIQUE, at timestamptz, day date,
      data jsonb, tags text[], ok boolean, note text)`);
  }
});
afterAll(async () => {
  await Promise.all([db?.close(), plain?.close()]);
});

const kept = async (d: Db, like: string) =>
  (await d.query<{ statement: string }>(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%' || $1 || '%'`, [like])).rows.length;

describe('the embedded engine keeps repeated statements prepared', () => {
  it('from the second use, and only when asked to', async () => {
    const text = 'SELECT count(*)::int AS c FROM probe WHERE n > $1 -- kept-probe';
    for (const d of [db, plain]) {
      expect((await d.query(text, [0])).rows).toEqual([{ c: 0 }]);
      expect(await kept(d, 'kept-probe')).toBe(0);
      await d.query(text, [0]);
    }
    expect(await kept(db, 'kept-probe')).toBe(1);
    expect(await kept(plain, 'kept-probe')).toBe(0);
  });

  it('answers every type alike on the first use and the later ones', async () => {
    const insert = `INSERT INTO probe (n, at, day, data, tags, ok, note) VALUES ($1, $2, $3, $4, $5, $6, $7)
      RETURNING n, at, day, data, tags, ok, note`;
    const at = new Date('2026-12-03T08:30:15.123Z');
    const answers: Record<Db['kind'] | 'plain', unknown[]> = { pglite: [], postgres: [], plain: [] };
    for (const [key, d] of [['pglite', db], ['plain', plain]] as const) {
      for (let i = 1; i <= 4; i += 1) {
        const { rows, rowCount } = await d.query(insert, [i, at, '2026-02-28', { 区: '渝中', n: i }, ['路灯', "o'neil"], i % 2 === 0, i === 3 ? null : `第${i}件`]);
        expect(rowCount).toBe(1);
        answers[key].push(rows[0]);
      }
    }
    // the same values as PGlite's own query() gives them, on the first use and every later one
    expect(answers.pglite).toEqual(answers.plain);
    expect(answers.pglite).toMatchObject(
      [1, 2, 3, 4].map((i) => ({ n: i, at, data: { 区: '渝中', n: i }, tags: ['路灯', "o'neil"], ok: i % 2 === 0, note: i === 3 ? null : `第${i}件` })),
    );
    // what an UPDATE or DELETE touched is counted on both paths
    for (let i = 0; i < 3; i += 1) expect((await db.query('UPDATE probe SET note = $1 WHERE n <= $2', ['改', 2])).rowCount).toBe(2);
    for (let i = 0; i < 3; i += 1) expect((await db.query('DELETE FROM probe WHERE n = $1', [99])).rowCount).toBe(0);
  });

  it('refuses as the database does, rolls the whole transaction back, and goes on', async () => {
    const add = (tx: { query: Db['query'] }, n: number, note: string) => tx.query('INSERT INTO probe (n, note) VALUES ($1, $2)', [n, note]);
    await add(db, 10, 'a');
    await add(db, 11, 'b');
    const failing = db.transaction(async (tx) => {
      await add(tx, 12, 'c');
      await add(tx, 10, 'twice');
    });
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect((await db.query('SELECT n FROM probe WHERE n >= $1 ORDER BY n', [10])).rows).toEqual([{ n: 10 }, { n: 11 }]);
    await expect(db.query('SELECT n FROM probe WHERE n >= $1 ORDER BY n', ['十'])).rejects.toThrow(/integer/);
    await add(db, 12, 'c');
    expect((await db.query('SELECT n FROM probe WHERE n >= $1 ORDER BY n', [10])).rows).toHaveLength(3);
  });

  it('runs a statement outside a transaction after the open one ends, never inside it', async () => {
    const count = () => db.query<{ c: number }>('SELECT count(*)::int AS c FROM probe WHERE note = $1', ['waiting']);
    await count();
    await count(); // named from here on
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const didInsert = new Promise<void>((r) => (inserted = r));
    const tx = db.transaction(async (t) => {
      await t.query('INSERT INTO probe (n, note) VALUES ($1, $2)', [20, 'waiting']);
      inserted();
      await held;
      throw new Error('given up');
    });
    await didInsert;
    let outside: number | null = null;
    const read = count().then((r) => (outside = r.rows[0]!.c));
    await new Promise((r) => setTimeout(r, 50));
    expect(outside).toBeNull(); // it waits: inside the open transaction it would have counted the uncommitted row
    release();
    await expect(tx).rejects.toThrow('given up');
    await read;
    expect(outside).toBe(0);
  });

  it('follows a table changed by a statement, and forgets what it kept when a script runs', async () => {
    const read = () => db.query<Record<string, unknown>>('SELECT * FROM probe WHERE n = $1', [11]);
    for (let i = 0; i < 3; i += 1) expect(Object.keys((await read()).rows[0]!)).not.toContain('extra');
    await db.query('ALTER TABLE probe ADD COLUMN extra int');
    for (let i = 0; i < 3; i += 1) expect((await read()).rows[0]).toMatchObject({ n: 11, extra: null });
    expect(await kept(db, 'FROM probe WHERE n =')).toBeGreaterThan(0);
    await db.exec('ALTER TABLE probe DROP COLUMN extra');
    expect(await kept(db, 'FROM probe WHERE n =')).toBe(0);
    for (let i = 0; i < 3; i += 1) expect(Object.keys((await read()).rows[0]!)).not.toContain('extra');
  });
});

describe('a closed engine', () => {
  it('refuses a statement it kept prepared as query() refuses any', async () => {
    const d = await pgliteDb();
    await d.query('SELECT $1::int AS n', [1]);
    await d.query('SELECT $1::int AS n', [1]);
    await d.close();
    await expect(d.query('SELECT $1::int AS n', [1])).rejects.toThrow('PGlite is closed');
  });
});
