import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { bulletinStepsFor, unreadBulletins } from '../reports/bulletins.ts';
import { DECISION_KINDS, DECISION_LABELS, decisionsFor, presentDecision } from './decisions.ts';

/** 待我审批: the requests waiting for the signed-in user's decision (decisions.ts says whose). */
export function inboxRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/inbox',
    {
      schema: {
        tags: ['待我审批'],
        summary: '待我审批的申请（延期、退单、办结审核、申诉），按申请时间先后',
        querystring: z.object({
          kind: z.enum(DECISION_KINDS).optional().describe(`种类：${DECISION_KINDS.map((k) => `${k} ${DECISION_LABELS[k]}`).join('，')}；不填为全部`),
          page: z.coerce.number().int().min(1).max(10_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (request) => {
      const { kind, page, pageSize } = request.query;
      const all = await decisionsFor(ctx, request.actor!, kind ? [kind] : DECISION_KINDS);
      return { total: all.length, page, pageSize, items: all.slice((page - 1) * pageSize, page * pageSize).map((d) => presentDecision(ctx, d)) };
    },
  );

  r.get('/api/inbox/counts', { schema: { tags: ['待我审批'], summary: '待我审批的数量（按种类，菜单角标用）；bulletin：等待我处理的通报，notices：我尚未阅读的已发布通报（不计入 total）' } }, async (request) => {
    const actor = request.actor!;
    const [all, bulletins, unread] = await Promise.all([decisionsFor(ctx, actor), bulletinStepsFor(ctx.db, actor), unreadBulletins(ctx.db, actor)]);
    const counts = Object.fromEntries(DECISION_KINDS.map((k) => [k, all.filter((d) => d.kind === k).length])) as Record<(typeof DECISION_KINDS)[number], number>;
    return { ...counts, bulletin: bulletins.length, total: all.length + bulletins.length, notices: unread.length };
  });
}
