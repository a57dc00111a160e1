import { stopClocks } from '../clocks.ts';
import { updateAssignment, type AssignmentRow } from '../store.ts';
import type { ActionContext } from './registry.ts';

/**
 * The reply leaves the unit: the share is replied and its clocks stop (the handling time ends when
 * the reply is sent, not when the unit's reviewer first saw it). Run by 办理答复 directly, or by
 * 审核通过答复 where the unit reviews its replies first (unit-review.ts).
 */
export async function deliverReply(ctx: ActionContext, a: AssignmentRow, report: Record<string, unknown>): Promise<void> {
  await updateAssignment(ctx.tx, a.id, { status: 'replied', replied_at: new Date(ctx.now), reply: report, reply_review: null });
  await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: a.id }, 'all', ctx.now);
  await ctx.event('reply', report, a.id);
}
