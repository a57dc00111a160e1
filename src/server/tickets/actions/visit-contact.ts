import { z } from 'zod';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { formatBasis } from '../../../core/policy/index.ts';
import { smsVisitText } from '../../../core/visit/sms-reply.ts';
import { notifyMergedCallers } from '../../repeats/merged-callers.ts';
import { notifyOutbox } from '../store.ts';
import { refuse } from './guards.ts';
import { defineAction, to } from './registry.ts';

/** How the visitor tried to reach the caller, and why it failed (a reached caller is a visit: visit.ts). */
export const ATTEMPT_METHODS = ['phone', 'sms', 'onsite'] as const;
export const ATTEMPT_OUTCOMES = ['no_answer', 'busy', 'off', 'invalid', 'no_reply'] as const;

/**
 * 联系来电人 for the visit: each try that did not reach the caller, with its time, means and what
 * happened. 邵阳 第十四条（二） asks for not fewer than 3 tries by SMS or call-back before a caller
 * counts as unreachable.
 */
export const visitAttempt = defineAction({
  action: 'visit-attempt',
  summary: '记录回访联系尝试（时间、方式、结果）',
  schema: z.object({
    method: z.enum(ATTEMPT_METHODS, { error: '请选择联系方式' }),
    outcome: z.enum(ATTEMPT_OUTCOMES, { error: '请选择联系结果' }),
    note: z.string().trim().max(500, '说明不能超过 500 字').optional(),
  }).strict(),
  async run(ctx, input) {
    const n = ctx.ticket.visit_attempts + 1;
    await ctx.event('visit-attempt', { method: input.method, outcome: input.outcome, note: input.note ?? null, attempt: n }, null);
    return { visit_attempts: n };
  },
});

/**
 * 联系不上: after the preset's number of tries the visit closes without a rating, and is left out of
 * the satisfaction rate (the texts say nothing of how it counts).
 */
export const closeUnreachable = defineAction({
  action: 'close-unreachable',
  summary: '联系不上办结（须达到规定的联系次数）',
  schema: z.object({ note: z.string().trim().max(1000).optional() }).strict(),
  guard: ({ app, ticket }) => {
    const rule = app.policy.visit.unreachable;
    if (!rule) return refuse.invalid(`《${app.policy.document.title}》未规定联系不上的回访如何办结`);
    if (ticket.visit_attempts < rule.attempts) {
      return refuse.invalid(`按${formatBasis(app.policy, rule.basis)}，须至少联系来电人 ${rule.attempts} 次（已记录 ${ticket.visit_attempts} 次）才能按联系不上办结`, [{ path: 'visit_attempts', message: `${ticket.visit_attempts}/${rule.attempts}` }]);
    }
    return null;
  },
  async run(ctx, input) {
    const rule = ctx.app.policy.visit.unreachable!;
    await ctx.event('close-unreachable', { attempts: ctx.ticket.visit_attempts, counts: rule.counts, note: input.note ?? null, basis: formatBasis(ctx.app.policy, rule.basis) }, null);
    await notifyMergedCallers(ctx.tx, ctx.ticket, ctx.now);
    return to('closed', { satisfaction: null, resolution: null, closure: 'unreachable', closed_at: new Date(ctx.now) });
  },
});

/**
 * 短信回访 (凉山 第十三条（一）): the caller gets an SMS to answer 1/2/3 through the outbox; the gateway
 * brings the answer back (server/sms/inbound.ts). Sending again replaces an unanswered one.
 */
export const smsVisit = defineAction({
  action: 'sms-visit',
  summary: '短信回访（向来电人发送满意度短信）',
  schema: z.object({}).strict(),
  guard: ({ app, ticket }) => {
    if (!app.policy.visit.sms) return refuse.invalid(`《${app.policy.document.title}》未规定短信回访`);
    if (ticket.sms_opted_out) return refuse.invalid('来电人已回复退订短信，不再向其发送短信：请电话回访');
    if (!ticket.caller_phone) return refuse.conflict('该工单没有来电号码，不能短信回访', 'no_phone');
    return null;
  },
  async run(ctx) {
    const t = ctx.ticket;
    // the recipient is stored sealed; only the sender opens it, for the gateway (jobs/outbox.ts)
    const outboxId = await notifyOutbox(ctx.tx, { recipient: t.caller_phone, ticketId: t.id, at: ctx.now, body: smsVisitText(t.number) });
    await ctx.event('sms-visit', { basis: formatBasis(ctx.app.policy, ctx.app.policy.visit.sms!.basis) }, null);
    // the gateway's delivery reports find the visit by its outbox row (sms/delivery.ts)
    return { sms_visit: { sentAt: formatInstant(ctx.now), reply: null, repliedAt: null, parsed: null, outboxId, delivery: null } };
  },
});
