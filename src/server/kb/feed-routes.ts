import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import { KB_STATE_LABELS, type KbState } from '../../core/kb/workflow.ts';
import type { AppContext } from '../app.ts';
import { notFound } from '../http/errors.ts';
import { fedEntry, pushEntry, requireFeedKey, withdrawFed } from './feed.ts';
import { feedInputSchema } from './schemas.ts';

const params = z
  .object({ externalId: z.string().min(1).max(200, '外部编号最多 200 个字符').regex(/^[A-Za-z0-9._:-]+$/, '外部编号只能含字母、数字和 . _ : -') })
  .strict();

/**
 * 知识库实时共享 (凉山 第六条（二）): PUT an entry by the pushing system's own id (create or new version,
 * to the center's review), GET its state in review, DELETE to withdraw it. Only API keys with kb:write.
 */
export function kbFeedRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.put(
    '/api/kb/feed/:externalId',
    {
      schema: {
        tags: ['知识库'],
        summary: '分中心或单位系统推送知识条目（API 密钥 kb:write）：按外部编号新建或更新为新版本，进入热线中心审核；内容未变不产生新版本',
        params,
        body: feedInputSchema,
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      requireFeedKey(actor, request.apiKey !== null);
      const result = await pushEntry(ctx, actor, request.params.externalId, request.body);
      reply.status(result.created ? 201 : 200);
      return { ...result, stateLabel: KB_STATE_LABELS[result.state as KbState] };
    },
  );

  r.get(
    '/api/kb/feed/:externalId',
    { schema: { tags: ['知识库'], summary: '推送的知识条目当前状态（是否已审核发布、退回意见）', params } },
    async (request) => {
      const actor = request.actor!;
      requireFeedKey(actor, request.apiKey !== null);
      const e = await fedEntry(ctx, actor, request.params.externalId);
      if (!e) throw notFound('未推送过该编号的知识条目');
      return {
        id: e.id,
        externalId: request.params.externalId,
        state: e.state,
        stateLabel: KB_STATE_LABELS[e.state as KbState],
        version: e.version,
        reviewComment: e.review_comment,
        publishedAt: e.published_at ? formatInstant(e.published_at.getTime()) : null,
      };
    },
  );

  r.delete(
    '/api/kb/feed/:externalId',
    { schema: { tags: ['知识库'], summary: '撤回推送的知识条目（立即下线，历史版本保留）', params } },
    async (request) => {
      const actor = request.actor!;
      requireFeedKey(actor, request.apiKey !== null);
      const e = await withdrawFed(ctx, actor, request.params.externalId);
      if (!e) throw notFound('未推送过该编号的知识条目，或已撤回');
      return { ...e, externalId: request.params.externalId, stateLabel: KB_STATE_LABELS.withdrawn };
    },
  );
}
