import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import type { AppContext } from '../../app.ts';
import type { Queryable } from '../../db/connection.ts';
import { insertClock } from '../clocks.ts';
import { policyForShare } from '../../policy/for-unit.ts';
import { uuid } from '../schemas.ts';
import { proposeAfterRounds } from '../../supervision/escalation.ts';
import { appendEvent, notifyOutbox, type AssignmentRow, type TicketRow } from '../store.ts';
import { defineAction } from './registry.ts';

/** What issuing a reminder or a supervision works on: the locked ticket, by a person or the system (actor null). */
export interface Target {
  tx: Queryable;
  app: AppContext;
  ticket: TicketRow;
  assignments: AssignmentRow[];
  actor: Actor | null;
  at: number;
}

export const open = (a: AssignmentRow) => !['returned', 'replied', 'completed'].includes(a.status);

/** 催办: a reminder to every unit still working on the ticket. */
export async function issueReminder(t: Target, data: { note?: string | null; level?: number; auto?: boolean; basis?: string; assignmentId?: string; trigger?: string }) {
  const shares = t.assignments.filter((a) => open(a) && (!data.assignmentId || a.id === data.assignmentId));
  await appendEvent(t.tx, { ticketId: t.ticket.id, action: 'remind', actor: t.actor, at: t.at, data: { ...data, units: shares.map((a) => a.unit_name) } });
  for (const a of shares) {
    await notifyOutbox(t.tx, { unitId: a.unit_id, ticketId: t.ticket.id, at: t.at, body: `【12345催办】工单 ${t.ticket.number} 请抓紧办理。${data.note ?? ''}` });
  }
  await proposeAfterRounds(t);
}

/**
 * 督办: counted on the ticket; where the preset sets a time for supervised matters (邵阳 第二十四条:
 * system 5 working days, other means 10) a supervision clock starts on each open share. Issuing it
 * escalates nothing: a supervision fails only when it has run its course without result — its
 * clock passes (clock-watcher.ts, 邵阳 第二十四条 经督办后仍未得到解决) — or, where the text sets no
 * such time, a person decides on the platform's proposal (大足 第七条: supervision/escalation.ts).
 * Each share's supervision clock is its unit's preset's (policy/for-unit.ts).
 */
export async function issueSupervision(
  t: Target,
  data: { note?: string | null; level?: number; method?: 'system' | 'other'; auto?: boolean; basis?: string; trigger?: string },
) {
  const count = t.ticket.supervision_count + 1;
  await t.tx.query('UPDATE tickets SET supervision_count = $2 WHERE id = $1', [t.ticket.id, count]);
  t.ticket.supervision_count = count;
  await appendEvent(t.tx, { ticketId: t.ticket.id, action: 'supervise', actor: t.actor, at: t.at, data: { ...data, count } });
  for (const a of t.assignments.filter(open)) {
    const policy = policyForShare(t.app, a);
    const rule = policy.clocks.supervision;
    if (rule) {
      const chosen = data.method === 'other' ? (rule.variants?.other ?? rule) : rule;
      await insertClock(t.tx, policy, t.app.calendar, { ticketId: t.ticket.id, assignmentId: a.id, name: 'supervision', rule: chosen, from: t.at });
    }
    await notifyOutbox(t.tx, { unitId: a.unit_id, ticketId: t.ticket.id, at: t.at, body: `【12345督办】工单 ${t.ticket.number} 已被督办（第${count}次），请立即办理并反馈。` });
  }
  await proposeAfterRounds(t);
}

export const remind = defineAction({
  action: 'remind',
  summary: '催办',
  schema: z.object({ note: z.string().trim().max(1000).optional(), assignmentId: uuid.optional() }).strict(),
  async run(ctx, input) {
    await issueReminder({ ...ctx, at: ctx.now }, { note: input.note ?? null, ...(input.assignmentId ? { assignmentId: input.assignmentId } : {}) });
  },
});

export const supervise = defineAction({
  action: 'supervise',
  summary: '督办（按预设计时；督办时限届满仍未办结的升级）',
  schema: z.object({
    note: z.string().trim().min(1, '请填写督办意见').max(2000),
    level: z.number().int().min(1).max(9).default(1),
    method: z.enum(['system', 'other']).default('system'),
  }).strict(),
  async run(ctx, input) {
    await issueSupervision({ ...ctx, at: ctx.now }, input);
  },
});
