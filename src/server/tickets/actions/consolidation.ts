import { formatBasis, type Policy } from '../../../core/policy/index.ts';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import type { AppContext } from '../../app.ts';
import { policyForShare } from '../../policy/for-unit.ts';
import type { AssignmentRow } from '../store.ts';

/**
 * 牵头单位汇总答复 (重庆 第十三条（二）, 大足 第六条（二）: 由牵头承办单位汇总各方意见统一答复; 凉山 第十一条（三）:
 * 最终由牵头单位汇总各方意见统一答复诉求人): on a ticket with a lead (主办) share and assisting (协办) shares,
 * the assisting units reply to the lead, and the lead sends the one reply to the center, carrying
 * theirs. Joint (会签) shares are handled separately (凉山 第十一条（三）: 会签工单…分别处理) and have no lead.
 * Null where the preset says nothing of it (邵阳) or the ticket has no assisting share. The lead's
 * preset decides (its unit's: 大足 第六条（二） for a lead under 大足区), and is returned for the messages.
 */
export function leadAndAssists(app: Pick<AppContext, 'presets'>, shares: readonly AssignmentRow[]): { lead: AssignmentRow; assists: AssignmentRow[]; policy: Policy } | null {
  const top = shares.filter((a) => a.parent_id === null && a.status !== 'returned');
  const lead = top.find((a) => a.role === 'lead');
  const assists = top.filter((a) => a.role === 'assist');
  if (!lead || !assists.length) return null;
  const policy = policyForShare(app, lead);
  return policy.consolidation ? { lead, assists, policy } : null;
}

const DONE = ['replied', 'completed'];

/** The assisting shares whose reply the lead still waits for (one in 本单位审核 has not left its unit). */
export function openAssists(assists: readonly AssignmentRow[]): AssignmentRow[] {
  return assists.filter((a) => !DONE.includes(a.status));
}

/** Why the lead may not answer yet, citing the article. */
export function waitingForAssists(policy: Policy, open: readonly AssignmentRow[]): string {
  return `协办单位（${open.map((a) => a.unit_name).join('、')}）尚未答复，请汇总各方意见后统一答复（${formatBasis(policy, policy.consolidation!.basis)}）`;
}

/** The assisting units' replies as the lead's reply carries them to the center. */
export function assistReplies(assists: readonly AssignmentRow[]): Array<Record<string, unknown>> {
  return assists
    .filter((a) => a.reply)
    .map((a) => ({
      assignmentId: a.id,
      unitName: a.unit_name,
      handlerName: a.reply!.handlerName ?? null,
      process: a.reply!.process ?? null,
      result: a.reply!.result ?? null,
      contacted: a.reply!.contacted ?? null,
      repliedAt: a.replied_at ? formatInstant(a.replied_at.getTime()) : null,
    }));
}
