import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '../../src/server/db/connection.ts';
import { parseTimestamptz } from '../../src/server/db/timestamps.ts';
import { testDb } from '../helpers.ts';

/**
 * `timestamptz` read by character codes (src/server/db/timestamps.ts, issue 16): the same instant as
 * the text says, for every offset and fraction PostgreSQL writes, and the rare shapes left to pg's parser.
 */
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `at` as PostgreSQL writes it at a UTC offset of `offset` minutes, with `digits` digits of fraction from `micros`. */
function asPostgresWrites(at: number, offset: number, micros: number, digits: number): string {
  const local = new Date(at + offset * 60_000);
  const fraction = digits ? `.${pad(micros, 6).slice(0, digits)}` : '';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const zone = `${sign}${pad(Math.floor(abs / 60))}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`;
}

describe('parseTimestamptz', () => {
  it('reads the instant of every date, offset and fraction PostgreSQL writes, to the millisecond', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1001, 0, 2), max: Date.UTC(9998, 11, 30) }).map((ms) => Math.floor(ms / 1000) * 1000),
        fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 6 }),
        (second, offset, micros, digits) => {
          const text = asPostgresWrites(second, offset, micros, digits);
          const shown = digits ? Math.floor(Number(pad(micros, 6).slice(0, digits).padEnd(6, '0')) / 1000) : 0;
          expect((parseTimestamptz(text) as Date).getTime()).toBe(second + shown);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads the shapes of a busy day as pg does', () => {
    expect((parseTimestamptz('2026-12-03 11:54:10.601049+00') as Date).toISOString()).toBe('2026-12-03T11:54:10.601Z');
    expect((parseTimestamptz('2026-12-03 19:54:10+08') as Date).toISOString()).toBe('2026-12-03T11:54:10.000Z');
    expect((parseTimestamptz('2026-12-03 06:24:10.5-05:30') as Date).toISOString()).toBe('2026-12-03T11:54:10.500Z');
  });

  it('leaves to pg’s parser what it does not read itself: infinity, BC, years before 1000, offsets with seconds', () => {
    expect(parseTimestamptz('infinity')).toBe(Infinity);
    expect(parseTimestamptz('-infinity')).toBe(-Infinity);
    expect((parseTimestamptz('0099-03-01 00:00:00+00') as Date).getUTCFullYear()).toBe(99);
    expect((parseTimestamptz('2000-01-01 00:00:00+00 BC') as Date).getUTCFullYear()).toBe(-1999);
    // Shanghai's local mean time before 1901
    expect((parseTimestamptz('1900-01-01 08:05:43+08:05:43') as Date).toISOString()).toBe('1900-01-01T00:00:00.000Z');
  });
});

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => ({ db, drop } = await testDb()));
afterAll(() => drop());

describe('on the database', () => {
  it('gives back the instants written, whatever the session time zone', async () => {
    // (not 1900: PGlite's own parser gives an invalid date for Shanghai's local mean time)
    const instants = ['2026-12-03T11:54:10.601Z', '2026-01-28T16:00:00.000Z', '1999-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z'];
    if (process.env.TEST_DATABASE_URL) instants.push('1900-01-01T00:00:00.000Z'); // +08:05:43 in Shanghai: pg's parser
    for (const zone of ['UTC', 'Asia/Shanghai', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham']) {
      const rows = await db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('TimeZone', $1, true)`, [zone]);
        return (await tx.query<{ at: Date }>('SELECT unnest($1::timestamptz[]) AS at', [instants])).rows;
      });
      expect(rows.map((r) => r.at.toISOString()), zone).toEqual(instants);
    }
  });
});
