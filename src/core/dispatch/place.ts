import type { Located, LocatedPath } from '../territory/locate.ts';
import { regionWithin } from './routing.ts';
import type { Place } from './suggest.ts';

const placeName = (p: LocatedPath): string | null => (p.town ?? p.county ?? p.city ?? p.province)?.name ?? null;

/**
 * The place a ticket is about, for dispatch: what the locator found, or — when a name is
 * ambiguous across the country (江北区 is in Chongqing and in Ningbo) — the one candidate inside
 * the deployment's own territory. Null when still unknown or ambiguous: better no territory
 * reason than a wrong one.
 */
export function placeForDispatch(located: Located, territories: readonly string[]): Place | null {
  if (located.code) {
    const name = placeName(located);
    return name ? { code: located.code, name } : null;
  }
  const inside = located.candidates.filter((c) => c.code && territories.some((t) => regionWithin(c.code, t)));
  if (inside.length !== 1) return null;
  const only = inside[0]!;
  const name = placeName(only);
  return only.code && name ? { code: only.code, name } : null;
}
