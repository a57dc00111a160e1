import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import { BULLETIN_STATUS_LABELS, bulletinThresholdsSchema } from '../../core/reports/bulletin.ts';
import type { AppContext } from '../app.ts';
import type { Actor } from '../auth/actor.ts';
import { allowedSteps, bulletinStepsFor, createBulletin, loadVisible, markRead, mayEdit, step, unreadBulletins, type BulletinRow } from './bulletins.ts';

const idParam = z.object({ id: z.uuid('通报编号格式不正确') });
const version = z.number('缺少版本号').int().min(1);

/** A 通报 as the actor reads it: the drafting history and a return's reason only for those who draft and review it. */
function present(b: BulletinRow, actor: Actor, read: boolean | null = null) {
  const editor = mayEdit(actor);
  return {
    id: b.id,
    month: b.month,
    title: b.title,
    status: b.status,
    statusLabel: BULLETIN_STATUS_LABELS[b.status],
    version: b.version,
    authorName: b.author_name,
    createdAt: formatInstant(b.created_at.getTime()),
    updatedAt: formatInstant(b.updated_at.getTime()),
    publishedAt: b.published_at ? formatInstant(b.published_at.getTime()) : null,
    ...(editor ? { returnReason: b.return_reason, history: b.history.map(({ by: _by, ...h }) => h) } : {}),
    ...(read === null ? {} : { read }),
    allowed: allowedSteps(actor, b),
  };
}

/**
 * 通报 (重庆 第二十四条 定期通报; 邵阳 第二十六条、第二十七条; 凉山 第二十一条): an analyst or leader
 * generates a month's draft from the scorecard, edits it and submits it; a leader other than the
 * author approves it or sends it back with a reason, and publishes it; then every unit reads it.
 */
export function bulletinRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/bulletins', { schema: { tags: ['通报'], summary: '通报列表：分析员和领导看到全部（含草稿），其他用户只看到已发布的' } }, async (request) => {
    const actor = request.actor!;
    const { rows } = await ctx.db.query<BulletinRow & { read: boolean }>(
      `SELECT b.*, EXISTS (SELECT 1 FROM bulletin_reads r WHERE r.bulletin_id = b.id AND r.user_id = $1) AS read
         FROM bulletins b WHERE b.status = 'published' OR $2 ORDER BY b.month DESC`,
      [actor.id, mayEdit(actor)],
    );
    return { items: rows.map((b) => present(b, actor, b.status === 'published' ? b.read : null)) };
  });

  r.post(
    '/api/bulletins',
    {
      schema: {
        tags: ['通报'],
        summary: '按月生成通报草稿（考核排名及环比、表扬和通报批评名单、正文）',
        body: z.object({ month: z.string('请指定月份').describe('YYYY-MM'), thresholds: bulletinThresholdsSchema.optional() }).strict(),
      },
    },
    async (request, reply) => {
      const b = await createBulletin(ctx, request.actor!, request.body.month, request.body.thresholds ?? bulletinThresholdsSchema.parse({}));
      return reply.status(201).send({ ...present(b, request.actor!), body: b.body, content: b.content });
    },
  );

  r.get('/api/bulletins/:id', { schema: { tags: ['通报'], summary: '通报全文与附表；单位用户打开已发布的通报即记为已读', params: idParam } }, async (request) => {
    const actor = request.actor!;
    const b = await loadVisible(ctx.db, actor, request.params.id);
    if (b.status === 'published') await markRead(ctx.db, actor, b.id, ctx.now());
    return { ...present(b, actor), body: b.body, content: b.content };
  });

  r.put(
    '/api/bulletins/:id',
    {
      schema: {
        tags: ['通报'],
        summary: '修改通报标题和正文（起草人，草稿或退回状态）',
        params: idParam,
        body: z.object({ version, title: z.string().trim().min(1, '标题不能为空').max(200, '标题不超过 200 字'), body: z.string().trim().min(1, '正文不能为空').max(50_000, '正文过长') }).strict(),
      },
    },
    async (request) => {
      const b = await step(ctx, request.actor!, request.params.id, 'update', request.body);
      return { ...present(b, request.actor!), body: b.body, content: b.content };
    },
  );

  const simple = [
    ['regenerate', '按最新数据重新生成草稿（起草人，草稿或退回状态；正文会被替换）'],
    ['submit', '提交审核（起草人）'],
    ['approve', '审核通过（领导，非起草人）'],
    ['publish', '发布到各承办单位（领导）；发布后不能再修改'],
  ] as const;
  for (const [action, summary] of simple) {
    r.post(
      `/api/bulletins/:id/${action}`,
      { schema: { tags: ['通报'], summary, params: idParam, body: z.object({ version, note: z.string().trim().max(500, '意见不超过 500 字').optional() }).strict() } },
      async (request) => {
        const b = await step(ctx, request.actor!, request.params.id, action, request.body);
        return { ...present(b, request.actor!), body: b.body, content: b.content };
      },
    );
  }
  r.post(
    '/api/bulletins/:id/return',
    {
      schema: {
        tags: ['通报'],
        summary: '退回起草人修改（领导，非起草人），须说明理由',
        params: idParam,
        body: z.object({ version, reason: z.string('请填写退回理由').trim().min(2, '请填写退回理由').max(500, '退回理由不超过 500 字') }).strict(),
      },
    },
    async (request) => {
      const b = await step(ctx, request.actor!, request.params.id, 'return', request.body);
      return { ...present(b, request.actor!), body: b.body, content: b.content };
    },
  );

  r.get('/api/inbox/bulletins', { schema: { tags: ['待我审批'], summary: '等待我处理的通报（待提交、待审核、待发布），以及我尚未阅读的已发布通报' } }, async (request) => {
    const actor = request.actor!;
    const [steps, unread] = await Promise.all([bulletinStepsFor(ctx.db, actor), unreadBulletins(ctx.db, actor)]);
    return { steps, unread };
  });
}
