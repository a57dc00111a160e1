import { z } from 'zod';
import { stopClocks } from '../clocks.ts';
import { notifyOutbox, updateAssignment } from '../store.ts';
import { leadAndAssists } from './consolidation.ts';
import { refuse } from './guards.ts';
import { sealDossier } from '../dossier/snapshot.ts';
import { defineAction, to } from './registry.ts';

/** The hotline reviews the handling report (SY 第十六条; DZ 第四条（三）审核办理结果): approved → the visit; refused → back to the units. */
export const approveCompletion = defineAction({
  action: 'approve-completion',
  summary: '审核通过（进入回访）',
  schema: z.object({ note: z.string().trim().max(1000).optional() }).strict(),
  async run(ctx, input) {
    for (const a of ctx.assignments.filter((x) => x.status === 'replied')) await updateAssignment(ctx.tx, a.id, { status: 'completed' });
    await ctx.event('approve-completion', { note: input.note ?? null }, null);
    return to('visiting');
  },
});

/** 审核不通过的，由承办单位继续按原规定时限办理 (SY 第十六条): the stopped clocks run again. */
export const rejectCompletion = defineAction({
  action: 'reject-completion',
  summary: '审核退回（承办单位按原时限继续办理）',
  schema: z.object({ reason: z.string().trim().min(1, '请填写退回理由').max(2000) }).strict(),
  async run(ctx, input) {
    // under a lead unit, the one reply was the lead's: it goes back to the lead, the assisting replies stand
    const team = leadAndAssists(ctx.app, ctx.assignments);
    const replied = ctx.assignments.filter((x) => x.status === 'replied' && x.parent_id === null && (!team || x.id === team.lead.id));
    for (const a of replied) {
      await updateAssignment(ctx.tx, a.id, { status: 'handling', replied_at: null });
      await ctx.tx.query(
        `UPDATE clocks SET status = 'running', stopped_at = NULL
          WHERE assignment_id = $1 AND name IN ('handle', 'redo') AND status IN ('met', 'overdue')`,
        [a.id],
      );
      await notifyOutbox(ctx.tx, { unitId: a.unit_id, ticketId: ctx.ticket.id, at: ctx.now, body: `【12345】工单 ${ctx.ticket.number} 办理结果审核未通过，请继续办理：${input.reason}` });
    }
    await ctx.event('reject-completion', { reason: input.reason }, null);
    return to(ctx.ticket.redo_count > 0 ? 'redo' : 'handling');
  },
});

/**
 * 终结办理: a repeated request with nothing new, already handled by law, is closed with a written
 * opinion and not handled again (LS 第十三条（四）, SC 五（三）).
 */
export const terminate = defineAction({
  action: 'terminate',
  summary: '终结办理（重复诉求，须书面意见）',
  schema: z.object({
    opinion: z.string().trim().min(10, '请写明详细的书面意见（至少 10 字）').max(5000),
    basis: z.string().trim().min(1, '请写明认定终结的法律、政策依据').max(1000),
  }).strict(),
  guard: ({ ticket, actor, assignments }) => {
    if (!ticket.repeat_of) return refuse.invalid('只有已关联为重复件的工单才能终结办理（凉山州办法 第十三条（四））');
    if (!actor.isCenter && !assignments.some((a) => a.unit_id === actor.unit.id && a.status !== 'returned')) return refuse.invalid('该工单未交办给本单位');
    return null;
  },
  async run(ctx, input) {
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id }, 'all', ctx.now, 'stopped');
    await ctx.event('terminate', input, null);
    return to('terminated', { closure: 'terminated', outcome: { kind: 'terminate', ...input }, closed_at: new Date(ctx.now) });
  },
});

/**
 * 整理归档 (CQ 第十六条: 真实、清晰、完整): the whole record is frozen as the archive's dossier, its hash
 * on the archive event (src/server/tickets/dossier).
 */
export const archive = defineAction({
  action: 'archive',
  summary: '归档（生成不可更改的案卷）',
  schema: z.object({}).strict(),
  async run(ctx) {
    const { sha256 } = await sealDossier(ctx);
    await ctx.event('archive', { dossierSha256: sha256 }, null);
    return to('archived');
  },
});
