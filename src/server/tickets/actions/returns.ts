import { z } from 'zod';
import { computeDue, formatBasis } from '../../../core/policy/index.ts';
import { invalid } from '../../http/errors.ts';
import { stopClocks } from '../clocks.ts';
import { uuid } from '../schemas.ts';
import { updateAssignment } from '../store.ts';
import { refuse, type Guard, type GuardInput } from './guards.ts';
import { defineAction } from './registry.ts';
import { signAssignment } from './unit-work.ts';

/** A share that was never signed in time has let its return window pass too. */
function signLapsed(clocks: GuardInput['clocks'], assignmentId: string): boolean {
  return clocks.some((c) => c.assignment_id === assignmentId && c.name === 'sign' && c.overdue);
}

/** Whether the return window has passed, for a return with or without an on-site check (SY 第十三条). */
function returnLate({ app, assignment, now }: Pick<GuardInput, 'app' | 'assignment' | 'now'>, onsite: boolean): boolean {
  const a = assignment!;
  const returnRule = app.policy.clocks.return;
  if (!returnRule) return false;
  const rule = onsite ? (returnRule.variants?.onsite ?? returnRule) : returnRule;
  const start = rule.from === 'signed' ? a.signed_at?.getTime() : a.created_at.getTime();
  return start !== undefined && now > computeDue(app.calendar, rule, start);
}

/**
 * Where a late return means the unit is taken to have signed (SY 第十三条), no return is possible
 * once even the longer on-site window has passed. Elsewhere a late return is taken, and counted as
 * overdue (LS 第十二条（二）).
 */
const mayReturn: Guard = (g) => {
  const lapse = g.app.policy.returnLapse;
  if (lapse?.effect !== 'signed') return null;
  const basis = formatBasis(g.app.policy, lapse.basis);
  if (signLapsed(g.clocks, g.assignment!.id)) return refuse.invalid(`未在规定时限内签收或退回，视为签收，请继续办理（${basis}）`);
  if (returnLate(g, true)) return refuse.invalid(`已超过退单时限，视为签收，请继续办理（${basis}）`);
  return null;
};

/**
 * 退单: a unit sends back a ticket outside its remit, with reason, basis and a suggested unit
 * (CQ 第十三条（一）, LS 第十二条（二）, SY 第十三条). Late returns follow the preset: 凉山 counts them
 * as overdue; 邵阳 takes the unit to have signed, so the return is refused.
 */
export const requestReturn = defineAction({
  action: 'return',
  summary: '退单（申请退回热线）',
  assignment: 'own',
  schema: z.object({
    reason: z.string().trim().min(1, '请填写退回理由').max(2000),
    basis: z.string().trim().max(500).optional(),
    suggestedUnitId: uuid.optional(),
    /** 需经现场核实 (SY 第十三条): the longer window applies, and photos where required. */
    onsite: z.boolean().default(false),
    photos: z.array(uuid).max(10).default([]),
  }).strict(),
  guard: mayReturn,
  async run(ctx, input) {
    const a = ctx.assignment!;
    const policy = ctx.app.policy;
    const photoRule = policy.returnPhotos;
    const needsPhotos = photoRule && photoRule.objects.some((o) => ctx.ticket.content.includes(o) || (ctx.ticket.title ?? '').includes(o));
    if (needsPhotos && input.photos.length === 0) {
      throw invalid(`涉及${photoRule.objects.join('、')}的工单退回须附现场图片（${formatBasis(policy, photoRule.basis)}）`, [{ path: 'photos', message: '请上传现场图片' }]);
    }
    if (input.photos.length) {
      const { rows } = await ctx.tx.query<{ n: number }>('SELECT count(*)::int AS n FROM attachments WHERE id = ANY($1::uuid[]) AND content_type LIKE \'image/%\'', [input.photos]);
      if (rows[0]!.n !== input.photos.length) throw invalid('现场图片无效：请先上传图片再引用', [{ path: 'photos', message: '图片不存在' }]);
      // The photos belong to the ticket from now on, listed with it and guarded by its access rules.
      await ctx.tx.query('UPDATE attachments SET ticket_id = $1 WHERE id = ANY($2::uuid[]) AND ticket_id IS NULL', [ctx.ticket.id, input.photos]);
    }
    const late = signLapsed(ctx.clocks, a.id) || returnLate({ ...ctx, assignment: a }, input.onsite);
    if (late && policy.returnLapse?.effect === 'signed') {
      throw invalid(`已超过退单时限，视为签收，请继续办理（${formatBasis(policy, policy.returnLapse.basis)}）`, [{ path: 'reason', message: '超过退单时限' }]);
    }
    const pending = {
      reason: input.reason,
      basis: input.basis ?? null,
      suggestedUnitId: input.suggestedUnitId ?? null,
      onsite: input.onsite,
      photos: input.photos,
      late,
      ...(late && policy.returnLapse?.effect === 'overdue' ? { countsAsOverdue: true, lapseBasis: formatBasis(policy, policy.returnLapse.basis) } : {}),
      requestedAt: new Date(ctx.now).toISOString(),
    };
    await updateAssignment(ctx.tx, a.id, { status: 'return_requested', status_before_return: a.status, pending_return: pending });
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: a.id }, ['return'], ctx.now);
    await ctx.event('return', pending);
  },
});

/** The hotline reviews returns (CQ 第十三条, LS 第十二条, SY 第十三条): approved → back to dispatch. */
export const approveReturn = defineAction({
  action: 'approve-return',
  summary: '同意退单（工单回到待派单）',
  assignment: 'any',
  schema: z.object({ assignmentId: uuid.optional(), note: z.string().trim().max(1000).optional() }).strict(),
  async run(ctx, input) {
    const a = ctx.assignment!;
    await updateAssignment(ctx.tx, a.id, { status: 'returned' });
    await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: a.id }, 'all', ctx.now, 'stopped');
    // Its sub-units' shares end with it, however far down they were passed.
    const ended = new Set([a.id]);
    const below = ctx.assignments.filter((c) => {
      if (c.parent_id === null || !ended.has(c.parent_id)) return false;
      ended.add(c.id);
      return true;
    });
    for (const child of below) {
      await updateAssignment(ctx.tx, child.id, { status: 'returned' });
      await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: child.id }, 'all', ctx.now, 'stopped');
    }
    await ctx.event('approve-return', { note: input.note ?? null, unitName: a.unit_name });
  },
});

/** Refused: the unit carries on (SY 第十三条: 审核未通过的，由承办单位继续办理). */
export const rejectReturn = defineAction({
  action: 'reject-return',
  summary: '驳回退单（承办单位继续办理）',
  assignment: 'any',
  schema: z.object({ assignmentId: uuid.optional(), reason: z.string().trim().min(1, '请填写驳回理由').max(1000) }).strict(),
  async run(ctx, input) {
    const a = ctx.assignment!;
    if (!a.signed_at) await signAssignment(ctx.tx, ctx.app, ctx.ticket, a, ctx.now);
    await updateAssignment(ctx.tx, a.id, { status: 'handling', status_before_return: null, pending_return: null });
    await ctx.event('reject-return', { reason: input.reason, unitName: a.unit_name });
  },
});
