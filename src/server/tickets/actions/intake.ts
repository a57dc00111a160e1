import { z } from 'zod';
import { invalid } from '../../http/errors.ts';
import { insertEvent } from '../../audit/record.ts';
import { countAnswerUse } from '../../kb/usage.ts';
import { resolveOriginal } from '../../repeats/original.ts';
import { stopClocks } from '../clocks.ts';
import { uuid } from '../schemas.ts';
import { defineAction, to } from './registry.ts';

/** 直接答复 (CQ 第十二条（一）, SY 第十二条（一）): answered from the knowledge base, then visited. */
export const answer = defineAction({
  action: 'answer',
  summary: '直接答复（知识库解答，不派单）',
  schema: z.object({
    answer: z.string().trim().min(1, '请填写答复内容').max(5000, '答复不能超过 5000 字'),
    kbEntryId: z.string().max(64).optional().describe('答复所依据的知识条目（计入该条目的使用次数）'),
  }).strict(),
  async run(ctx, input) {
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: null }, ['answer', 'dispatch'], ctx.now);
    // An answer from the knowledge base counts as a use of the entry (重庆 第十九条: 使用情况统计).
    const kbEntry = input.kbEntryId ? await countAnswerUse(ctx.tx, input.kbEntryId, ctx.ticket.id, ctx.actor.id, ctx.now) : undefined;
    await ctx.event('answer', kbEntry ? { ...input, kbEntry } : input, null);
    return to('answered', { outcome: { kind: 'answer', ...input } });
  },
});

/**
 * 不予受理 with the ground the regulation lists (重庆 第九条, 凉山 第九条, 邵阳 第十条), the reason told to
 * the caller (邵阳 第十条: 告知其不予受理的原因; 重庆 第九条: 如实记录), and the competent body where one is
 * known (重庆 第九条: 应告知来电人该单位名称). Free text stands in for a ground only for the catch-all
 * item, or where the preset lists no grounds.
 */
export const reject = defineAction({
  action: 'reject',
  summary: '不予受理（选择预设列明的情形，写明理由）',
  schema: z.object({
    ground: z.string().max(40).optional().describe('不予受理情形（GET /api/policy 的 refusalGrounds[].code）'),
    reason: z.string().trim().min(1, '请填写不予受理的理由').max(2000),
    basis: z.string().trim().max(500).optional().describe('所依据的规定；“其他”情形或预设未列明情形时必填'),
    referral: z.string().trim().max(200).optional(),
  }).strict(),
  async run(ctx, input) {
    const policy = ctx.app.policy;
    const grounds = policy.refusalGrounds;
    let record: Record<string, unknown>;
    if (grounds) {
      if (!input.ground) throw invalid('请选择不予受理的情形', [{ path: 'ground', message: '必选' }]);
      const ground = grounds.find((g) => g.code === input.ground);
      if (!ground) throw invalid(`不予受理情形应为：${grounds.map((g) => g.label).join('；')}`, [{ path: 'ground', message: '不是预设列明的情形' }]);
      if (ground.other && !input.basis) throw invalid('“其他”情形须写明所依据的规定', [{ path: 'basis', message: '必填' }]);
      record = { ground: ground.code, groundLabel: ground.label, reason: input.reason, basis: `《${policy.document.title}》${ground.basis.article}：${ground.label.replace(/（须写明.*）$/, '')}`, ...(input.basis ? { basisDetail: input.basis } : {}), referral: input.referral };
    } else {
      if (input.ground) throw invalid('本地规定未列明不予受理情形：请直接写明理由和依据', [{ path: 'ground', message: '不适用' }]);
      if (!input.basis) throw invalid('请填写不予受理的依据', [{ path: 'basis', message: '必填' }]);
      record = { reason: input.reason, basis: input.basis, referral: input.referral };
    }
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: null }, 'all', ctx.now, 'stopped');
    await ctx.event('reject', record, null);
    return to('rejected', { outcome: { kind: 'reject', ...record }, closed_at: new Date(ctx.now) });
  },
});

/** 转紧急热线: life-and-property emergencies go to 110/119/120/122 (CQ 第十条, LS 第十四条). */
export const refer = defineAction({
  action: 'refer',
  summary: '转紧急热线 110/119/120/122',
  schema: z.object({
    hotline: z.enum(['110', '119', '120', '122']),
    note: z.string().trim().max(1000).optional(),
  }).strict(),
  async run(ctx, input) {
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: null }, 'all', ctx.now, 'stopped');
    await ctx.event('refer', input, null);
    return to('referred', { outcome: { kind: 'refer', ...input }, closed_at: new Date(ctx.now) });
  },
});

/**
 * 重复件: the same matter again, linked to its original (SY 第十条（四）, LS 第十三条（四）); to the
 * matter's first ticket when the one named is itself a repeat, so repeats count per matter.
 */
export const linkRepeat = defineAction({
  action: 'link-repeat',
  summary: '关联为重复件',
  schema: z.object({ originalId: uuid, note: z.string().max(500).optional() }).strict(),
  async run(ctx, input) {
    const original = await resolveOriginal(ctx.tx, ctx.ticket.id, input.originalId);
    const requested = original.requestedId ? { requestedId: original.requestedId } : {};
    await ctx.event('link-repeat', { originalId: original.id, originalNumber: original.number, ...requested, note: input.note }, null);
    // on the original's timeline, with its audit record (src/server/audit)
    await insertEvent(
      ctx.tx,
      { ticketId: original.id, assignmentId: null, action: 'repeat-received', actorId: ctx.actor.id, actorName: ctx.actor.displayName, actorUnitId: ctx.actor.unit.id, at: new Date(ctx.now), data: { repeatId: ctx.ticket.id, repeatNumber: ctx.ticket.number } },
      ctx.actor,
    );
    return { repeat_of: original.id };
  },
});
