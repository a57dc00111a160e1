import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { REPORT_KIND_LABELS, REPORT_KINDS, type ReportKind } from '../../../core/exchange/plan.ts';
import type { AppContext } from '../../app.ts';
import { hasRole, type Actor } from '../../auth/actor.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { idParams } from '../../tickets/schemas.ts';
import { receiveOrder } from './receive.ts';
import type { UpperPlatforms } from './report.ts';
import { ticketAccessFor } from '../../attachments/access.ts';
import { audit } from '../../audit/record.ts';
import { conflict } from '../../http/errors.ts';
import { parseTarget } from '../../../core/exchange/failures.ts';
import { resumeTarget, targetStates } from './failures.ts';
import type { ExchangePeers } from './peers.ts';

const TAG = ['上级平台交换'];

interface DeliveryRow {
  id: string;
  ticket_id: string;
  number: string;
  platform: string;
  kind: ReportKind | 'order';
  report: { text?: string };
  created_at: Date;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  acknowledged_at: Date | null;
  receipt: string | null;
  stopped_at: Date | null;
  stopped_reason: string | null;
}

/** The deliveries' kinds: the reports back, and the orders transferred to a peer (转办至其他平台). */
const DELIVERY_KINDS = [...REPORT_KINDS, 'order'] as const;
const KIND_LABELS: Record<(typeof DELIVERY_KINDS)[number], string> = { ...REPORT_KIND_LABELS, order: '转办' };

const at = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);

function presentDelivery(d: DeliveryRow, platforms: UpperPlatforms, peers?: ExchangePeers) {
  return {
    id: d.id,
    ticketId: d.ticket_id,
    ticketNumber: d.number,
    platform: d.platform,
    // an order goes to a peer (EXCHANGE_PEERS), a report to an upper platform (EXCHANGE_PLATFORMS)
    platformName: (d.kind === 'order' ? peers?.get(d.platform)?.name : platforms.get(d.platform)?.name) ?? d.platform,
    target: `${d.kind === 'order' ? 'peer' : 'platform'}:${d.platform}`,
    kind: d.kind,
    kindLabel: KIND_LABELS[d.kind],
    text: d.report.text ?? '',
    createdAt: at(d.created_at),
    attempts: d.attempts,
    nextAttemptAt: d.acknowledged_at ? null : at(d.next_attempt_at),
    lastAttemptAt: at(d.last_attempt_at),
    lastStatus: d.last_status,
    lastError: d.last_error,
    acknowledgedAt: at(d.acknowledged_at),
    receipt: d.receipt,
    stoppedAt: at(d.stopped_at),
    stoppedReason: d.stopped_reason,
  };
}

const DELIVERY_SELECT = `SELECT d.id::text, d.ticket_id, t.number, d.platform, d.kind, d.report, d.created_at, d.attempts, d.next_attempt_at,
  d.last_attempt_at, d.last_status, d.last_error, d.acknowledged_at, d.receipt, d.stopped_at, d.stopped_reason FROM exchange_deliveries d JOIN tickets t ON t.id = d.ticket_id`;

/**
 * 上级平台交换 (凉山 第五条（三）, 凉山 第八条（二）, 重庆 第八条（二）): the platforms post orders with an API key of
 * scope `exchange` held by a system account of the center; the ticket page reads the order and its
 * reports back; the center's staff list every report and whether it was acknowledged.
 */
export function exchangeRoutes(app: FastifyInstance, ctx: AppContext, platforms: UpperPlatforms, peers: ExchangePeers): void {
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
      deliveries: deliveries.map((d) => presentDelivery(d, platforms, peers)),
    };
  });

  r.get(
    '/api/admin/exchange/deliveries',
    {
      schema: {
        tags: TAG,
        summary: '向上级平台报送和向其他平台转办的记录（受理、进展、办结、转办；是否已确认、是否已停止），及各平台是否暂停',
        querystring: z
          .object({
            state: z.enum(['pending', 'acknowledged', 'stopped', 'all']).default('all'),
            kind: z.enum(DELIVERY_KINDS, `kind 应为 ${DELIVERY_KINDS.join('、')} 之一`).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      if (!actor.isCenter || !hasRole(actor, 'admin', 'supervisor', 'dispatcher')) throw forbidden('只有热线中心的管理员、督办员、派单员可以查看上级平台报送记录');
      const q = request.query;
      const STATE: Record<typeof q.state, string> = {
        pending: 'd.acknowledged_at IS NULL AND d.stopped_at IS NULL',
        stopped: 'd.acknowledged_at IS NULL AND d.stopped_at IS NOT NULL',
        acknowledged: 'd.acknowledged_at IS NOT NULL',
        all: 'true',
      };
      const where = [STATE[q.state], q.kind ? 'd.kind = $2' : 'true'];
      const { rows } = await ctx.db.query<DeliveryRow>(`${DELIVERY_SELECT} WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT $1`, [q.limit, ...(q.kind ? [q.kind] : [])]);
      const states = new Map((await targetStates(ctx.db)).map((s) => [s.target, s]));
      const stateOf = (target: string) => {
        const s = states.get(target);
        return { target, state: s?.state ?? 'active', consecutiveFailures: s?.consecutiveFailures ?? 0, pausedAt: at(s?.pausedAt ?? null), pausedReason: s?.pausedReason ?? null };
      };
      const platformsList = [...platforms.values()].map((p) => ({ id: p.id, name: p.name, national: !!p.national, ...stateOf(`platform:${p.id}`) }));
      const peersList = [...peers.values()].map((p) => ({ id: p.id, name: p.name, level: p.level ?? null, ...stateOf(`peer:${p.id}`) }));
      return { platforms: platformsList, peers: peersList, items: rows.map((d) => presentDelivery(d, platforms, peers)) };
    },
  );

  const mayManage = (a: Actor) => a.isCenter && hasRole(a, 'admin');

  r.post(
    '/api/admin/exchange/deliveries/:id/retry',
    { schema: { tags: TAG, summary: '重新发送已停止的报送或转办（对方连续拒收后停止；系统管理员）', params: z.object({ id: z.string().regex(/^\d{1,18}$/, '编号应为数字') }).strict() } },
    async (request) => {
      const actor = request.actor!;
      if (!mayManage(actor)) throw forbidden('只有热线中心的系统管理员可以重新发送');
      const now = ctx.now();
      return ctx.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ ticket_id: string; platform: string; kind: string }>(
          `UPDATE exchange_deliveries SET stopped_at = NULL, stopped_reason = NULL, refusals = 0, next_attempt_at = $2
            WHERE id = $1 AND stopped_at IS NOT NULL AND acknowledged_at IS NULL RETURNING ticket_id, platform, kind`,
          [request.params.id, new Date(now)],
        );
        if (!rows[0]) {
          const seen = await tx.query('SELECT 1 FROM exchange_deliveries WHERE id = $1', [request.params.id]);
          if (!seen.rows.length) throw notFound('报送记录不存在');
          throw conflict('这条报送没有停止，无需重新发送', 'not_stopped');
        }
        await audit(tx, { action: 'exchange.retry', at: now, actor, objectType: 'exchange-delivery', objectId: request.params.id, ticketId: rows[0].ticket_id, detail: { platform: rows[0].platform, kind: rows[0].kind } });
        return { id: request.params.id, state: 'pending', nextAttemptAt: at(new Date(now)) };
      });
    },
  );

  r.post(
    '/api/admin/exchange/targets/:target/resume',
    { schema: { tags: TAG, summary: '恢复向已自动暂停的上级平台或其他平台发送（系统管理员）', params: z.object({ target: z.string().max(60) }).strict() } },
    async (request) => {
      const actor = request.actor!;
      if (!mayManage(actor)) throw forbidden('只有热线中心的系统管理员可以恢复发送');
      const target = parseTarget(request.params.target);
      if (!target) throw notFound('没有这个平台');
      const resumed = await ctx.db.transaction((tx) => resumeTarget(tx, request.params.target, actor, ctx.now()));
      if (!resumed) throw conflict('该平台没有暂停', 'not_paused');
      return { target: request.params.target, state: 'active' };
    },
  );
}
