import { stopClocks } from '../clocks.ts';
import { notifyOutbox, updateAssignment, type AssignmentRow } from '../store.ts';
import { leadAndAssists } from './consolidation.ts';
import type { ActionContext } from './registry.ts';

/**
 * The reply leaves the unit: the share is replied and its clocks stop (the handling time ends when
 * the reply is sent, not when the unit's reviewer first saw it). Run by 办理答复 directly, or by
 * 审核通过答复 where the unit reviews its replies first (unit-review.ts).
 */
export async function deliverReply(ctx: ActionContext, a: AssignmentRow, report: Record<string, unknown>): Promise<void> {
  await updateAssignment(ctx.tx, a.id, { status: 'replied', replied_at: new Date(ctx.now), reply: report, reply_review: null });
  await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: a.id }, 'all', ctx.now);
  // an assisting unit's reply goes to the lead unit, which answers for all (consolidation.ts)
  const team = leadAndAssists(ctx.app, ctx.assignments);
  const toLead = team && team.assists.some((x) => x.id === a.id) ? team.lead : null;
  await ctx.event('reply', toLead ? { ...report, toUnitName: toLead.unit_name } : report, a.id);
  if (toLead) {
    await notifyOutbox(ctx.tx, { unitId: toLead.unit_id, ticketId: ctx.ticket.id, at: ctx.now, body: `【12345】工单 ${ctx.ticket.number} 协办单位${a.unit_name}已答复，请汇总各方意见后统一答复。` });
  }
}
