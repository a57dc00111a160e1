import { z } from 'zod';
import { formatBasis } from '../../../core/policy/index.ts';
import { invalid } from '../../http/errors.ts';
import { stopClocks } from '../clocks.ts';
import { uuid } from '../schemas.ts';
import { policyForShare } from '../../policy/for-unit.ts';
import { updateAssignment, type AssignmentRow } from '../store.ts';
import { refuse, type Guard, type GuardInput } from './guards.ts';
import { defineAction, type ActionContext } from './registry.ts';
import { requireReturnFields, returnDecider, returnLate } from './return-rules.ts';

/** A share that was never signed in time has let its return window pass too. */
function signLapsed(clocks: GuardInput['clocks'], assignmentId: string): boolean {
  return clocks.some((c) => c.assignment_id === assignmentId && c.name === 'sign' && c.overdue);
}

/**
 * Where a late return means the unit is taken to have signed (SY 第十三条), no return is possible
 * once even the longer on-site window has passed. Elsewhere a late return is taken, and counted as
 * overdue (LS 第十二条（二）).
 */
export const mayReturn: Guard = (g) => {
  const policy = policyForShare(g.app, g.assignment!);
  const lapse = policy.returnLapse;
  if (lapse?.effect !== 'signed') return null;
  const basis = formatBasis(policy, lapse.basis);
  if (signLapsed(g.clocks, g.assignment!.id)) return refuse.invalid(`未在规定时限内签收或退回，视为签收，请继续办理（${basis}）`);
  if (returnLate(g, g.assignment!, true)) return refuse.invalid(`已超过退单时限，视为签收，请继续办理（${basis}）`);
  return null;
};

export interface ReturnRequest {
  reason: string;
  basis?: string | undefined;
  suggestedUnitId?: string | undefined;
  onsite: boolean;
  photos: string[];
}

/**
 * Puts share `a` in return_requested with what the decider reads, and stops its return window. Late
 * against the preset's window (cumulative along the chain where the preset says so: CQ 第十三条（一）);
 * refused when late means signed (SY 第十三条). Also what a unit passing its sub-unit's return on to
 * the hotline does to its own share (return-decisions.ts).
 */
export async function putReturn(ctx: ActionContext, a: AssignmentRow, input: ReturnRequest, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const policy = policyForShare(ctx.app, a);
  const late = signLapsed(ctx.clocks, a.id) || returnLate({ app: ctx.app, assignments: ctx.assignments, now: ctx.now }, a, input.onsite);
  if (late && policy.returnLapse?.effect === 'signed') {
    throw invalid(`已超过退单时限，视为签收，请继续办理（${formatBasis(policy, policy.returnLapse.basis)}）`, [{ path: 'reason', message: '超过退单时限' }]);
  }
  const decider = returnDecider(ctx.app, ctx.assignments, a);
  const pending = {
    reason: input.reason,
    basis: input.basis ?? null,
    suggestedUnitId: input.suggestedUnitId ?? null,
    onsite: input.onsite,
    photos: input.photos,
    late,
    ...(late && policy.returnLapse?.effect === 'overdue' ? { countsAsOverdue: true, lapseBasis: formatBasis(policy, policy.returnLapse.basis) } : {}),
    ...extra,
    // who decides it, for the pages: the unit that passed the share down (CQ 第十三条（一）) or the hotline
    decider: decider.kind === 'unit' ? decider.parent.unit_name : '12345热线',
    requestedAt: new Date(ctx.now).toISOString(),
  };
  await updateAssignment(ctx.tx, a.id, { status: 'return_requested', status_before_return: a.status, pending_return: pending });
  await stopClocks(ctx.tx, { ticketId: ctx.ticket.id, assignmentId: a.id }, ['return'], ctx.now);
  return pending;
}

/**
 * 退单: a unit sends back a ticket outside its remit, with its reason — and the basis and a suggested
 * unit where the preset requires them (LS 第十二条（二）, SY 第十三条). A share passed down goes back to
 * the unit that passed it down where returns go up the chain (CQ 第十三条（一）, DZ 第六条（一）), else
 * to the hotline. Late returns follow the preset: 凉山 counts them as overdue; 邵阳 takes the unit to
 * have signed, so the return is refused.
 */
export const requestReturn = defineAction({
  action: 'return',
  summary: '退单（申请退回：下派的逐级退回下派单位，其余退回热线）',
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
    const policy = policyForShare(ctx.app, a);
    requireReturnFields(policy, input);
    let suggestedUnitName: string | null = null;
    if (input.suggestedUnitId) {
      const { rows } = await ctx.tx.query<{ name: string }>('SELECT name FROM units WHERE id = $1', [input.suggestedUnitId]);
      if (!rows.length) throw invalid('建议承办单位不存在', [{ path: 'suggestedUnitId', message: '单位不存在' }]);
      suggestedUnitName = rows[0]!.name;
    }
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
    const pending = await putReturn(ctx, a, input, { suggestedUnitName });
    await ctx.event('return', pending);
  },
});
