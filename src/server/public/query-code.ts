import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The query code (查询码) a caller gets by SMS to follow a ticket on the portal. Ten characters from
 * 31 that cannot be mistaken for one another when read off a phone (no 0/O, 1/I/L): 31^10 ≈ 2^49.5
 * codes, where the old 6-digit codes had 10^6 ≈ 2^19.9. Old codes keep working. Case, spaces and
 * hyphens do not matter when typed.
 */
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const QUERY_CODE_LENGTH = 10;
/** log2(31^10): the figure the README gives. */
export const QUERY_CODE_BITS = QUERY_CODE_LENGTH * Math.log2(QUERY_CODE_ALPHABET.length);

/** What a new code or an old 6-digit one looks like once normalised. */
export const QUERY_CODE_PATTERN = new RegExp(`^(?:[${QUERY_CODE_ALPHABET}]{${QUERY_CODE_LENGTH}}|\\d{6})$`);

export function newQueryCode(): string {
  let code = '';
  for (let i = 0; i < QUERY_CODE_LENGTH; i += 1) code += QUERY_CODE_ALPHABET[randomInt(QUERY_CODE_ALPHABET.length)];
  return code;
}

/** As the caller may type it: "ab3k-7mqp 9x" → "AB3K7MQP9X". */
export function normalizeQueryCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Compares in constant time: both sides hashed to 32 bytes first, so neither the position of the
 * first wrong character nor the length of the stored code shows in the time taken. A ticket
 * without a code (registered before codes existed) matches nothing.
 */
export function queryCodeMatches(stored: string | null, typed: string): boolean {
  const expected = digest(stored === null ? '' : normalizeQueryCode(stored));
  const equal = timingSafeEqual(expected, digest(normalizeQueryCode(typed)));
  return equal && stored !== null;
}
