import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mayLinkCalls, mayReadCallRecords } from '../../core/telephony/access.ts';
import type { AppContext } from '../app.ts';
import { accessTo, requireRead } from '../access/ticket-access.ts';
import { forbidden, invalid, notFound } from '../http/errors.ts';
import { announce } from '../live/bus.ts';
import { idParams, uuid } from '../tickets/schemas.ts';
import { loadAssignments, type TicketRow } from '../tickets/store.ts';
import { callerHistory } from '../supervision/caller-history.ts';
import { linkCall } from './link.ts';
import { CALL_SELECT, presentCall, type CallRow } from './presenter.ts';

const callParams = z.object({ callId: z.string().min(1).max(100) }).strict();

/**
 * Calls as people see them: the screen pop at the agent's desk (the number in full, to that agent
 * only), the center's call records (masked numbers; leader, analyst, supervisor, admin), the calls
 * of a ticket (center only: a recording holds the caller's voice), and linking a follow-up call.
 */
export function callRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/telephony/calls/:callId/pop', { schema: { tags: ['话务'], summary: '来电弹屏：振铃到本人分机的来电（号码、拨打号码、队列）', params: callParams } }, async (request) => {
    const actor = request.actor!;
    const { rows } = await ctx.db.query<CallRow & { rang_at: string | null }>(
      `${CALL_SELECT} LEFT JOIN agent_extensions e ON e.extension = c.extension WHERE c.call_id = $1 AND c.direction = 'in' AND (c.agent_id = $2 OR e.user_id = $2)`,
      [request.params.callId, actor.id],
    );
    // another agent's call is not there for this one; nor is a call placed out (回拨: nothing to pop up)
    if (!rows[0]) throw notFound('没有振铃到本分机的该通话');
    const call = presentCall(rows[0], ctx.vault, 'full');
    // the caller's history in the same answer: one round trip less before the desk shows it (300 ms)
    const history = call.caller && actor.isCenter && /^[0-9+-]{5,20}$/.test(call.caller) ? await callerHistory(ctx, actor, call.caller) : null;
    return { ...call, history };
  });

  r.get(
    '/api/telephony/calls',
    {
      schema: {
        tags: ['话务'],
        summary: '通话记录（话单；号码打码；direction=in 呼入 / out 回拨呼出）',
        querystring: z
          .object({ limit: z.coerce.number().int().min(1).max(500).default(100), outcome: z.enum(['ringing', 'talking', 'answered', 'abandoned']).optional(), direction: z.enum(['in', 'out']).optional() })
          .strict(),
      },
    },
    async (request) => {
      if (!mayReadCallRecords(request.actor!)) throw forbidden('只有热线中心的领导、分析员、督办员和系统管理员可以查看通话记录');
      const { limit, outcome, direction } = request.query;
      const { rows } = await ctx.db.query<CallRow>(
        `${CALL_SELECT} WHERE ($1::text IS NULL OR c.outcome = $1) AND ($3::text IS NULL OR c.direction = $3) ORDER BY c.offered_at DESC NULLS LAST LIMIT $2`,
        [outcome ?? null, limit, direction ?? null],
      );
      return { items: rows.map((row) => presentCall(row, ctx.vault, 'masked')) };
    },
  );

  r.get('/api/tickets/:id/calls', { schema: { tags: ['工单'], summary: '工单关联的通话（呼入与回拨呼出，含录音编号；仅热线中心）', params: idParams } }, async (request) => {
    const actor = request.actor!;
    const ticket = await readableTicket(ctx, actor, request.params.id);
    if (!actor.isCenter) return { items: [] };
    const { rows } = await ctx.db.query<CallRow>(`${CALL_SELECT} WHERE c.ticket_id = $1 ORDER BY c.offered_at`, [ticket.id]);
    return { items: rows.map((row) => presentCall(row, ctx.vault, 'masked')) };
  });

  r.post(
    '/api/telephony/calls/:callId/link',
    { schema: { tags: ['话务'], summary: '把来电关联到已有工单（跟进来电）', params: callParams, body: z.object({ ticketId: uuid }).strict() } },
    async (request) => {
      const actor = request.actor!;
      if (!mayLinkCalls(actor)) throw forbidden('只有热线中心的话务员、派单员可以关联来电');
      const at = ctx.now();
      await ctx.db.transaction(async (tx) => {
        const { rows } = await tx.query<TicketRow>('SELECT * FROM tickets WHERE id = $1 FOR UPDATE', [request.body.ticketId]);
        if (!rows[0]) throw invalid('工单不存在', [{ path: 'ticketId', message: '工单不存在' }]);
        await linkCall(tx, actor, request.params.callId, rows[0].id, at, true);
        await tx.query('UPDATE tickets SET updated_at = $2 WHERE id = $1', [rows[0].id, new Date(at)]);
        const assignments = await loadAssignments(tx, rows[0].id);
        await announce(tx, { ticketId: rows[0].id, status: rows[0].status, units: assignments.map((a) => a.unit_path) });
      });
      return { linked: true, callId: request.params.callId, ticketId: request.body.ticketId };
    },
  );
}

async function readableTicket(ctx: AppContext, actor: NonNullable<import('fastify').FastifyRequest['actor']>, id: string): Promise<TicketRow> {
  const { rows } = await ctx.db.query<TicketRow & { subject_path: string | null }>(
    'SELECT t.*, s.path AS subject_path FROM tickets t LEFT JOIN units s ON s.id = t.subject_unit_id WHERE t.id = $1',
    [id],
  );
  if (!rows[0]) throw notFound('工单不存在');
  requireRead(accessTo(actor, rows[0], rows[0].subject_path, await loadAssignments(ctx.db, id)));
  return rows[0];
}
