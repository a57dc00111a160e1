import { z } from 'zod';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../../core/ticket/machine.ts';
import { insertEvent } from '../../audit/record.ts';
import { invalid } from '../../http/errors.ts';
import { resolveOriginal } from '../../repeats/original.ts';
import { stopClocks } from '../clocks.ts';
import { uuid } from '../schemas.ts';
import { notifyOutbox } from '../store.ts';
import { defineAction, to } from './registry.ts';

/** An original still being worked on: its handling and its visit can take the merged caller along. */
const OPEN: TicketStatus[] = ['registered', 'dispatched', 'handling', 'reviewing', 'visiting', 'redo'];

/**
 * 合并: a new request about a matter already accepted and not yet finished is not handled again
 * (邵阳 第十条（四）: 同一服务对象的同一事项已经受理、正在办理…不予受理); it is closed into the
 * original. Both timelines say so, and the original's timeline names the merged caller, so that the
 * visit after handling reaches them too; the caller is told by SMS with the original's number.
 */
export const merge = defineAction({
  action: 'merge',
  summary: '合并到原工单（同一事项，随原工单办理和回访）',
  schema: z.object({
    originalId: uuid.describe('原工单编号（若原工单本身是重复件，合并到最初的工单）'),
    note: z.string().trim().max(500, '说明不能超过 500 字').optional(),
  }).strict(),
  async run(ctx, input) {
    const t = ctx.ticket;
    const original = await resolveOriginal(ctx.tx, t.id, input.originalId);
    if (!OPEN.includes(original.status)) {
      throw invalid(
        `原工单 ${original.number} 当前为“${TICKET_STATUS_LABELS[original.status]}”，不能合并（仅限尚未办结的工单；已办结的同一事项无新情况的，可不予受理）`,
        [{ path: 'originalId', message: '原工单已结束' }],
      );
    }
    await stopClocks(ctx.tx, { ticketId: t.id, assignmentId: null }, 'all', ctx.now, 'stopped');
    const link = { originalId: original.id, originalNumber: original.number, ...(original.requestedId ? { requestedId: original.requestedId } : {}), note: input.note ?? null };
    await ctx.event('merge', link, null);
    // on the original's timeline, with its audit record (src/server/audit)
    await insertEvent(
      ctx.tx,
      {
        ticketId: original.id,
        assignmentId: null,
        action: 'merged-in',
        actorId: ctx.actor.id,
        actorName: `${ctx.actor.displayName}（${ctx.actor.unit.name}）`,
        actorUnitId: ctx.actor.unit.id,
        at: new Date(ctx.now),
        // callerName/callerPhone are left out for units by the presenter (CALLER_FIELDS)
        data: { mergedId: t.id, mergedNumber: t.number, callerName: t.caller_name, callerPhone: t.caller_phone, anonymous: t.anonymous, note: input.note ?? null },
      },
      ctx.actor,
    );
    if (t.caller_phone) {
      await notifyOutbox(ctx.tx, {
        recipient: t.caller_phone,
        ticketId: t.id,
        at: ctx.now,
        body: `【12345】您反映的诉求（工单 ${t.number}）与工单 ${original.number} 为同一事项，已合并办理，办理结果将一并回复您。`,
      });
    }
    return to('merged', {
      repeat_of: original.id,
      closure: 'merged',
      outcome: { kind: 'merge', originalId: original.id, originalNumber: original.number },
      closed_at: new Date(ctx.now),
    });
  },
});
