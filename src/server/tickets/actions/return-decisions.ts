import { z } from 'zod';
import { stopClocks } from '../clocks.ts';
import { uuid } from '../schemas.ts';
import { updateAssignment, type AssignmentRow } from '../store.ts';
import { defineAction, type ActionContext } from './registry.ts';
import { mayDecideReturn, mayForwardReturn, returnDecider } from './return-rules.ts';
import { mayReturn, putReturn } from './returns.ts';
import { signAssignment } from './unit-work.ts';

/** Ends a share and, with it, every share passed down from it, however far down. */
async function endShare(ctx: ActionContext, a: AssignmentRow): Promise<void> {
  const ended = new Set([a.id]);
  const below = ctx.assignments.filter((c) => {
    if (c.parent_id === null || !ended.has(c.parent_id)) return false;
    ended.add(c.id);
    return true;
  });
  for (const s of [a, ...below]) {
    await updateAssignment(ctx.tx, s.id, { status: 'returned' });
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: s.id }, 'all', ctx.now, 'stopped');
  }
}

const pendingReturn = (a: AssignmentRow) => a.status === 'return_requested';

/**
 * 同意退单: the hotline approves a first-level share's return, and the ticket goes back to dispatch
 * (CQ 第十三条, LS 第十二条, SY 第十三条); or the unit that passed a share down takes it back (CQ
 * 第十三条（一）, DZ 第六条（一）: 逐级向上提交) — the sub-unit's share ends, the unit's own continues.
 */
export const approveReturn = defineAction({
  action: 'approve-return',
  summary: '同意退单（热线：工单回到待派单；下派单位：收回下级单位的承办任务）',
  assignment: 'any',
  candidate: pendingReturn,
  schema: z.object({ assignmentId: uuid.optional(), note: z.string().trim().max(1000).optional() }).strict(),
  guard: mayDecideReturn,
  async run(ctx, input) {
    const a = ctx.assignment!;
    const who = returnDecider(ctx.app, ctx.assignments, a);
    await endShare(ctx, a);
    await ctx.event('approve-return', { note: input.note ?? null, unitName: a.unit_name, ...(who.kind === 'unit' ? { by: who.parent.unit_name } : {}) });
  },
});

/** Refused: the unit carries on (SY 第十三条: 审核未通过的，由承办单位继续办理). */
export const rejectReturn = defineAction({
  action: 'reject-return',
  summary: '驳回退单（承办单位继续办理）',
  assignment: 'any',
  candidate: pendingReturn,
  schema: z.object({ assignmentId: uuid.optional(), reason: z.string().trim().min(1, '请填写驳回理由').max(1000) }).strict(),
  guard: mayDecideReturn,
  async run(ctx, input) {
    const a = ctx.assignment!;
    if (!a.signed_at) await signAssignment(ctx.tx, ctx.app, ctx.ticket, a, ctx.now);
    await updateAssignment(ctx.tx, a.id, { status: 'handling', status_before_return: null, pending_return: null });
    await ctx.event('reject-return', { reason: input.reason, unitName: a.unit_name });
  },
});

/**
 * 转报热线: the unit that passed a share down agrees the matter is outside its sub-unit's remit and its
 * own, and passes the return up (CQ 第十三条（一）, DZ 第六条（一）: 逐级向上提交): the sub-unit's share
 * ends, and the unit's own share becomes a return towards the next level with the sub-unit's reason —
 * late or not against the one window of the whole chain (累计时间不超过2个工作日).
 */
export const forwardReturn = defineAction({
  action: 'forward-return',
  summary: '转报退单（下派单位将下级单位的退单逐级上报）',
  assignment: 'any',
  candidate: pendingReturn,
  schema: z.object({ assignmentId: uuid.optional(), note: z.string().trim().max(1000).optional() }).strict(),
  guard: (g) => {
    const refused = mayForwardReturn(g);
    if (refused) return refused;
    const who = returnDecider(g.app, g.assignments, g.assignment!);
    return who.kind === 'unit' ? mayReturn({ ...g, assignment: who.parent }) : null;
  },
  async run(ctx, input) {
    const sub = ctx.assignment!;
    const who = returnDecider(ctx.app, ctx.assignments, sub);
    if (who.kind !== 'unit') return; // the guard has refused it
    const p = sub.pending_return ?? {};
    const photos = Array.isArray(p.photos) ? (p.photos as string[]) : [];
    await endShare(ctx, sub);
    await ctx.event('forward-return', { unitName: sub.unit_name, to: who.parent.unit_name, note: input.note ?? null });
    const pending = await putReturn(
      ctx,
      who.parent,
      { reason: String(p.reason ?? ''), basis: (p.basis as string | null) ?? undefined, suggestedUnitId: (p.suggestedUnitId as string | null) ?? undefined, onsite: p.onsite === true, photos },
      { suggestedUnitName: p.suggestedUnitName ?? null, forwardedFrom: { unitName: sub.unit_name, requestedAt: p.requestedAt ?? null }, note: input.note ?? null },
    );
    await ctx.event('return', pending, who.parent.id);
  },
});
