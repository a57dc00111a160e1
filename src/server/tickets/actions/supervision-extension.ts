import { z } from 'zod';
import { dayOfInstant, formatInstant } from '../../../core/calendar/civil-date.ts';
import { formatBasis } from '../../../core/policy/index.ts';
import { invalid } from '../../http/errors.ts';
import type { ClockRow } from '../clocks.ts';
import { soonAt } from '../clocks.ts';
import { uuid } from '../schemas.ts';
import { policyForShare } from '../../policy/for-unit.ts';
import { notifyOutbox, updateAssignment } from '../store.ts';
import { refuse, type Guard } from './guards.ts';
import { defineAction } from './registry.ts';

/**
 * 督办事项延期 (邵阳 第二十四条: 因情况复杂、问题特殊的督办事项，可申请延期一次，延长时限不得超过10个
 * 工作日). Apart from the handling extension (extensions.ts, 第十四条): it moves the share's running
 * supervision clock, is counted on its own, and is decided by the hotline's supervisors, who issued
 * the supervision. A preset without the rule refuses it.
 */

/** The share's running supervision clock, the latest due first. */
export function runningSupervisionClock(clocks: readonly ClockRow[], assignmentId: string): ClockRow | null {
  const running = clocks.filter((c) => c.assignment_id === assignmentId && c.name === 'supervision' && c.status === 'running');
  running.sort((a, b) => b.due_at.getTime() - a.due_at.getTime());
  return running[0] ?? null;
}

const mayRequest: Guard = ({ app, assignment, clocks, now }) => {
  const a = assignment!;
  const policy = policyForShare(app, a);
  const rule = policy.supervisionExtension;
  if (!rule) return refuse.invalid(`《${policy.document.title}》未规定督办事项延期，不能申请督办延期`);
  const basis = formatBasis(policy, rule.basis);
  if (a.pending_supervision_extension) return refuse.conflict('已有待审核的督办延期申请');
  if (a.supervision_extension_count >= rule.maxCount) {
    return refuse.invalid(`督办事项只能申请延期 ${rule.maxCount} 次，本承办任务已延期 ${a.supervision_extension_count} 次（${basis}）`);
  }
  const clock = runningSupervisionClock(clocks, a.id);
  if (!clock) return refuse.conflict('该承办任务没有正在计时的督办时限，无需申请督办延期');
  if (now > clock.due_at.getTime()) return refuse.invalid(`督办时限已于 ${formatInstant(clock.due_at.getTime())} 届满，延期须在届满前申请（${basis}）`);
  return null;
};

export const requestSupervisionExtension = defineAction({
  action: 'request-supervision-extension',
  summary: '申请督办延期（情况复杂、问题特殊的督办事项，限次数和工作日数按预设）',
  assignment: 'own',
  schema: z.object({
    days: z.number().int('延期天数应为整数').min(1, '延期至少 1 个工作日').max(60, '延期不能超过 60 个工作日'),
    reason: z.string().trim().min(1, '请说明情况复杂、问题特殊的理由').max(2000),
  }).strict(),
  guard: mayRequest,
  async run(ctx, input) {
    const a = ctx.assignment!;
    const policy = policyForShare(ctx.app, a);
    const rule = policy.supervisionExtension!;
    if (input.days > rule.maxWorkingDays) {
      const basis = formatBasis(policy, rule.basis);
      throw invalid(`督办延期不得超过 ${rule.maxWorkingDays} 个工作日（${basis}）`, [{ path: 'days', message: `不超过 ${rule.maxWorkingDays}` }]);
    }
    const clock = runningSupervisionClock(ctx.clocks, a.id)!;
    await updateAssignment(ctx.tx, a.id, {
      pending_supervision_extension: { days: input.days, reason: input.reason, requestedAt: formatInstant(ctx.now), clockId: clock.id },
    });
    await ctx.event('request-supervision-extension', { days: input.days, reason: input.reason, dueAt: formatInstant(clock.due_at.getTime()) });
  },
});

const mayDecide: Guard = ({ actor, assignment, clocks }) => {
  const a = assignment!;
  if (!a.pending_supervision_extension) return refuse.conflict('没有待审核的督办延期申请');
  if (!actor.isCenter) return refuse.forbidden('督办延期由12345热线中心审核');
  if (!runningSupervisionClock(clocks, a.id)) return refuse.conflict('该承办任务没有正在计时的督办时限');
  return null;
};

export const approveSupervisionExtension = defineAction({
  action: 'approve-supervision-extension',
  summary: '同意督办延期（督办时限按工作日顺延）',
  assignment: 'any',
  candidate: (a) => a.pending_supervision_extension !== null,
  schema: z.object({ assignmentId: uuid.optional(), note: z.string().trim().max(1000).optional() }).strict(),
  guard: mayDecide,
  async run(ctx, input) {
    const a = ctx.assignment!;
    const days = Number(a.pending_supervision_extension!.days);
    const clock = runningSupervisionClock(ctx.clocks, a.id)!;
    const cal = ctx.app.calendar;
    const oldDue = clock.due_at.getTime();
    const newDue = cal.endOf(cal.addWorkingDays(dayOfInstant(oldDue), days));
    await ctx.tx.query('UPDATE clocks SET due_at = $2, soon_at = $3, overdue = false, soon_notified = false, provisional = $4, rule = rule || $5 WHERE id = $1', [
      clock.id,
      new Date(newDue),
      new Date(soonAt(cal, null, clock.started_at.getTime(), newDue)),
      cal.isProvisional(dayOfInstant(clock.started_at.getTime()), dayOfInstant(newDue)),
      `（督办延期${days}个工作日）`,
    ]);
    await updateAssignment(ctx.tx, a.id, { pending_supervision_extension: null, supervision_extension_count: a.supervision_extension_count + 1 });
    await ctx.event('approve-supervision-extension', { days, oldDue: formatInstant(oldDue), newDue: formatInstant(newDue), note: input.note ?? null });
    await notifyOutbox(ctx.tx, { unitId: a.unit_id, ticketId: ctx.ticket.id, at: ctx.now, body: `【12345督办】工单 ${ctx.ticket.number} 督办延期已同意，督办时限延至 ${formatInstant(newDue)}。` });
  },
});

export const rejectSupervisionExtension = defineAction({
  action: 'reject-supervision-extension',
  summary: '驳回督办延期（按原督办时限办理；须写明理由）',
  assignment: 'any',
  candidate: (a) => a.pending_supervision_extension !== null,
  schema: z.object({ assignmentId: uuid.optional(), note: z.string().trim().min(1, '请填写驳回理由').max(1000) }).strict(),
  guard: mayDecide,
  async run(ctx, input) {
    const a = ctx.assignment!;
    await updateAssignment(ctx.tx, a.id, { pending_supervision_extension: null });
    await ctx.event('reject-supervision-extension', { note: input.note });
    await notifyOutbox(ctx.tx, { unitId: a.unit_id, ticketId: ctx.ticket.id, at: ctx.now, body: `【12345督办】工单 ${ctx.ticket.number} 督办延期未获同意：${input.note}。请按原督办时限办结。` });
  },
});
