import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import type { AppContext } from '../../app.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { idParams } from '../../tickets/schemas.ts';
import type { TicketStatus } from '../../../core/ticket/machine.ts';
import { peerTransferRefusal, receivePeerReport, transferToPeer } from './peer-transfer.ts';
import type { ExchangePeers } from './peers.ts';
import { ticketAccessFor } from '../../attachments/access.ts';

const TAG = ['上级平台交换'];
const at = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);

interface DeliveryRow {
  transfer_id: string;
  attempts: number;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
  last_error: string | null;
  acknowledged_at: Date | null;
  stopped_at: Date | null;
  stopped_reason: string | null;
  paused_reason: string | null;
}

/**
 * The order's way to the peer: tried how often, why it failed, when it is tried again — none while it is
 * stopped (refused again and again) or the peer is paused (failures.ts), until the administrator resends or
 * resumes under 系统管理 · 平台交换.
 */
function presentDelivery(d: DeliveryRow | undefined) {
  if (!d) return null;
  const open = !d.acknowledged_at;
  const held = open && (d.stopped_at !== null || d.paused_reason !== null);
  return {
    attempts: d.attempts,
    lastAttemptAt: at(d.last_attempt_at),
    nextAttemptAt: open && !held ? at(d.next_attempt_at) : null,
    lastError: open ? d.last_error : null,
    acknowledgedAt: at(d.acknowledged_at),
    stopped: open && d.stopped_at ? { at: at(d.stopped_at), reason: d.stopped_reason } : null,
    peerPaused: open && d.paused_reason !== null ? d.paused_reason : null,
  };
}

/**
 * 转办至其他平台 (重庆 第八条（二）; 四川 (sichuan-2021) 四（一） 川渝两地 12345 热线联动机制): the center transfers a registered ticket to
 * a peer open12345; the peer's reports come back with a key of scope `exchange` made here for it.
 */
export function peerRoutes(app: FastifyInstance, ctx: AppContext, peers: ExchangePeers): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/exchange/peers', { schema: { tags: TAG, summary: '可转办的其他平台（EXCHANGE_PEERS）' } }, async (request) => {
    if (!request.actor!.isCenter) throw forbidden('只有热线中心可以查看其他平台');
    return { items: [...peers.values()].map((p) => ({ id: p.id, name: p.name })) };
  });

  r.post(
    '/api/tickets/:id/transfer-peer',
    {
      schema: {
        tags: TAG,
        summary: '转办至其他平台（待派单的工单；派单员、管理员）',
        params: idParams,
        body: z
          .object({
            peer: z.string({ error: '请选择对方平台' }).min(1, '请选择对方平台').max(40, '请从已对接的平台中选择'),
            note: z.string().trim().max(2000, '转办说明最多 2000 字').optional(),
          })
          .strict(),
      },
    },
    async (request) => {
      return transferToPeer(ctx, peers, request.actor!, request.params.id, { peer: request.body.peer, note: request.body.note || undefined });
    },
  );

  r.get('/api/tickets/:id/transfer-peer', { schema: { tags: TAG, summary: '工单转办至其他平台的记录、转办单的投递情况与对方报送；是否可以转办及原因', params: idParams } }, async (request) => {
    const actor = request.actor!;
    // read as the ticket page is: a ticket the actor may not see is not found
    await ticketAccessFor(ctx.db, actor, request.params.id);
    const ticket = (await ctx.db.query<{ status: TicketStatus; peer_pending: string | null }>('SELECT status, peer_pending FROM tickets WHERE id = $1', [request.params.id])).rows[0]!;
    // the same checks as the transfer itself: the page offers it exactly when the server takes it
    const refusal = peers.size ? peerTransferRefusal(actor, ticket) : { role: false, message: '未配置可转办的其他平台（EXCHANGE_PEERS）' };
    // the order's way to the peer (deliver.ts): until the peer takes it, how often it was tried and why it failed
    const deliveries = await ctx.db.query<DeliveryRow>(
      `SELECT d.report->>'transferId' AS transfer_id, d.attempts, d.last_attempt_at, d.next_attempt_at, d.last_error, d.acknowledged_at, d.stopped_at, d.stopped_reason,
              (SELECT COALESCE(x.paused_reason, '已暂停') FROM exchange_targets x WHERE x.target = 'peer:' || d.platform AND x.state = 'paused') AS paused_reason
         FROM exchange_deliveries d WHERE d.ticket_id = $1 AND d.kind = 'order' ORDER BY d.id`,
      [request.params.id],
    );
    const transfers = await ctx.db.query<{ id: string; peer: string; order_id: string; note: string | null; transferred_at: Date; remote_number: string | null; accepted_at: Date | null; result_at: Date | null; state: string }>(
      'SELECT id::text, peer, order_id, note, transferred_at, remote_number, accepted_at, result_at, state FROM peer_transfers WHERE ticket_id = $1 ORDER BY id',
      [request.params.id],
    );
    const reports = await ctx.db.query<{ transfer_id: string; kind: string; received_at: Date; report: { text?: string; status?: string } }>(
      'SELECT r.transfer_id::text, r.kind, r.received_at, r.report FROM peer_reports r JOIN peer_transfers p ON p.id = r.transfer_id WHERE p.ticket_id = $1 ORDER BY r.received_at',
      [request.params.id],
    );
    return {
      items: transfers.rows.map((t) => ({
        id: t.id,
        peer: t.peer,
        peerName: peers.get(t.peer)?.name ?? t.peer,
        orderId: t.order_id,
        note: t.note,
        transferredAt: at(t.transferred_at),
        remoteNumber: t.remote_number,
        acceptedAt: at(t.accepted_at),
        resultAt: at(t.result_at),
        state: t.state,
        reports: reports.rows.filter((x) => x.transfer_id === t.id).map((x) => ({ kind: x.kind, receivedAt: at(x.received_at), status: x.report.status ?? null, text: x.report.text ?? '' })),
        delivery: presentDelivery(deliveries.rows.find((d) => d.transfer_id === t.id)),
      })),
      mayTransfer: refusal === null,
      // why not, for the center's dispatchers and admins (the others are never offered it)
      refusal: refusal && !refusal.role ? refusal.message : null,
    };
  });

  r.post(
    '/api/exchange/peers/:peer/reports',
    {
      schema: {
        tags: TAG,
        summary: '其他平台报送转办工单的受理、进展、办结（API 密钥，权限 exchange；同一 messageId 只处理一次）',
        params: z.object({ peer: z.string().max(40) }).strict(),
        body: z.unknown(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      if (!request.apiKey) throw forbidden('报送接口仅供其他平台的系统账号使用（Authorization: Bearer <API 密钥>）');
      if (!actor.isCenter) throw forbidden('其他平台的系统账号应属于热线中心');
      const peer = peers.get(request.params.peer);
      if (!peer) throw notFound(`未配置其他平台 ${request.params.peer}`);
      const got = await receivePeerReport(ctx, peer, request.body, actor);
      return { ack: true, receipt: got.receipt, replayed: got.replayed };
    },
  );
}
