import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/connection.ts';
import { FIELD_WEIGHT, quoteLexeme, tsvectorLiteral } from '../../src/server/kb/indexing.ts';
import { termCounts, termFrequencySql } from '../../src/server/kb/query-plan.ts';
import { testDb } from '../helpers.ts';

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await testDb());
});
afterAll(() => drop());

/** What the ranking counts, read by the database from an indexed entry (PGlite and PostgreSQL alike). */
async function counts(fields: Parameters<typeof tsvectorLiteral>[0], words: string[]): Promise<number[]> {
  const { rows } = await db.query<{ tf: number[] }>(`SELECT ${termFrequencySql('$1::tsvector', '$2')} AS tf`, [tsvectorLiteral(fields).literal, words.map(quoteLexeme)]);
  return termCounts(rows[0]!.tf);
}

describe('the ranking’s word counts', () => {
  it('weigh each occurrence by its field, in the order the words were asked, whatever the word', async () => {
    const fields = [
      { tokens: ['公积金', '提取'], weight: 'A' as const },
      { tokens: ['公积金', "o'neil", '12%'], weight: 'B' as const },
      { tokens: ['提取', '公积金', '公积金', '12%', 'a\\b'], weight: 'C' as const },
    ];
    const { A, B, C } = FIELD_WEIGHT;
    expect(await counts(fields, ['提取', '公积金', '社保', '12%', "o'neil", 'a\\b', '12'])).toEqual([A + C, A + B + 2 * C, 0, B + C, B, C, 0]);
  });

  it('count up to the 64 occurrences an entry keeps of a word', async () => {
    const many = Array.from({ length: 80 }, () => '路灯');
    expect(await counts([{ tokens: ['路灯'], weight: 'A' }, { tokens: many, weight: 'C' }], ['路灯'])).toEqual([FIELD_WEIGHT.A + 63 * FIELD_WEIGHT.C]);
  });
});
