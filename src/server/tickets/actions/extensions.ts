import { z } from 'zod';
import { dayOfInstant, formatDay, formatInstant } from '../../../core/calendar/civil-date.ts';
import { formatBasis } from '../../../core/policy/index.ts';
import { TICKET_TYPE_LABELS } from '../../../core/vocabulary.ts';
import type { AppContext } from '../../app.ts';
import { invalid } from '../../http/errors.ts';
import { policyForShare } from '../../policy/for-unit.ts';
import { soonAt } from '../clocks.ts';
import { uuid } from '../schemas.ts';
import { notifyOutbox, updateAssignment, type AssignmentRow } from '../store.ts';
import { refuse, runningHandleClock, type Guard } from './guards.ts';
import { defineAction } from './registry.ts';

/**
 * Whether the share may ask for more time now, under its unit's preset's rules (everything but the
 * number of days asked for, which the body brings).
 */
const mayRequestExtension: Guard = ({ app, ticket, assignment, clocks, now }) => {
  const a = assignment!;
  const policy = policyForShare(app, a);
  const rule = policy.extension;
  if (!rule) return refuse.invalid(`《${policy.document.title}》未规定延期，不能申请延期`);
  const basis = formatBasis(policy, rule.basis);
  if (rule.excludedTypes.includes(ticket.type)) return refuse.invalid(`${TICKET_TYPE_LABELS[ticket.type]}类工单不予延期（${basis}）`);
  if (a.pending_extension) return refuse.conflict('已有待审核的延期申请');
  if (rule.maxCount !== null && a.extension_count >= rule.maxCount) {
    return refuse.invalid(`延期最多 ${rule.maxCount} 次，本工单已延期 ${a.extension_count} 次（${basis}）`);
  }
  const clock = runningHandleClock(clocks, a.id);
  if (!clock) return refuse.conflict('该承办任务没有正在计时的办理时限，无需延期');
  const due = clock.due_at.getTime();
  if (now > due) return refuse.invalid(`办理时限已于 ${formatInstant(due)} 届满，延期须在时限届满前提出（${basis}）`);
  if (rule.leadWorkingDays > 0) {
    const latest = app.calendar.addWorkingDays(dayOfInstant(due), -rule.leadWorkingDays);
    if (dayOfInstant(now) > latest) {
      return refuse.invalid(`延期须在时限届满前 ${rule.leadWorkingDays} 个工作日提出（最迟 ${formatDay(latest)}），现已逾期申请（${basis}）`);
    }
  }
  return null;
};

/**
 * 申请延期, under the preset's rules: asked before expiry — 大足 第六条（三）: at least 2 working days
 * before — no more often or longer than allowed (邵阳 第十四条: once, ≤ 10 working days; 凉山 第十二条（三）:
 * ≤ 10 working days, consultations not extended).
 */
export const requestExtension = defineAction({
  action: 'request-extension',
  summary: '申请延期',
  assignment: 'own',
  schema: z.object({
    days: z.number().int('延期天数应为整数').min(1, '延期至少 1 个工作日').max(60, '延期不能超过 60 个工作日'),
    reason: z.string().trim().min(1, '请说明延期理由').max(2000),
  }).strict(),
  guard: mayRequestExtension,
  async run(ctx, input) {
    const a = ctx.assignment!;
    const policy = policyForShare(ctx.app, a);
    const rule = policy.extension!;
    const basis = formatBasis(policy, rule.basis);
    if (rule.maxWorkingDays !== null && input.days > rule.maxWorkingDays) {
      throw invalid(`延期一般不超过 ${rule.maxWorkingDays} 个工作日（${basis}）`, [{ path: 'days', message: `不超过 ${rule.maxWorkingDays}` }]);
    }
    const clock = runningHandleClock(ctx.clocks, a.id)!;
    const pending = { days: input.days, reason: input.reason, requestedAt: formatInstant(ctx.now), clockId: clock.id, approver: rule.approver };
    await updateAssignment(ctx.tx, a.id, { pending_extension: pending });
    await ctx.event('request-extension', { days: input.days, reason: input.reason });
  },
});

/**
 * Who reviews an extension: the hotline center, or the unit one level up (CQ 第十三条（三）: 经上一级
 * 管理单位同意; DZ 第六条（三）) — the center when that is the center itself. Also what puts the
 * request in the reviewer's inbox (src/server/inbox).
 */
export function extensionApprover(app: AppContext, a: AssignmentRow): { kind: 'center' } | { kind: 'unit'; unitId: string } {
  const rule = policyForShare(app, a).extension;
  if (!rule || rule.approver === 'center' || !a.unit_parent_id || a.unit_parent_kind === 'center') return { kind: 'center' };
  return { kind: 'unit', unitId: a.unit_parent_id };
}

const CENTER_REVIEWERS = ['dispatcher', 'supervisor', 'admin'];
const UNIT_REVIEWERS = ['handler', 'unit_admin'];

const mayReviewExtension: Guard = ({ app, actor, assignment }) => {
  const a = assignment!;
  if (!a.pending_extension) return refuse.conflict('没有待审核的延期申请');
  const policy = policyForShare(app, a);
  const rule = policy.extension;
  const who = extensionApprover(app, a);
  if (who.kind === 'center') {
    if (actor.isCenter && actor.roles.some((r) => CENTER_REVIEWERS.includes(r))) return null;
    return refuse.forbidden(rule?.approver === 'upperUnit' ? `延期申请须经上一级管理单位同意（${formatBasis(policy, rule.basis)}），本单位的上一级为12345热线中心` : '延期申请由12345热线中心审核');
  }
  if (actor.unit.id === who.unitId && actor.roles.some((r) => UNIT_REVIEWERS.includes(r))) return null;
  return refuse.forbidden(`延期申请须经上一级管理单位同意（${formatBasis(policy, rule!.basis)}）`);
};

const reviewSchema = z.object({ assignmentId: uuid.optional(), note: z.string().trim().max(1000).optional() }).strict();

export const approveExtension = defineAction({
  action: 'approve-extension',
  summary: '同意延期（时限按工作日顺延）',
  assignment: 'any',
  candidate: (a) => a.pending_extension !== null,
  schema: reviewSchema,
  guard: (g) => mayReviewExtension(g) ?? (runningHandleClock(g.clocks, g.assignment!.id) ? null : refuse.conflict('该承办任务没有正在计时的办理时限')),
  async run(ctx, input) {
    const a = ctx.assignment!;
    const days = Number(a.pending_extension!.days);
    const clock = runningHandleClock(ctx.clocks, a.id)!;
    const cal = ctx.app.calendar;
    const oldDue = clock.due_at.getTime();
    const newDue = cal.endOf(cal.addWorkingDays(dayOfInstant(oldDue), days));
    await ctx.tx.query('UPDATE clocks SET due_at = $2, soon_at = $3, overdue = false, soon_notified = false, provisional = $4, rule = rule || $5 WHERE id = $1', [
      clock.id,
      new Date(newDue),
      new Date(soonAt(cal, null, clock.started_at.getTime(), newDue)),
      cal.isProvisional(dayOfInstant(clock.started_at.getTime()), dayOfInstant(newDue)),
      `（延期${days}个工作日）`,
    ]);
    await updateAssignment(ctx.tx, a.id, { pending_extension: null, extension_count: a.extension_count + 1 });
    await ctx.event('approve-extension', { days, oldDue: formatInstant(oldDue), newDue: formatInstant(newDue), note: input.note ?? null });
    if (policyForShare(ctx.app, a).extension?.notifyCaller && ctx.ticket.caller_phone && !ctx.ticket.anonymous) {
      await notifyOutbox(ctx.tx, {
        recipient: ctx.ticket.caller_phone,
        ticketId: ctx.ticket.id,
        at: ctx.now,
        body: `【12345】您反映的问题（工单 ${ctx.ticket.number}）情况较复杂，办理期限延长至 ${formatDay(dayOfInstant(newDue))}，我们将继续跟进。`,
      });
    }
  },
});

export const rejectExtension = defineAction({
  action: 'reject-extension',
  summary: '驳回延期（按原时限办理；须写明理由，申请单位可见）',
  assignment: 'any',
  candidate: (a) => a.pending_extension !== null,
  schema: z.object({ assignmentId: uuid.optional(), note: z.string().trim().min(1, '请填写驳回理由').max(1000) }).strict(),
  guard: mayReviewExtension,
  async run(ctx, input) {
    const a = ctx.assignment!;
    await updateAssignment(ctx.tx, a.id, { pending_extension: null });
    await ctx.event('reject-extension', { note: input.note ?? null });
  },
});
