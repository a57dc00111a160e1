import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/server/db/connection.ts';
import { documentFrequencies, termsChanged } from '../../src/server/kb/term-frequencies.ts';

/** A database that answers kb_terms from a table in memory and counts what it was asked. */
function fakeTerms(table: Record<string, number>) {
  const asked: string[][] = [];
  const db = {
    async query(_text: string, params?: unknown[]) {
      const terms = params![1] as string[];
      asked.push(terms);
      return { rows: terms.filter((t) => t in table).map((term) => ({ term, df: table[term]! })), rowCount: 0 };
    },
  } as unknown as Queryable;
  return { db, asked, table };
}

describe('document frequencies kept between searches (issue 16)', () => {
  const T = 1_800_000_000_000;

  it('asks the database once for words it has read, and again for a word no entry held', async () => {
    const { db, asked, table } = fakeTerms({ '': 100, 公积金: 7, 提取: 3 });
    expect(await documentFrequencies(db, 'kb', ['', '公积金', '新词'], T)).toEqual(new Map([['', 100], ['公积金', 7]]));
    expect(await documentFrequencies(db, 'kb', ['公积金', ''], T + 1000)).toEqual(new Map([['', 100], ['公积金', 7]]));
    expect(asked).toHaveLength(1);
    // another process publishes an entry holding 新词: found by the next search, not 30 s later
    table['新词'] = 1;
    expect((await documentFrequencies(db, 'kb', ['新词', '提取'], T + 2000)).get('新词')).toBe(1);
    expect(asked.at(-1)).toEqual(['新词', '提取']);
  });

  it('reads again after its own write has settled, and after 30 seconds whatever happened', async () => {
    const { db, asked, table } = fakeTerms({ '': 100, 噪音: 9 });
    await documentFrequencies(db, 'kb', ['噪音'], T);
    table['噪音'] = 10;
    termsChanged('kb', T + 1000);
    // the write's transaction may not have committed yet: read, but not kept
    expect((await documentFrequencies(db, 'kb', ['噪音'], T + 2000)).get('噪音')).toBe(10);
    expect((await documentFrequencies(db, 'kb', ['噪音'], T + 3000)).get('噪音')).toBe(10);
    expect(asked).toHaveLength(3);
    // settled: kept again
    await documentFrequencies(db, 'kb', ['噪音'], T + 12_000);
    await documentFrequencies(db, 'kb', ['噪音'], T + 13_000);
    expect(asked).toHaveLength(4);
    table['噪音'] = 12;
    expect((await documentFrequencies(db, 'kb', ['噪音'], T + 43_000)).get('噪音')).toBe(12);
    expect(asked).toHaveLength(5);
  });

  it('keeps each database and corpus apart; a ticket closed does not unsettle the knowledge base', async () => {
    const a = fakeTerms({ 路灯: 4 });
    const b = fakeTerms({ 路灯: 40 });
    expect((await documentFrequencies(a.db, 'kb', ['路灯'], T + 100_000)).get('路灯')).toBe(4);
    expect((await documentFrequencies(b.db, 'kb', ['路灯'], T + 100_000)).get('路灯')).toBe(40);
    expect((await documentFrequencies(a.db, 'tickets', ['路灯'], T + 100_000)).get('路灯')).toBe(4);
    termsChanged('tickets', T + 100_500);
    await documentFrequencies(a.db, 'kb', ['路灯'], T + 101_000);
    expect(a.asked).toHaveLength(2);
  });
});
