import { z } from 'zod';
import { stopClocks, type ClockRow } from '../clocks.ts';
import { refuse, type Guard } from './guards.ts';
import { defineAction } from './registry.ts';
import { signAssignment } from './unit-work.ts';

/** The share's clocks of one name, latest first. */
const clocksNamed = (clocks: readonly ClockRow[], assignmentId: string, name: string) =>
  clocks.filter((c) => c.assignment_id === assignmentId && c.name === name).sort((a, b) => b.started_at.getTime() - a.started_at.getTime());

/** Offered only where the preset set a first-response clock on this share and it still runs. */
const awaitsFirstResponse: Guard = ({ clocks, assignment }) => {
  const c = clocksNamed(clocks, assignment!.id, 'firstResponse')[0];
  if (!c) return refuse.conflict('该工单不是特殊事项或特殊紧急事项，无需反馈初步响应', 'no_clock');
  if (c.status !== 'running') return refuse.conflict('已反馈初步响应', 'already_done');
  return null;
};

/** Offered where the preset set a progress clock on this share: reports may follow one another. */
const reportsProgress: Guard = ({ clocks, assignment }) =>
  clocksNamed(clocks, assignment!.id, 'progress').length ? null : refuse.conflict('该工单不是特殊事项或特殊紧急事项，进度请在办理答复中说明', 'no_clock');

const note = (what: string) => z.string().trim().min(1, `请填写${what}`).max(2000, `${what}不能超过 2000 字`);

/**
 * 反馈初步响应: the unit says it has the matter in hand — who went, what was done first — within the
 * clock the preset sets (凉山 第十二条（四）: 特殊事项 4 小时、特殊紧急事项 2 小时; 邵阳 第二十条: 1 小时内到达
 * 现场). A unit that responds has the ticket: an unsigned share is signed with it.
 */
export const firstResponse = defineAction({
  action: 'first-response',
  summary: '反馈初步响应（特殊事项、特殊紧急事项）',
  assignment: 'own',
  schema: z.object({ response: note('初步响应意见'), onSite: z.boolean().default(false) }).strict(),
  guard: awaitsFirstResponse,
  async run(ctx, input) {
    const a = ctx.assignment!;
    if (!a.signed_at) await signAssignment(ctx.tx, ctx.app, ctx.ticket, a, ctx.now);
    const due = clocksNamed(ctx.clocks, a.id, 'firstResponse')[0]!;
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: a.id }, ['firstResponse'], ctx.now);
    await ctx.event('first-response', { response: input.response, onSite: input.onSite, unitName: a.unit_name, late: ctx.now > due.due_at.getTime() });
  },
});

/**
 * 反馈办理进度: where the matter takes longer, the unit reports how far it has got (凉山 第十二条（四）:
 * 3 / 2 个工作日内反馈处理进度情况). The first report meets the clock; later ones inform the center.
 */
export const progressReport = defineAction({
  action: 'progress',
  summary: '反馈办理进度（特殊事项、特殊紧急事项）',
  assignment: 'own',
  schema: z.object({ progress: note('办理进度') }).strict(),
  guard: reportsProgress,
  async run(ctx, input) {
    const a = ctx.assignment!;
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: a.id }, ['progress'], ctx.now);
    await ctx.event('progress', { progress: input.progress, unitName: a.unit_name });
  },
});
