import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { WEBHOOK_AUTO_PAUSE_AFTER, WEBHOOK_KIND_LABELS, WEBHOOK_KINDS, WEBHOOK_MAX_ATTEMPTS } from '../../../core/webhooks/kinds.ts';
import type { AppContext } from '../../app.ts';
import { requireAdmin } from '../../auth/actor.ts';
import { forbidden, invalid } from '../../http/errors.ts';
import { uuid } from '../../http/schemas.ts';
import { replayDelivery } from './deliver.ts';
import { listDeliveries } from './deliveries.ts';
import {
  createSubscription, editSubscription, getSubscription, listSubscriptions, pauseSubscription, resumeSubscription, WebhookError, type Keeper, type SubscriptionView,
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

/** Who keeps which subscriptions: the administrator all; a system account's key its own unit's subtree. */
interface Surface {
  prefix: string;
  tag: string;
  keeper: (request: FastifyRequest) => Keeper;
}

const SURFACES: Surface[] = [
  {
    prefix: '/api/admin/webhooks',
    tag: '',
    keeper: (request) => {
      requireAdmin(request.actor!);
      return null;
    },
  },
  {
    // a unit's own system subscribes itself (scope webhooks: core/access/scopes.ts), within its unit
    prefix: '/api/webhooks',
    tag: '（API 密钥，本单位及下级）',
    keeper: (request) => {
      if (!request.apiKey) throw forbidden('此接口供具有 webhooks 权限的 API 密钥使用；管理员请在 系统管理 · Webhook 中管理');
      return request.actor!.unit.path;
    },
  },
];

/**
 * 系统管理 · Webhook (issue 15 item 2): the subscriptions of units' systems to ticket events —
 * 实时推送 受理信息、工单记录、回访评价 (重庆 第二十一条, 凉山 第十八条, 邵阳 第五条（五）): list, create (the signing
 * secret shown once), edit, pause and resume, the delivery log and replay; for the administrator at
 * /api/admin/webhooks, and for a unit's system itself, with a key of scope webhooks, at /api/webhooks.
 */
export function webhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const surface of SURFACES) surfaceRoutes(app, ctx, surface);
}

function surfaceRoutes(app: FastifyInstance, ctx: AppContext, { prefix, tag, keeper }: Surface): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(prefix, { schema: { tags: TAG, summary: `Webhook 订阅列表（含待投递、失败数和暂停原因）${tag}` } }, async (request) => {
    const within = keeper(request);
    return {
      kinds: WEBHOOK_KINDS.map((k) => ({ kind: k, label: WEBHOOK_KIND_LABELS[k] })),
      rules: { maxAttempts: WEBHOOK_MAX_ATTEMPTS, autoPauseAfter: WEBHOOK_AUTO_PAUSE_AFTER },
      items: (await listSubscriptions(ctx.db, within)).map(present),
    };
  });
  r.post(
    prefix,
    {
      schema: {
        tags: TAG,
        summary: `新建 Webhook 订阅（签名密钥只在此次返回）${tag}`,
        body: z.object({ name, url, kinds: kindList, unitId: uuid.optional() }).strict(),
      },
    },
    async (request, reply) => {
      const within = keeper(request);
      const made = await refusal(() => createSubscription(ctx.db, ctx.vault, request.body, request.actor!, ctx.now(), within));
      reply.status(201);
      return { secret: made.secret, ...present(made.view) };
    },
  );
  r.put(
    `${prefix}/:id`,
    { schema: { tags: TAG, summary: `修改 Webhook 订阅的名称、接收地址或事件（单位不变）${tag}`, params: idParams, body: z.object({ name: name.optional(), url: url.optional(), kinds: kindList.optional() }).strict() } },
    async (request) => {
      const within = keeper(request);
      return present(await refusal(() => editSubscription(ctx.db, request.params.id, request.body, request.actor!, ctx.now(), within)));
    },
  );
  r.post(
    `${prefix}/:id/pause`,
    { schema: { tags: TAG, summary: `暂停 Webhook 订阅（新事件仍排队，恢复后投递）${tag}`, params: idParams, body: z.object({ reason: z.string().trim().max(200, '原因最多 200 个字').optional() }).strict().nullish() } },
    async (request) => {
      const within = keeper(request);
      return present(await refusal(() => pauseSubscription(ctx.db, request.params.id, request.body?.reason, request.actor!, ctx.now(), within)));
    },
  );
  r.post(`${prefix}/:id/resume`, { schema: { tags: TAG, summary: `恢复 Webhook 订阅（排队的投递立即发送）${tag}`, params: idParams } }, async (request) => {
    const within = keeper(request);
    return present(await refusal(() => resumeSubscription(ctx.db, request.params.id, request.actor!, ctx.now(), within)));
  });
  r.get(
    `${prefix}/:id/deliveries`,
    {
      schema: {
        tags: TAG,
        summary: `Webhook 投递记录（每次尝试的时间、应答码、耗时、错误），新的在前${tag}`,
        params: idParams,
        querystring: z.object({
          state: z.enum(['pending', 'delivered', 'failed']).optional().describe('pending 待投递，delivered 已送达，failed 已放弃（可重新推送）'),
          page: z.coerce.number().int().min(1).max(10_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (request) => {
      await getSubscription(ctx.db, request.params.id, keeper(request));
      return listDeliveries(ctx.db, request.params.id, request.query);
    },
  );
  r.post(
    `${prefix}/deliveries/:id/replay`,
    { schema: { tags: TAG, summary: `重新推送一次投递（同一投递编号和内容，新的时间戳和签名），立即返回结果${tag}`, params: idParams } },
    async (request) => {
      const o = await replayDelivery(ctx, request.params.id, request.actor!, { within: keeper(request) });
      return { ok: o.ok, status: o.status, durationMs: o.durationMs, error: o.error };
    },
  );
}
