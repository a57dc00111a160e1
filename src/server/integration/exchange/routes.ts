import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { REPORT_KIND_LABELS, REPORT_KINDS, type ReportKind } from '../../../core/exchange/plan.ts';
import type { AppContext } from '../../app.ts';
import { hasRole } from '../../auth/actor.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { idParams } from '../../tickets/schemas.ts';
import { receiveOrder } from './receive.ts';
import type { UpperPlatforms } from './report.ts';
import { ticketAccessFor } from '../../attachments/access.ts';

const TAG = ['上级平台交换'];

interface DeliveryRow {
  id: string;
  ticket_id: string;
  number: string;
  platform: string;
  kind: ReportKind;
  report: { text?: string };
  created_at: Date;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  acknowledged_at: Date | null;
  receipt: string | null;
}

const at = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);

function presentDelivery(d: DeliveryRow, platforms: UpperPlatforms) {
  return {
    id: d.id,
    ticketId: d.ticket_id,
    ticketNumber: d.number,
    platform: d.platform,
    platformName: platforms.get(d.platform)?.name ?? d.platform,
    kind: d.kind,
    kindLabel: REPORT_KIND_LABELS[d.kind],
    text: d.report.text ?? '',
    createdAt: at(d.created_at),
    attempts: d.attempts,
    nextAttemptAt: d.acknowledged_at ? null : at(d.next_attempt_at),
    lastAttemptAt: at(d.last_attempt_at),
    lastStatus: d.last_status,
    lastError: d.last_error,
    acknowledgedAt: at(d.acknowledged_at),
    receipt: d.receipt,
  };
}

const DELIVERY_SELECT = `SELECT d.id::text, d.ticket_id, t.number, d.platform, d.kind, d.report, d.created_at, d.attempts, d.next_attempt_at,
  d.last_attempt_at, d.last_status, d.last_error, d.acknowledged_at, d.receipt FROM exchange_deliveries d JOIN tickets t ON t.id = d.ticket_id`;

/**
 * 上级平台交换 (凉山 第五条（三）, 凉山 第八条（二）, 重庆 第八条（二）): the platforms post orders with an API key of
 * scope `exchange` held by a system account of the center; the ticket page reads the order and its
 * reports back; the center's staff list every report and whether it was acknowledged.
 */
export function exchangeRoutes(app: FastifyInstance, ctx: AppContext, platforms: UpperPlatforms): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/exchange/:platform/orders',
    {
      schema: {
        tags: TAG,
        summary: '上级平台交办工单（API 密钥，权限 exchange；同一平台同一编号只建一张工单）',
        params: z.object({ platform: z.string().max(40) }).strict(),
        body: z.unknown(),
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      if (!request.apiKey) throw forbidden('交办接口仅供上级平台的系统账号使用（Authorization: Bearer <API 密钥>）');
      if (!actor.isCenter) throw forbidden('上级平台的系统账号应属于热线中心');
      const platform = platforms.get(request.params.platform);
      if (!platform) throw notFound(`未配置上级平台 ${request.params.platform}`);
      const got = await receiveOrder(ctx, platform, request.body, { actor, keyId: request.apiKey.id });
      reply.code(got.replayed ? 200 : 201);
      return got;
    },
  );

  r.get('/api/tickets/:id/upper', { schema: { tags: TAG, summary: '工单的上级平台交办信息与报送记录', params: idParams } }, async (request) => {
    const actor = request.actor!;
    // read as the ticket page is: a ticket the actor may not see is not found
    await ticketAccessFor(ctx.db, actor, request.params.id);
    const order = await ctx.db.query<{ platform: string; external_id: string; deadline: Date | null; instructions: string | null; received_at: Date }>(
      'SELECT platform, external_id, deadline, instructions, received_at FROM exchange_orders WHERE ticket_id = $1',
      [request.params.id],
    );
    const o = order.rows[0];
    if (!o) return { order: null, deliveries: [] };
    // the reports back are the center's correspondence with the platform; a unit sees the order it works to
    const deliveries = actor.isCenter ? (await ctx.db.query<DeliveryRow>(`${DELIVERY_SELECT} WHERE d.ticket_id = $1 ORDER BY d.id`, [request.params.id])).rows : [];
    return {
      order: {
        platform: o.platform,
        platformName: platforms.get(o.platform)?.name ?? o.platform,
        externalId: o.external_id,
        deadline: at(o.deadline),
        instructions: o.instructions,
        receivedAt: at(o.received_at),
      },
      deliveries: deliveries.map((d) => presentDelivery(d, platforms)),
    };
  });

  r.get(
    '/api/admin/exchange/deliveries',
    {
      schema: {
        tags: TAG,
        summary: '向上级平台报送的记录（受理、进展、办结；是否已确认）',
        querystring: z
          .object({
            state: z.enum(['pending', 'acknowledged', 'all']).default('all'),
            kind: z.enum(REPORT_KINDS).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      if (!actor.isCenter || !hasRole(actor, 'admin', 'supervisor', 'dispatcher')) throw forbidden('只有热线中心的管理员、督办员、派单员可以查看上级平台报送记录');
      const q = request.query;
      const where = [q.state === 'pending' ? 'd.acknowledged_at IS NULL' : q.state === 'acknowledged' ? 'd.acknowledged_at IS NOT NULL' : 'true', q.kind ? 'd.kind = $2' : 'true'];
      const { rows } = await ctx.db.query<DeliveryRow>(`${DELIVERY_SELECT} WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT $1`, [q.limit, ...(q.kind ? [q.kind] : [])]);
      const platformsList = [...platforms.values()].map((p) => ({ id: p.id, name: p.name, national: !!p.national }));
      return { platforms: platformsList, items: rows.map((d) => presentDelivery(d, platforms)) };
    },
  );
}
