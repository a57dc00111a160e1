import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { forbidden } from '../http/errors.ts';
import { partiesOf, requireKbStaff } from './access.ts';
import { assist } from './assist.ts';
import { knowledgeGaps, staleReport } from './reports.ts';
import { feedbackSchema, idParams, searchQuerySchema, uuid } from './schemas.ts';
import { searchLogged, type SearchFilters } from './search.ts';
import { recordFeedback, recordSearch } from './usage.ts';

const TAG = ['知识库'];

/** Search, agent assist, feedback and the reports that keep the knowledge base up to date. */
export function kbSearchRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/kb/search',
    {
      schema: {
        tags: TAG,
        summary: '检索知识条目（分词、同义词、拼音首字母、错别字容错；命中词以 <mark> 标出）',
        description: '结果中的 titleHtml、snippetHtml 已转义，只含 <mark> 标签。score 为 0–1 的匹配度。searchId 用于反馈有用/无用。',
        querystring: searchQuerySchema,
      },
    },
    async (request) => {
      const actor = request.actor!;
      const q = request.query;
      const states = q.state ? q.state.split(',') : ['published'];
      const filters: SearchFilters = { states, category: q.category, ownerUnitId: q.ownerUnitId, asOf: ctx.now() };
      if (states.some((s) => s !== 'published')) {
        requireKbStaff(actor);
        if (!partiesOf(actor, actor.unit.path).includes('reviewer')) filters.ownerUnitPath = actor.unit.path;
        delete filters.asOf;
      }
      const { hits, searchId } = await searchLogged(ctx.db, q.q, filters, q.limit, { channel: 'agent', actorId: actor.id, at: ctx.now() });
      return { searchId, total: hits.length, items: hits };
    },
  );

  r.get(
    '/api/kb/assist',
    {
      schema: {
        tags: TAG,
        summary: '辅助答复：与来电内容最相近的知识条目和已办结工单（含承办单位答复）',
        querystring: z.object({ text: z.string().trim().min(1, '请输入来电内容').max(10_000, '内容不能超过 10000 字') }).strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      const result = await assist(ctx.db, actor, request.query.text, ctx.now());
      const searchId = await recordSearch(ctx.db, request.query.text, result.entries, 'assist', actor.id, ctx.now());
      return { searchId, ...result };
    },
  );

  r.post(
    '/api/kb/entries/:id/feedback',
    { schema: { tags: TAG, summary: '标记条目有用/无用（无用的查询计入知识缺口）', params: idParams, body: feedbackSchema } },
    async (request) => {
      const counts = await recordFeedback(ctx.db, request.params.id, { ...request.body, channel: 'agent', actorId: request.actor!.id, at: ctx.now() });
      return { ok: true, ...counts };
    },
  );

  r.get(
    '/api/kb/reports/stale',
    {
      schema: {
        tags: TAG,
        summary: '各单位待更新的知识条目：已过期、30 天内到期、长期未修订、无用多于有用',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(3650).default(180), unitId: uuid.optional() }).strict(),
      },
    },
    async (request) => {
      requireKbStaff(request.actor!);
      return staleReport(ctx.db, request.actor!, ctx.now(), request.query);
    },
  );

  r.get(
    '/api/kb/gaps',
    {
      schema: {
        tags: TAG,
        summary: '知识缺口：近一周没有找到满意答案的查询（无结果、匹配度低或被标记无用），按查询归并',
        querystring: z
          .object({ days: z.coerce.number().int().min(1).max(90).default(7), unitId: uuid.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })
          .strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      requireKbStaff(actor);
      if (request.query.unitId && !actor.isCenter && request.query.unitId !== actor.unit.id) {
        const { rows } = await ctx.db.query<{ path: string }>('SELECT path FROM units WHERE id = $1', [request.query.unitId]);
        if (!rows[0]?.path.startsWith(actor.unit.path)) throw forbidden('只能查看本单位的知识缺口');
      }
      return knowledgeGaps(ctx.db, actor, ctx.now(), request.query);
    },
  );
}
