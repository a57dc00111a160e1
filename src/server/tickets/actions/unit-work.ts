import { z } from 'zod';
import { CLOCKS, type ClockName } from '../../../core/vocabulary.ts';
import type { Queryable } from '../../db/connection.ts';
import { instant } from '../../http/schemas.ts';
import { startClocks, stopClocks } from '../clocks.ts';
import { updateAssignment, type AssignmentRow, type TicketRow } from '../store.ts';
import type { AppContext } from '../../app.ts';
import { refuse } from './guards.ts';
import { defineAction } from './registry.ts';

/**
 * Signs a share: the unit has received it. Clocks that start at signing (邵阳 第十四条: handling
 * from signing) start now, unless a limit was set at dispatch. Also used by the clock watcher when
 * an unsigned share is deemed signed (邵阳 第十三条).
 */
export async function signAssignment(tx: Queryable, app: AppContext, ticket: TicketRow, a: AssignmentRow, at: number): Promise<void> {
  await updateAssignment(tx, a.id, { status: 'handling', signed_at: new Date(at) });
  await stopClocks(tx, { ticketId: ticket.id, assignmentId: a.id }, ['sign', 'transfer', 'reminder:1'], at);
  const { rows } = await tx.query<{ name: string }>('SELECT name FROM clocks WHERE assignment_id = $1', [a.id]);
  const existing = new Set(rows.map((r) => r.name));
  const only = CLOCKS.filter((c) => !existing.has(c)) as ClockName[];
  if (a.parent_id === null) await startClocks(tx, app.policy, app.calendar, 'signed', ticket, at, { assignmentId: a.id, only });
}

export const sign = defineAction({
  action: 'sign',
  summary: '签收',
  assignment: 'own',
  schema: z.object({}).strict(),
  async run(ctx) {
    await signAssignment(ctx.tx, ctx.app, ctx.ticket, ctx.assignment!, ctx.now);
    await ctx.event('sign');
  },
});

/**
 * 办理答复: the handling report — who handled it, when, how, the result, and whether the caller was
 * contacted (邵阳 第十五条). The share's clocks stop; the ticket goes to review when every share replied.
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
  }).strict(),
  guard: ({ assignments, assignment }) => {
    const openChildren = assignments.filter((c) => c.parent_id === assignment!.id && !['replied', 'completed', 'returned'].includes(c.status));
    if (!openChildren.length) return null;
    return refuse.conflict(`下级单位（${openChildren.map((c) => c.unit_name).join('、')}）尚未答复，请待其答复后再提交`, 'children_open');
  },
  async run(ctx, input) {
    const a = ctx.assignment!;
    const report = { ...input, handlerName: input.handlerName ?? ctx.actor.displayName, unitName: a.unit_name };
    await updateAssignment(ctx.tx, a.id, { status: 'replied', replied_at: new Date(ctx.now), reply: report });
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: a.id }, 'all', ctx.now);
    await ctx.event('reply', report);
  },
});
