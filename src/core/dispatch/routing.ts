import { regionPrefix } from '../territory/match-unit.ts';

export type RoutableUnitKind = 'district' | 'department' | 'street' | 'community' | 'enterprise';
export const ROUTABLE_UNIT_KINDS: readonly RoutableUnitKind[] = ['district', 'department', 'street', 'community', 'enterprise'];

/**
 * One line of the 派单目录 (routing table): requests of a category, in a territory, go to a named
 * unit or to the unit of a kind (with a duty) responsible for the place. Dispatch follows territory
 * (属地) and responsibility (属事): CQ 第十二条, LS 第十一条.
 */
export interface RoutingRule {
  id: string;
  /** '城乡建设' (every matter of the domain) or '城乡建设/路灯照明' (one matter). */
  category: string;
  /** The territory the line holds for (GB/T 2260 code, any level); null: everywhere. */
  regionCode: string | null;
  /** A named unit … */
  unitId: string | null;
  /** … or the unit of this kind responsible for the located place … */
  unitKind: RoutableUnitKind | null;
  /** … that lists this duty among its responsibilities. */
  duty: string | null;
  note: string | null;
}

/**
 * How closely a rule's category names the ticket's: 2 for the same matter, 1 for its domain,
 * 0 when it does not apply. A line for the matter beats a line for the whole domain.
 */
export function categoryFit(ruleCategory: string, category: string): number {
  if (ruleCategory === category) return ruleCategory.includes('/') ? 2 : 1;
  if (!ruleCategory.includes('/') && category.startsWith(`${ruleCategory}/`)) return 1;
  return 0;
}

/** Whether a region (code) lies inside a territory (code), comparing meaningful digits. */
export function regionWithin(code: string | null, territory: string | null): boolean {
  const inner = regionPrefix(code);
  const outer = regionPrefix(territory);
  return inner !== null && outer !== null && inner.startsWith(outer);
}

/**
 * The lines that hold for a category at a place, most specific first (matter before domain,
 * a named territory before everywhere). With no known place only lines for everywhere hold.
 */
export function applicableRules(rules: readonly RoutingRule[], category: string, placeCode: string | null): RoutingRule[] {
  const scored: Array<{ rule: RoutingRule; fit: number; region: number }> = [];
  for (const rule of rules) {
    const fit = categoryFit(rule.category, category);
    if (!fit) continue;
    if (rule.regionCode !== null && !regionWithin(placeCode, rule.regionCode)) continue;
    scored.push({ rule, fit, region: regionPrefix(rule.regionCode)?.length ?? 0 });
  }
  return scored.sort((a, b) => b.fit - a.fit || b.region - a.region).map((s) => s.rule);
}
