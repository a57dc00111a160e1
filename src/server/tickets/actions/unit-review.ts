import { z } from 'zod';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { formatBasis, type Policy } from '../../../core/policy/index.ts';
import { invalid } from '../../http/errors.ts';
import { policyForShare } from '../../policy/for-unit.ts';
import { uuid } from '../schemas.ts';
import { updateAssignment, type AssignmentRow, type ReplyReview } from '../store.ts';
import { refuse, type Guard } from './guards.ts';
import { deliverReply } from './reply-delivery.ts';
import { defineAction, type ActionContext } from './registry.ts';

/**
 * 本单位审核: whether this share's reply waits for its unit's reviewer before it leaves the unit —
 * the unit's own choice (系统管理 · 单位), else the preset's default (大足 第五条（二）: on; 重庆 第六条（二）,
 * 凉山 第七条（二）, 邵阳 第六条（三）: the unit decides how it reviews). A sub-unit's reply goes to the unit
 * above it, which answers for it, so only a unit's own top-level share is held.
 */
export function replyReviewRequired(policy: Policy, a: AssignmentRow): boolean {
  if (a.parent_id !== null) return false;
  return a.unit_reply_review ?? policy.unitReview?.default ?? false;
}

/** Holds the handler's reply for the reviewer. The handling clock keeps running: the review is the unit's own time. */
export async function holdForReview(ctx: ActionContext, a: AssignmentRow, report: Record<string, unknown>): Promise<void> {
  const review: ReplyReview = {
    state: 'pending',
    draft: report,
    submittedBy: { id: ctx.actor.id, name: ctx.actor.displayName },
    submittedAt: formatInstant(ctx.now),
  };
  await updateAssignment(ctx.tx, a.id, { status: 'unit_review', reply_review: review });
  await ctx.event('submit-reply', { handlerName: report.handlerName ?? null, unitName: a.unit_name, reviewer: a.unit_has_reviewer ? null : 'none' });
}

/**
 * Who may decide: a reviewer (单位管理员 — the unit's office, CQ 第六条) of the share's own unit, and
 * not the one who wrote the reply (the review is a second pair of eyes).
 */
const mayReview: Guard = ({ actor, assignment }) => {
  const a = assignment!;
  const pending = a.reply_review?.state === 'pending' ? a.reply_review : null;
  if (!pending) return refuse.conflict('没有待本单位审核的答复');
  if (actor.unit.id !== a.unit_id) return refuse.forbidden(`答复由${a.unit_name}的审核人审核`);
  if (pending.submittedBy.id === actor.id) return refuse.forbidden('不能审核本人提交的答复，请由本单位其他审核人审核');
  return null;
};

export const approveReply = defineAction({
  action: 'approve-reply',
  summary: '本单位审核通过答复（答复随即报送热线中心或主办单位）；大足：须逐项勾选政策关、保密关、来源关、文字关',
  assignment: 'own',
  schema: z.object({
    assignmentId: uuid.optional(),
    checks: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
    note: z.string().trim().max(1000).optional(),
  }).strict(),
  guard: mayReview,
  async run(ctx, input) {
    const a = ctx.assignment!;
    // the unit's own preset's checks (大足 第五条（二）: 政策关、保密关、来源关、文字关 for a unit under 大足区)
    const policy = policyForShare(ctx.app, a);
    const rule = policy.unitReview;
    const checklist = rule?.checklist ?? [];
    const unknown = input.checks.filter((c) => !checklist.some((x) => x.code === c));
    if (unknown.length) throw invalid(`没有这些审核项：${unknown.join('、')}`, [{ path: 'checks', message: '未知的审核项' }]);
    const missing = checklist.filter((c) => !input.checks.includes(c.code));
    if (missing.length) {
      throw invalid(`请逐项把关后再审核通过，尚未勾选：${missing.map((c) => c.label).join('、')}（${formatBasis(policy, rule!.basis)}）`, [{ path: 'checks', message: `未勾选${missing.map((c) => c.label).join('、')}` }]);
    }
    const pending = a.reply_review!;
    const review = {
      reviewer: ctx.actor.displayName,
      reviewedAt: formatInstant(ctx.now),
      checks: checklist.map((c) => c.label),
      note: input.note ?? null,
    };
    await ctx.event('approve-reply', { handlerName: pending.draft.handlerName ?? null, checks: review.checks, note: review.note });
    await deliverReply(ctx, a, { ...pending.draft, review });
  },
});

export const rejectReply = defineAction({
  action: 'reject-reply',
  summary: '本单位审核退回答复（须写明理由，承办人可见；办理时限继续计算）',
  assignment: 'own',
  schema: z.object({ assignmentId: uuid.optional(), reason: z.string().trim().min(1, '请填写退回理由').max(2000, '退回理由不能超过 2000 字') }).strict(),
  guard: mayReview,
  async run(ctx, input) {
    const a = ctx.assignment!;
    const review: ReplyReview = { ...a.reply_review!, state: 'returned', reason: input.reason, reviewer: ctx.actor.displayName, returnedAt: formatInstant(ctx.now) };
    await updateAssignment(ctx.tx, a.id, { status: 'handling', reply_review: review });
    await ctx.event('reject-reply', { reason: input.reason, handlerName: a.reply_review!.draft.handlerName ?? null });
  },
});
