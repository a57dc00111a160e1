import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/connection.ts';
import { conflict, forbidden } from '../http/errors.ts';
import { uuidParams } from '../http/schemas.ts';
import { partiesOf } from './access.ts';
import { loadEntry } from './store.ts';

/**
 * An editor of the owner unit (or a center reviewer) read a published entry on the stale report and
 * found it still right (凉山 第二十二条: 知识库更新不及时的督办 — the report lists what nobody has looked
 * at, not what was checked and kept). An expired or expiring entry needs a new date, which is an edit,
 * not a review.
 */
export async function markReviewed(db: Db, actor: Actor, id: string, at: number): Promise<void> {
  await db.transaction(async (tx) => {
    const entry = await loadEntry(tx, id, true);
    if (!partiesOf(actor, entry.owner_path).length) throw forbidden('只能核对本单位（或下级单位）维护的知识条目');
    if (entry.state !== 'published') throw conflict('只有已发布的条目可以确认已核对；已过期的条目请修改失效日期后重新提交审核', 'wrong_state');
    await tx.query(
      `UPDATE kb_entries e SET reviewed_at = $2, reviewed_by = $3,
         reviewed_helpful = coalesce(s.helpful, 0), reviewed_unhelpful = coalesce(s.unhelpful, 0)
         FROM (SELECT $1::uuid AS id) k LEFT JOIN kb_entry_stats s ON s.entry_id = k.id
        WHERE e.id = k.id`,
      [entry.id, new Date(at), actor.id],
    );
  });
}

/** POST /api/kb/entries/:id/mark-reviewed: markReviewed, by the signed-in editor or reviewer. */
export function kbReviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/kb/entries/:id/mark-reviewed',
    { schema: { tags: ['知识库'], summary: '确认已核对：条目内容仍然准确（移出“长期未修订”“无用多于有用”的待更新清单）', params: uuidParams } },
    async (request) => {
      await markReviewed(ctx.db, request.actor!, request.params.id, ctx.now());
      return { ok: true };
    },
  );
}
