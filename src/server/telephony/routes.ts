import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { recordRead } from '../audit/record.ts';
import { conflict } from '../http/errors.ts';
import { announce } from '../live/bus.ts';
import { idParams } from '../tickets/schemas.ts';
import { appendEvent, loadAssignments } from '../tickets/store.ts';
import { callerTicketFor } from './caller-access.ts';
import { noDialer, type DialResult } from './dialer.ts';
import { recordOutboundCall, validCallId } from './outbound.ts';

/**
 * 回拨来电人: the click-to-call hook. The attempt goes on the timeline (so the reply's 已联系来电人 can
 * be checked against it) and to the access log, then to the dialer; the number never leaves the server
 * in this answer and is never logged. A call the telephone platform placed (it returns the call's id)
 * is a call record of the ticket from then on (outbound.ts), completed by the platform's events.
 */
export function telephonyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/tickets/:id/call-caller',
    {
      schema: {
        tags: ['工单'],
        summary: '回拨来电人（记入办理过程，交电话系统拨打；未接入电话系统时仅记录）',
        params: idParams,
        body: z.object({ note: z.string().trim().max(200, '说明不能超过 200 字').optional() }).strict().default({}),
      },
    },
    async (request) => {
      const actor = request.actor!;
      const at = ctx.now();
      const { ticket, phone } = await ctx.db.transaction(async (tx) => {
        const ticket = await callerTicketFor(tx, actor, request.params.id);
        const phone = ctx.vault.open(ticket.caller_phone);
        if (!phone) throw conflict('该工单没有来电号码', 'no_phone');
        await recordRead(tx, { actor, action: 'call-caller', ticketIds: [ticket.id], at, accessLog: 'call-caller' });
        return { ticket, phone };
      });
      // The telephone system is called outside the transaction: a slow switchboard holds no lock.
      const dialer = ctx.dialer ?? noDialer;
      const result = await dialer
        .dial({ ticketId: ticket.id, ticketNumber: ticket.number, phone, actor: { id: actor.id, username: actor.username, displayName: actor.displayName, unitId: actor.unit.id }, at })
        .catch((): DialResult => ({ placed: false, message: '电话系统暂不可用，请用本机或座机拨打' }));
      const callId = result.placed ? validCallId(result.callId) : null;
      await ctx.db.transaction(async (tx) => {
        await appendEvent(tx, { ticketId: ticket.id, action: 'call-caller', actor, at, data: { placed: result.placed, result: result.message, note: request.body?.note ?? null, ...(callId ? { callId } : {}) } });
        if (callId) await recordOutboundCall(ctx, tx, { callId, ticketId: ticket.id, actor, phone, at });
        await tx.query('UPDATE tickets SET updated_at = $2 WHERE id = $1', [ticket.id, new Date(at)]);
        const assignments = await loadAssignments(tx, ticket.id);
        await announce(tx, { ticketId: ticket.id, status: ticket.status, units: assignments.map((a) => a.unit_path) });
      });
      return { placed: result.placed, message: result.message, ...(callId ? { callId } : {}) };
    },
  );
}
