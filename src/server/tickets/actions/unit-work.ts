import { z } from 'zod';
import { CLOCKS, type ClockName } from '../../../core/vocabulary.ts';
import type { Queryable } from '../../db/connection.ts';
import { day, instant } from '../../http/schemas.ts';
import { invalid } from '../../http/errors.ts';
import { dayOfInstant, parseDay, parseInstant } from '../../../core/calendar/civil-date.ts';
import { formatBasis } from '../../../core/policy/index.ts';
import type { Policy } from '../../../core/policy/schema.ts';
import { startClocks, stopClocks, type ClockRow } from '../clocks.ts';
import { updateAssignment, type AssignmentRow, type TicketRow } from '../store.ts';
import type { AppContext } from '../../app.ts';
import { policyForShare } from '../../policy/for-unit.ts';
import { refuse } from './guards.ts';
import { defineAction } from './registry.ts';
import { deliverReply } from './reply-delivery.ts';
import { holdForReview, replyReviewRequired } from './unit-review.ts';
import { assistReplies, leadAndAssists, openAssists, waitingForAssists } from './consolidation.ts';

/**
 * Signs a share: the unit has received it. Clocks that start at signing (邵阳 第十四条: handling
 * from signing) start now, unless a limit was set at dispatch. Also used by the clock watcher when
 * an unsigned share is deemed signed (邵阳 第十三条).
 */
export async function signAssignment(
  tx: Queryable,
  app: AppContext,
  ticket: TicketRow,
  a: AssignmentRow,
  at: number,
  /** The ticket's clocks as read under its lock, where the caller has them (an action has): one read fewer. */
  clocks?: readonly ClockRow[],
): Promise<void> {
  await updateAssignment(tx, a.id, { status: 'handling', signed_at: new Date(at) });
  await stopClocks(tx, { ticketId: ticket.id, assignmentId: a.id }, ['sign', 'transfer', 'reminder:1'], at);
  // a share passed down starts no clocks at signing: its limits came with it (subdispatch)
  if (a.parent_id !== null) return;
  const names = clocks
    ? clocks.filter((c) => c.assignment_id === a.id).map((c) => c.name)
    : (await tx.query<{ name: string }>('SELECT name FROM clocks WHERE assignment_id = $1', [a.id])).rows.map((r) => r.name);
  const existing = new Set(names);
  const only = CLOCKS.filter((c) => !existing.has(c)) as ClockName[];
  await startClocks(tx, policyForShare(app, a), app.calendar, 'signed', ticket, at, { assignmentId: a.id, only });
}

export const sign = defineAction({
  action: 'sign',
  summary: '签收',
  assignment: 'own',
  schema: z.object({}).strict(),
  async run(ctx) {
    await signAssignment(ctx.tx, ctx.app, ctx.ticket, ctx.assignment!, ctx.now, ctx.clocks);
    await ctx.event('sign');
  },
});

export const CONTACT_METHODS = ['phone', 'sms', 'onsite', 'other'] as const;

/**
 * 办理答复: the handling report — who handled it, when, how, the result, and the unit's contact with
 * the caller (邵阳 第十五条; the visit asks the caller about it: 第十七条), kept as a record: whether,
 * how and when. A matter not solved now carries its measures and the date it will be solved by where
 * the preset asks for them (邵阳 第十五条 第二款). The share's clocks stop; the ticket goes to review
 * when every share replied.
 * Where the unit reviews its replies (本单位审核), the reply waits for its reviewer first (unit-review.ts).
 * The unit answers for what it handled (大足 第五条（四）; 邵阳 第六条（一）按照规定时限和要求办理、答复).
 */
export const reply = defineAction({
  action: 'reply',
  summary: '办理答复（提交办理情况）',
  assignment: 'own',
  schema: z.object({
    process: z.string().trim().min(1, '请填写办理过程').max(5000, '办理过程不能超过 5000 字'),
    result: z.string().trim().min(1, '请填写办理结果').max(5000, '办理结果不能超过 5000 字'),
    contacted: z.boolean({ error: '请说明是否已联系来电人' }),
    handlerName: z.string().trim().max(50).optional(),
    handledAt: instant().optional(),
    contactNote: z.string().trim().max(1000).optional(),
    /** How and when the unit reached the caller (when contacted). */
    contactMethod: z.enum(CONTACT_METHODS, { error: '联系方式应为电话、短信、当面或其他' }).optional(),
    contactedAt: instant().optional(),
    /** 解决情况 as the unit reports it; partly/unresolved: 正在解决/暂时无法解决. */
    resolution: z.enum(['resolved', 'partly', 'unresolved']).optional(),
    measures: z.string().trim().max(2000, '解决措施不能超过 2000 字').optional(),
    targetDate: day().optional(),
  }).strict(),
  guard: ({ app, assignments, assignment }) => {
    const openChildren = assignments.filter((c) => c.parent_id === assignment!.id && !['replied', 'completed', 'returned'].includes(c.status));
    if (openChildren.length) return refuse.conflict(`下级单位（${openChildren.map((c) => c.unit_name).join('、')}）尚未答复，请待其答复后再提交`, 'children_open');
    const team = leadAndAssists(app, assignments);
    if (team?.lead.id === assignment!.id && openAssists(team.assists).length) return refuse.conflict(waitingForAssists(team.policy, openAssists(team.assists)), 'assists_open');
    return null;
  },
  async run(ctx, input) {
    const a = ctx.assignment!;
    const policy = policyForShare(ctx.app, a);
    checkContact(input, ctx.now);
    checkUnsolvedPlan(policy, input, ctx.now);
    const contact = { contacted: input.contacted, method: input.contacted ? (input.contactMethod ?? null) : null, at: input.contacted ? (input.contactedAt ?? null) : null, note: input.contactNote ?? null };
    const team = leadAndAssists(ctx.app, ctx.assignments);
    const report = {
      ...input,
      contact,
      handlerName: input.handlerName ?? ctx.actor.displayName,
      unitName: a.unit_name,
      // the lead's one reply carries the assisting units' (重庆 第十三条（二）: 汇总各方意见统一答复)
      ...(team?.lead.id === a.id ? { assistReplies: assistReplies(team.assists) } : {}),
    };
    if (replyReviewRequired(policy, a)) return void (await holdForReview(ctx, a, report));
    await deliverReply(ctx, a, report);
  },
});

function checkContact(input: { contacted: boolean; contactMethod?: string | undefined; contactedAt?: string | undefined }, now: number): void {
  if (!input.contacted && (input.contactMethod || input.contactedAt)) {
    throw invalid('未联系来电人时不能填写联系方式和联系时间', [{ path: 'contacted', message: '与联系方式不一致' }]);
  }
  if (input.contactedAt && parseInstant(input.contactedAt) > now) {
    throw invalid('联系时间不能晚于现在', [{ path: 'contactedAt', message: '晚于现在' }]);
  }
}

/** 邵阳 第十五条: 暂时无法解决的……制定具体措施……告知……明确的解决期限. */
function checkUnsolvedPlan(policy: Policy, input: { resolution?: string | undefined; measures?: string | undefined; targetDate?: string | undefined }, now: number): void {
  const rule = policy.reply?.unsolvedPlan;
  if (!rule || !input.resolution || input.resolution === 'resolved') return;
  const missing = [...(input.measures ? [] : [{ path: 'measures', message: '请填写解决措施' }]), ...(input.targetDate ? [] : [{ path: 'targetDate', message: '请填写预计解决日期' }])];
  if (missing.length) {
    throw invalid(`按${formatBasis(policy, rule.basis)}，暂时无法解决的须写明解决措施和预计解决日期`, missing);
  }
  if (parseDay(input.targetDate!) < dayOfInstant(now)) {
    throw invalid('预计解决日期不能早于今天', [{ path: 'targetDate', message: '早于今天' }]);
  }
}
