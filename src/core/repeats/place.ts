import { locate } from '../territory/index.ts';
import { normalizeAddress } from './normalize.ts';

/** Where a request is, as compared for repeats: the address as written and its town (乡镇/街道). */
export interface PlaceKey {
  /** The address reduced by normalizeAddress, or null when there is none. */
  address: string | null;
  /** The 9-digit town code when the address names a town unambiguously (src/core/territory). */
  town: string | null;
}

export type PlaceMatch = 'address' | 'town' | null;

// locate() reads the whole division table (~0.7 ms a call); hotline addresses repeat a lot, so the
// answers for the last few thousand addresses are kept.
const TOWN_CACHE = new Map<string, string | null>();
const TOWN_CACHE_SIZE = 5000;

function townOf(address: string): string | null {
  const cached = TOWN_CACHE.get(address);
  if (cached !== undefined) return cached;
  const located = locate(address);
  const town = located.candidates.length === 0 && located.town ? located.town.code : null;
  if (TOWN_CACHE.size >= TOWN_CACHE_SIZE) TOWN_CACHE.delete(TOWN_CACHE.keys().next().value!);
  TOWN_CACHE.set(address, town);
  return town;
}

export function placeKey(address: string | null | undefined): PlaceKey {
  const key = normalizeAddress(address);
  return { address: key, town: key ? townOf(address!) : null };
}

/** A normalised address this long inside another names the same spot ("新华路12号" in "渝中区新华路12号"). */
const MIN_CONTAINED = 5;

/**
 * How two places agree: the same address (equal, or the shorter one, long enough, inside the
 * longer), else the same town, else not at all. A county or a city is too large to mean "the same
 * matter", so only the town level counts.
 */
export function matchPlace(a: PlaceKey, b: PlaceKey): PlaceMatch {
  if (a.address && b.address) {
    if (a.address === b.address) return 'address';
    const [short, long] = a.address.length <= b.address.length ? [a.address, b.address] : [b.address, a.address];
    if (short.length >= MIN_CONTAINED && long.includes(short)) return 'address';
  }
  if (a.town && a.town === b.town) return 'town';
  return null;
}
