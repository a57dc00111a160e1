import type { Urgency } from '../vocabulary.ts';
import type { FastLane, Policy } from './schema.ts';

type Route = NonNullable<FastLane['routes']>[number];

/** The report the hotline owes at once for a ticket of this urgency (凉山 第十二条（四）), if any. */
export function specialReport(policy: Policy, urgency: Urgency): FastLane['report'] | null {
  const r = policy.fastLane?.report;
  return r && urgency !== 'normal' && r.urgencies.includes(urgency) ? r : null;
}

/** Whether the units a ticket of this urgency goes to are told besides the order (凉山 第十二条（四）). */
export function tellsUnits(policy: Policy, urgency: Urgency): NonNullable<FastLane['tellUnits']> | null {
  const t = policy.fastLane?.tellUnits;
  return t && urgency !== 'normal' && t.urgencies.includes(urgency) ? t : null;
}

/**
 * The matters of the preset's emergency routing (邵阳 第十二条（二）) a request's text names, each with
 * the words that named it, in the preset's order. Only for urgent matters: an ordinary request that
 * mentions 火灾 in passing (a fire door locked, say) is dispatched by the routing table as usual.
 */
export function emergencyRoutes(policy: Policy, urgency: Urgency, text: string): Array<{ route: Route; words: string[] }> {
  if (urgency === 'normal') return [];
  const out: Array<{ route: Route; words: string[] }> = [];
  for (const route of policy.fastLane?.routes ?? []) {
    const words = route.keywords.filter((k) => text.includes(k));
    if (words.length) out.push({ route, words });
  }
  return out;
}
