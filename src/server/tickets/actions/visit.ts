import { z } from 'zod';
import { formatBasis } from '../../../core/policy/index.ts';
import { invalid } from '../../http/errors.ts';
import { policyForShare } from '../../policy/for-unit.ts';
import { notifyMergedCallers } from '../../repeats/merged-callers.ts';
import { insertClock, startClocks } from '../clocks.ts';
import { notifyOutbox, updateAssignment } from '../store.ts';
import { refuse, type Guard } from './guards.ts';
import { defineAction, to } from './registry.ts';

/**
 * 回访 (CQ 第十四条, LS 第十三条, SY 第十七条). Dissatisfied through the unit's fault → 重办 with the
 * redo clock (邵阳: 5 working days); through objective causes → 备注办结, explained to the caller.
 * The visit is the hotline's (the default preset); each share's redo clock is its unit's preset's.
 */
export const visit = defineAction({
  action: 'visit',
  summary: '回访（满意度、解决情况；不满意可发回重办）',
  schema: z.object({
    satisfaction: z.enum(['satisfied', 'basic', 'dissatisfied']),
    resolution: z.enum(['resolved', 'partly', 'unresolved']),
    comment: z.string().trim().max(2000).optional(),
    /** For a dissatisfied visit: the unit's fault (redo) or objective causes (annotated closure). */
    fault: z.enum(['unit', 'objective']).optional(),
    method: z.enum(['phone', 'sms', 'onsite', 'web']).default('phone'),
  }).strict(),
  async run(ctx, input) {
    const t = ctx.ticket;
    const base = { satisfaction: input.satisfaction, resolution: input.resolution };
    await ctx.event('visit', { ...input }, null);
    if (input.satisfaction !== 'dissatisfied' || t.status === 'answered') {
      await notifyMergedCallers(ctx.tx, t, ctx.now);
      return to('closed', { ...base, closure: 'normal', closed_at: new Date(ctx.now) });
    }
    if (!input.fault) {
      throw invalid('不满意时请判断原因：承办单位原因（发回重办）或客观原因（备注办结）', [{ path: 'fault', message: '必选' }]);
    }
    if (input.fault === 'objective' || !ctx.app.policy.visit.redoOnFault) {
      await notifyMergedCallers(ctx.tx, t, ctx.now);
      return to('closed', { ...base, closure: 'annotated', closed_at: new Date(ctx.now) });
    }
    const shares = ctx.assignments.filter((a) => a.parent_id === null && a.status === 'completed');
    for (const a of shares) {
      const policy = policyForShare(ctx.app, a);
      const redoRule = policy.clocks.redo;
      await updateAssignment(ctx.tx, a.id, { status: 'handling', replied_at: null });
      if (redoRule) {
        await insertClock(ctx.tx, policy, ctx.app.calendar, { ticketId: t.id, assignmentId: a.id, name: 'redo', rule: redoRule, from: ctx.now });
      } else {
        // The regulation requires a redo but sets no limit for it: the handling limit runs again.
        await startClocks(ctx.tx, policy, ctx.app.calendar, 'dispatched', t, ctx.now, { assignmentId: a.id, only: ['handle'] });
        await startClocks(ctx.tx, policy, ctx.app.calendar, 'signed', t, ctx.now, { assignmentId: a.id, only: ['handle'] });
      }
      await notifyOutbox(ctx.tx, { unitId: a.unit_id, ticketId: t.id, at: ctx.now, body: `【12345】工单 ${t.number} 回访不满意，已发回重办，请及时办理。` });
    }
    await ctx.event('redo', { basis: ctx.app.policy.visit.basis.map((b) => formatBasis(ctx.app.policy, b)) }, null);
    // the revisit after the redo is a new round: its tries and its SMS start afresh
    return to('redo', { ...base, redo_count: t.redo_count + 1, visit_attempts: 0, sms_visit: null });
  },
});

/** 申诉: a unit contests a dissatisfied rating with evidence (SY 第二十五条; LS 第十三条（三）甄别). */
export const appeal = defineAction({
  action: 'appeal',
  summary: '申诉（对不满意评价提出异议）',
  schema: z.object({
    reason: z.string().trim().min(1, '请填写申诉理由').max(2000),
    evidence: z.string().trim().min(1, '请提供相关依据（含与来电人沟通联系的证明）').max(2000),
  }).strict(),
  guard: ({ app, ticket, assignments, actor }) => {
    if (!app.policy.visit.appeal) return refuse.invalid(`《${app.policy.document.title}》未规定申诉`);
    if (ticket.satisfaction !== 'dissatisfied') return refuse.conflict('只有回访不满意的工单可以申诉', 'wrong_state');
    if (ticket.appeal_status) return refuse.conflict('该工单已申诉过', 'wrong_state');
    // the unit the ticket was dispatched to (a unit it was passed down to answers to that unit)
    if (!assignments.some((a) => a.unit_id === actor.unit.id && a.parent_id === null && a.status !== 'returned')) return refuse.forbidden('只有承办单位可以申诉');
    return null;
  },
  async run(ctx, input) {
    await ctx.event('appeal', input, null);
    return { appeal_status: 'pending' };
  },
});

const appealReview = z.object({ note: z.string().trim().max(1000).optional() }).strict();
const appealPending: Guard = ({ ticket }) => (ticket.appeal_status === 'pending' ? null : refuse.conflict('没有待审核的申诉', 'wrong_state'));

export const approveAppeal = defineAction({
  action: 'approve-appeal',
  summary: '同意申诉（不计入不满意）',
  schema: appealReview,
  guard: appealPending,
  async run(ctx, input) {
    await ctx.event('approve-appeal', { note: input.note ?? null }, null);
    return { appeal_status: 'approved' };
  },
});

export const rejectAppeal = defineAction({
  action: 'reject-appeal',
  summary: '驳回申诉（须写明理由，承办单位可见）',
  schema: z.object({ note: z.string().trim().min(1, '请填写驳回理由').max(1000) }).strict(),
  guard: appealPending,
  async run(ctx, input) {
    await ctx.event('reject-appeal', { note: input.note ?? null }, null);
    return { appeal_status: 'rejected' };
  },
});
