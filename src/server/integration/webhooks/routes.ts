import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { WEBHOOK_AUTO_PAUSE_AFTER, WEBHOOK_KIND_LABELS, WEBHOOK_KINDS, WEBHOOK_MAX_ATTEMPTS } from '../../../core/webhooks/kinds.ts';
import type { AppContext } from '../../app.ts';
import { requireAdmin } from '../../auth/actor.ts';
import { invalid } from '../../http/errors.ts';
import { uuid } from '../../http/schemas.ts';
import { replayDelivery } from './deliver.ts';
import { listDeliveries } from './deliveries.ts';
import {
  createSubscription, editSubscription, getSubscription, listSubscriptions, pauseSubscription, resumeSubscription, WebhookError, type SubscriptionView,
} from './store.ts';

const TAG = ['Webhook 数据推送'];
const at = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);

const present = (s: SubscriptionView) => ({
  id: s.id,
  name: s.name,
  url: s.url,
  unit: s.unit,
  kinds: s.kinds.map((k) => ({ kind: k, label: WEBHOOK_KIND_LABELS[k] })),
  secretLabel: s.secretLabel,
  state: s.state,
  paused: s.state === 'paused' ? { at: at(s.pausedAt), reason: s.pausedReason, by: s.pausedByName, automatic: s.autoPaused } : null,
  consecutiveFailures: s.consecutiveFailures,
  pending: s.pending,
  failed: s.failed,
  lastDeliveredAt: at(s.lastDeliveredAt),
  createdAt: at(s.createdAt),
  updatedAt: at(s.updatedAt),
  // what the page may offer: exactly what the server takes now
  actions: s.state === 'paused' ? ['edit', 'resume'] : ['edit', 'pause'],
});

async function refusal<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof WebhookError) throw invalid(error.message);
    throw error;
  }
}

const kindList = z.array(z.string().trim().min(1)).min(1, '至少选择一种事件').max(WEBHOOK_KINDS.length * 2);
const name = z.string().trim().min(1, '请填写名称').max(50, '名称最多 50 个字');
const url = z.string().trim().min(1, '请填写接收地址').max(500, '接收地址最多 500 个字符');
const idParams = z.object({ id: uuid }).strict();

/**
 * 系统管理 · Webhook (issue 15 item 2): the administrator's subscriptions of units' systems to ticket
 * events — 实时推送 受理信息、工单记录、回访评价 (重庆 第二十一条, 凉山 第十八条, 邵阳 第五条（五）): list, create
 * (the signing secret shown once), edit, pause and resume, the delivery log and replay.
 */
export function webhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/admin/webhooks', { schema: { tags: TAG, summary: 'Webhook 订阅列表（含待投递、失败数和暂停原因）' } }, async (request) => {
    requireAdmin(request.actor!);
    return {
      kinds: WEBHOOK_KINDS.map((k) => ({ kind: k, label: WEBHOOK_KIND_LABELS[k] })),
      rules: { maxAttempts: WEBHOOK_MAX_ATTEMPTS, autoPauseAfter: WEBHOOK_AUTO_PAUSE_AFTER },
      items: (await listSubscriptions(ctx.db)).map(present),
    };
  });
  r.post(
    '/api/admin/webhooks',
    {
      schema: {
        tags: TAG,
        summary: '新建 Webhook 订阅（签名密钥只在此次返回）',
        body: z.object({ name, url, kinds: kindList, unitId: uuid.optional() }).strict(),
      },
    },
    async (request, reply) => {
      requireAdmin(request.actor!);
      const made = await refusal(() => createSubscription(ctx.db, ctx.vault, request.body, request.actor!, ctx.now()));
      reply.status(201);
      return { secret: made.secret, ...present(made.view) };
    },
  );
  r.put(
    '/api/admin/webhooks/:id',
    { schema: { tags: TAG, summary: '修改 Webhook 订阅的名称、接收地址或事件（单位不变）', params: idParams, body: z.object({ name: name.optional(), url: url.optional(), kinds: kindList.optional() }).strict() } },
    async (request) => {
      requireAdmin(request.actor!);
      return present(await refusal(() => editSubscription(ctx.db, request.params.id, request.body, request.actor!, ctx.now())));
    },
  );
  r.post(
    '/api/admin/webhooks/:id/pause',
    { schema: { tags: TAG, summary: '暂停 Webhook 订阅（新事件仍排队，恢复后投递）', params: idParams, body: z.object({ reason: z.string().trim().max(200, '原因最多 200 个字').optional() }).strict().nullish() } },
    async (request) => {
      requireAdmin(request.actor!);
      return present(await refusal(() => pauseSubscription(ctx.db, request.params.id, request.body?.reason, request.actor!, ctx.now())));
    },
  );
  r.post('/api/admin/webhooks/:id/resume', { schema: { tags: TAG, summary: '恢复 Webhook 订阅（排队的投递立即发送）', params: idParams } }, async (request) => {
    requireAdmin(request.actor!);
    return present(await refusal(() => resumeSubscription(ctx.db, request.params.id, request.actor!, ctx.now())));
  });
  r.get(
    '/api/admin/webhooks/:id/deliveries',
    {
      schema: {
        tags: TAG,
        summary: 'Webhook 投递记录（每次尝试的时间、应答码、耗时、错误），新的在前',
        params: idParams,
        querystring: z.object({
          state: z.enum(['pending', 'delivered', 'failed']).optional().describe('pending 待投递，delivered 已送达，failed 已放弃（可重新推送）'),
          page: z.coerce.number().int().min(1).max(10_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (request) => {
      requireAdmin(request.actor!);
      await getSubscription(ctx.db, request.params.id);
      return listDeliveries(ctx.db, request.params.id, request.query);
    },
  );
  r.post(
    '/api/admin/webhooks/deliveries/:id/replay',
    { schema: { tags: TAG, summary: '重新推送一次投递（同一投递编号和内容，新的时间戳和签名），立即返回结果', params: idParams } },
    async (request) => {
      requireAdmin(request.actor!);
      const o = await replayDelivery(ctx, request.params.id, request.actor!);
      return { ok: o.ok, status: o.status, durationMs: o.durationMs, error: o.error };
    },
  );
}
