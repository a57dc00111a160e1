import { bandHashes } from './lsh.ts';
import { minhash } from './minhash.ts';
import { normalizeForMatching } from './normalize.ts';
import { placeKey, type PlaceKey } from './place.ts';
import { shingles } from './shingles.ts';

/**
 * Bumped when normalisation, shingling or hashing change: fingerprints of another version do not
 * compare, and are computed again.
 */
export const FINGERPRINT_VERSION = 1;

export interface RepeatSubject {
  /** The request's words: title and content together (requestText), a title alone is often generic. */
  text: string;
  address?: string | null | undefined;
  callerPhone?: string | null | undefined;
}

export interface Fingerprint {
  signature: Int32Array;
  bands: Int32Array;
  place: PlaceKey;
  callerPhone: string | null;
}

/** Digits only, without the country code: "+86 138-1234-1234" and "13812341234" are one caller. */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');
  return digits.length >= 5 ? digits : null;
}

/** A ticket's title and content as one text to match. */
export function requestText(title: string | null | undefined, content: string): string {
  return title ? `${title}\n${content}` : content;
}

export function fingerprint(s: RepeatSubject): Fingerprint {
  const signature = minhash(shingles(normalizeForMatching(s.text)));
  return { signature, bands: bandHashes(signature), place: placeKey(s.address), callerPhone: normalizePhone(s.callerPhone) };
}
