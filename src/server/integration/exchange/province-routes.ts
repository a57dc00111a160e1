import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseMonth } from '../../../core/analytics/periods.ts';
import { dayOfInstant, formatInstant } from '../../../core/calendar/civil-date.ts';
import type { AppContext } from '../../app.ts';
import { hasRole, type Actor } from '../../auth/actor.ts';
import { forbidden, invalid, notFound } from '../../http/errors.ts';
import { monthOf } from './city-report.ts';
import type { ExchangePeers } from './peers.ts';
import { drainProvincePushes, provinceOf, queueProvincePush } from './province-push.ts';
import { provinceComparison, receiveCityReport } from './province-receive.ts';

const TAG = ['省市数据通道'];
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const at = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);

interface PushRow {
  id: string;
  peer: string;
  period: string;
  complete: boolean;
  created_at: Date;
  requested_by_name: string | null;
  state: string;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  acknowledged_at: Date | null;
  receipt: string | null;
  stopped_reason: string | null;
}

/**
 * 省市两级数据通道 (四川 (sichuan-2021) 二 打通省、市数据通道; 六（二） 综合分析评价): on a city, its pushes to the province
 * and 立即上报; on the province, the cities' reports coming in and the 全省对比 its leaders and analysts read.
 */
export function provinceRoutes(app: FastifyInstance, ctx: AppContext, peers: ExchangePeers): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const currentMonth = () => monthOf(dayOfInstant(ctx.now()));

  r.post(
    '/api/exchange/peers/:peer/indicators',
    {
      schema: {
        tags: TAG,
        summary: '市级平台上报某月的汇总指标和热点诉求（API 密钥，权限 exchange；同一市同一月份以较新的一份为准）',
        params: z.object({ peer: z.string().max(40) }).strict(),
        body: z.unknown(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      if (!request.apiKey) throw forbidden('指标上报接口仅供市级平台的系统账号使用（Authorization: Bearer <API 密钥>）');
      if (!actor.isCenter) throw forbidden('市级平台的系统账号应属于热线中心');
      const peer = peers.get(request.params.peer);
      if (!peer || peer.level !== 'city') throw notFound(`未配置市级平台 ${request.params.peer}（EXCHANGE_PEERS 中 level 为 city）`);
      return receiveCityReport(ctx, peer, request.body, actor);
    },
  );

  r.get(
    '/api/analytics/province',
    { schema: { tags: TAG, summary: '全省对比：各市某月的受理量、按时办结率、满意率、回访率等指标和热点诉求（省级平台）', querystring: z.object({ month: month.optional() }).strict() } },
    async (request) => {
      const actor = request.actor!;
      if (!(actor.isCenter && hasRole(actor, 'leader', 'analyst', 'supervisor', 'admin'))) throw forbidden('全省对比仅限热线中心的领导、分析员、督办员和系统管理员');
      return provinceComparison(ctx.db, peers, request.query.month ?? currentMonth());
    },
  );

  const mayPush = (a: Actor) => a.isCenter && hasRole(a, 'admin', 'leader', 'analyst');

  r.get('/api/exchange/province', { schema: { tags: TAG, summary: '本市向省级平台上报指标的记录（市级平台）' } }, async (request) => {
    if (!mayPush(request.actor!)) throw forbidden('只有热线中心的管理员、领导、分析员可以查看向省级平台的上报');
    const province = provinceOf(peers);
    const { rows } = await ctx.db.query<PushRow>(
      `SELECT id::text, peer, period, complete, created_at, requested_by_name, state, attempts, next_attempt_at, last_attempt_at, last_status, last_error,
              acknowledged_at, receipt, stopped_reason FROM province_pushes ORDER BY id DESC LIMIT 50`,
    );
    return {
      province: province ? { id: province.id, name: province.name } : null,
      items: rows.map((p) => ({
        id: p.id,
        peer: p.peer,
        peerName: peers.get(p.peer)?.name ?? p.peer,
        period: p.period,
        complete: p.complete,
        createdAt: at(p.created_at),
        requestedBy: p.requested_by_name,
        state: p.state,
        attempts: p.attempts,
        nextAttemptAt: p.state === 'pending' ? at(p.next_attempt_at) : null,
        lastAttemptAt: at(p.last_attempt_at),
        lastStatus: p.last_status,
        lastError: p.last_error,
        acknowledgedAt: at(p.acknowledged_at),
        receipt: p.receipt,
        stoppedReason: p.stopped_reason,
      })),
    };
  });

  r.post(
    '/api/exchange/province/push',
    { schema: { tags: TAG, summary: '立即向省级平台上报某月指标（默认本月；取代该月尚未送达或已停止的上报）', body: z.object({ month: month.optional() }).strict() } },
    async (request) => {
      const actor = request.actor!;
      if (!mayPush(actor)) throw forbidden('只有热线中心的管理员、领导、分析员可以向省级平台上报');
      const province = provinceOf(peers);
      if (!province) throw notFound('未配置省级平台（EXCHANGE_PEERS 中 level 为 province）');
      const m = request.body.month ?? currentMonth();
      if (parseMonth(m).from > dayOfInstant(ctx.now())) throw invalid('不能上报尚未开始的月份', [{ path: 'month', message: '晚于本月' }]);
      const queued = await queueProvincePush(ctx, province, m, actor);
      // sent now, so the page shows the province's answer; a failure is retried by the job
      const round = await drainProvincePushes(ctx, { timeoutMs: 10_000 });
      const { rows } = await ctx.db.query<{ state: string; last_error: string | null; receipt: string | null }>('SELECT state, last_error, receipt FROM province_pushes WHERE id = $1', [queued.id]);
      return { id: queued.id, month: m, sent: round.sent, state: rows[0]!.state, receipt: rows[0]!.receipt, error: rows[0]!.last_error };
    },
  );
}
