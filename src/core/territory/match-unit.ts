import type { LocatedPath } from './locate.ts';

export interface RegionalUnit {
  id: string;
  /** units.region_code: a 6-digit GB/T 2260 code (500000, 513400, 500111) or a 9/12-digit town code. */
  regionCode: string | null;
}

/**
 * The meaningful digits of a region code, so codes of different levels compare by prefix:
 * 500000 → 50 (province), 513400 → 5134 (city), 500111 → 500111 (county),
 * 500111001 and 500111001000 → 500111001 (town). Null for anything that is not such a code.
 */
export function regionPrefix(code: string | null | undefined): string | null {
  if (!code || !/^\d+$/.test(code)) return null;
  if (code.length === 12) return code.endsWith('000') ? code.slice(0, 9) : code;
  if (code.length === 9) return code;
  if (code.length !== 6) return null;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/**
 * The unit whose region is the most specific one containing the located place: a street office
 * of the located town beats the district government, which beats the city's hotline center.
 * Units of another region, without a region, or more specific than what was located (a town's
 * office when only the county is known) never match. Among equally specific units the first in
 * `units` wins, so callers order them by preference (e.g. lead units first). Null when none fits,
 * including when the place is unknown or ambiguous with no level in common.
 */
export function matchUnitByRegion<U extends RegionalUnit>(located: Pick<LocatedPath, 'code'>, units: readonly U[]): U | null {
  const target = regionPrefix(located.code);
  if (!target) return null;
  let best: U | null = null;
  let bestLength = 0;
  for (const unit of units) {
    const prefix = regionPrefix(unit.regionCode);
    if (prefix && target.startsWith(prefix) && prefix.length > bestLength) {
      best = unit;
      bestLength = prefix.length;
    }
  }
  return best;
}
