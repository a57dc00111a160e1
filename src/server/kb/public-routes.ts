import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { AppError, notFound } from '../http/errors.ts';
import { presentPublicEntry } from './presenter.ts';
import { feedbackSchema, idParams } from './schemas.ts';
import { searchLogged } from './search.ts';
import { ENTRY_SELECT, isUuid, type KbEntryRow } from './store.ts';
import { recordFeedback } from './usage.ts';

const TAG = ['公众自助查询'];
const FEEDBACK_PER_MINUTE = 10;

/** A fixed one-minute window per key, in memory: enough to stop one address flooding the counts. */
export function minuteLimiter(limit: number, now: () => number) {
  const windows = new Map<string, { minute: number; count: number }>();
  return (key: string): boolean => {
    const minute = Math.floor(now() / 60_000);
    if (windows.size > 50_000) for (const [k, w] of windows) if (w.minute < minute) windows.delete(k);
    const w = windows.get(key);
    if (!w || w.minute !== minute) {
      windows.set(key, { minute, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= limit;
  };
}

/**
 * The knowledge base open to the public (重庆 第十九条、凉山 第十七条: 推动热线知识库向…社会开放，拓展自助查询服务):
 * published public entries only, no login.
 */
export function kbPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const allow = minuteLimiter(FEEDBACK_PER_MINUTE, ctx.now);

  r.get(
    '/api/public/kb',
    {
      config: { public: true },
      schema: {
        tags: TAG,
        summary: '查询公开的知识条目（无需登录）',
        security: [],
        querystring: z.object({ q: z.string().trim().min(1, '请输入要查找的内容').max(200, '查询不能超过 200 字'), limit: z.coerce.number().int().min(1).max(20).default(10) }).strict(),
      },
    },
    async (request) => {
      const at = ctx.now();
      const { hits, searchId } = await searchLogged(ctx.db, request.query.q, { states: ['published'], publicOnly: true, asOf: at }, request.query.limit, { channel: 'public', actorId: null, at });
      return {
        searchId,
        total: hits.length,
        items: hits.map((h) => ({ id: h.id, title: h.title, titleHtml: h.titleHtml, snippetHtml: h.snippetHtml, category: h.category, ownerUnit: { name: h.ownerUnit.name }, score: h.score, updatedAt: h.updatedAt })),
      };
    },
  );

  r.get('/api/public/kb/:id', { config: { public: true }, schema: { tags: TAG, summary: '公开知识条目详情', security: [], params: idParams } }, async (request) => {
    const id = request.params.id;
    const { rows } = isUuid(id) ? await ctx.db.query<KbEntryRow>(`${ENTRY_SELECT} WHERE e.id = $1 AND e.state = 'published' AND e.visibility = 'public'`, [id]) : { rows: [] };
    if (!rows[0]) throw notFound('知识条目不存在');
    return presentPublicEntry(rows[0]);
  });

  r.post(
    '/api/public/kb/:id/feedback',
    {
      config: { public: true },
      schema: { tags: TAG, summary: `公众反馈有用/无用（每个地址每分钟最多 ${FEEDBACK_PER_MINUTE} 次）`, security: [], params: idParams, body: feedbackSchema },
    },
    async (request) => {
      if (!allow(request.ip)) throw new AppError(429, 'too_many_requests', '操作过于频繁，请稍后再试');
      const counts = await recordFeedback(ctx.db, request.params.id, { ...request.body, channel: 'public', actorId: null, at: ctx.now(), publicOnly: true });
      return { ok: true, ...counts };
    },
  );
}
