import pg from 'pg';

/** pg's own parser (postgres-date): every shape PostgreSQL writes, BC years and infinity included. */
const general = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date | number | null;

const ZERO = 48;
const digit = (text: string, i: number): number => {
  const d = text.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : NaN;
};
const two = (text: string, i: number): number => digit(text, i) * 10 + digit(text, i + 1);

/**
 * A `timestamptz` as PostgreSQL writes it with DateStyle ISO — `2026-12-03 11:54:10.601049+00`, the
 * offset `±HH` or `±HH:MM` — read by character codes, the same instant postgres-date gives
 * (milliseconds truncated). Row parsing was the server's work in a busy hour: the inbox's 700 waiting
 * reviews spent 12 % of their CPU in postgres-date's regular expressions, and every ticket read and
 * list pays it per column (issue 16). Anything else — a year before 1000 or after 9999, BC, an
 * offset with seconds (local mean time before 1901), infinity — goes to postgres-date.
 */
export function parseTimestamptz(text: string): Date | number | null {
  const n = text.length;
  if (n < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return general(text);
  const year = two(text, 0) * 100 + two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    const from = (i += 1);
    while (i < n && !Number.isNaN(digit(text, i))) i += 1;
    // the fraction's first three digits are the milliseconds; microseconds are dropped, as postgres-date does
    for (let k = 0; k < 3; k += 1) ms = ms * 10 + (from + k < i ? digit(text, from + k) : 0);
  }
  const sign = text.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return general(text);
  let offset = two(text, i + 1) * 60;
  if (n === i + 6 && text.charCodeAt(i + 3) === 58) offset += two(text, i + 4);
  else if (n !== i + 3) return general(text);
  const at = Date.UTC(year, month - 1, day, hour, minute, second, ms) - (sign === 43 ? offset : -offset) * 60_000;
  // a character that was not a digit made NaN; Date.UTC reads years 0–99 as 1900–1999
  if (Number.isNaN(at) || year < 1000) return general(text);
  return new Date(at);
}
