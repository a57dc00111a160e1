import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KB_RULES } from '../../core/kb/workflow.ts';
import type { AppContext } from '../app.ts';
import { notFound } from '../http/errors.ts';
import { canRead, partiesOf, requireKbStaff } from './access.ts';
import { createEntry, transitionEntry, updateEntry } from './commands.ts';
import { diffVersions, getVersion, listVersions } from './history.ts';
import { presentEntry } from './presenter.ts';
import { entryInputSchema, entryUpdateSchema, idParams, listQuerySchema, transitionSchema, uuid } from './schemas.ts';
import { ENTRY_SELECT, loadEntry, type KbEntryRow } from './store.ts';

const TAG = ['知识库'];

/** Entries, their review workflow and their history. */
export function kbEntryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const readable = async (actorId: Parameters<typeof canRead>[0], id: string): Promise<KbEntryRow> => {
    const entry = await loadEntry(ctx.db, id);
    // Unpublished work is not shown to whoever may not edit or review it: 404, as for tickets.
    if (!canRead(actorId, entry)) throw notFound('知识条目不存在');
    return entry;
  };
  const stats = async (id: string) =>
    (await ctx.db.query<{ shown: number; used: number; helpful: number; unhelpful: number }>('SELECT shown, used, helpful, unhelpful FROM kb_entry_stats WHERE entry_id = $1', [id])).rows[0] ?? null;

  r.post(
    '/api/kb/entries',
    { schema: { tags: TAG, summary: '新建知识条目（草稿，归属本单位或下级单位）', body: entryInputSchema } },
    async (request, reply) => {
      const id = await createEntry(ctx, request.actor!, request.body);
      reply.status(201);
      return presentEntry(await loadEntry(ctx.db, id), await stats(id));
    },
  );

  r.get('/api/kb/entries', { schema: { tags: TAG, summary: '知识条目列表（未发布的条目仅采编、审核人员可见）', querystring: listQuerySchema } }, async (request) => {
    const actor = request.actor!;
    const q = request.query;
    const states = q.state ? q.state.split(',') : ['published'];
    if (states.some((s) => s !== 'published')) requireKbStaff(actor);
    const params: unknown[] = [states];
    const where = ['e.state = ANY($1::text[])'];
    const reviewer = partiesOf(actor, actor.unit.path).includes('reviewer');
    if (!reviewer && states.some((s) => s !== 'published')) where.push(`(e.state = 'published' OR u.path LIKE $${params.push(`${actor.unit.path}%`)})`);
    if (q.ownerUnitId) where.push(`e.owner_unit_id = $${params.push(q.ownerUnitId)}`);
    if (q.category) where.push(`e.category = $${params.push(q.category)}`);
    const clause = where.join(' AND ');
    const [items, total] = await Promise.all([
      ctx.db.query<KbEntryRow>(`${ENTRY_SELECT} WHERE ${clause} ORDER BY e.updated_at DESC, e.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`, params),
      ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM kb_entries e JOIN units u ON u.id = e.owner_unit_id WHERE ${clause}`, params),
    ]);
    return { total: total.rows[0]?.n ?? 0, page: q.page, pageSize: q.pageSize, items: items.rows.map((e) => presentEntry(e)) };
  });

  r.get('/api/kb/entries/:id', { schema: { tags: TAG, summary: '知识条目详情（含使用统计）', params: idParams } }, async (request) => {
    const entry = await readable(request.actor!, request.params.id);
    return presentEntry(entry, await stats(entry.id));
  });

  r.put(
    '/api/kb/entries/:id',
    {
      schema: {
        tags: TAG,
        summary: '修改知识条目（保存为新版本；已发布的条目修改后回到草稿，须重新审核）',
        params: idParams,
        body: entryUpdateSchema,
      },
    },
    async (request) => {
      await updateEntry(ctx, request.actor!, request.params.id, request.body);
      const entry = await loadEntry(ctx.db, request.params.id);
      return presentEntry(entry, await stats(entry.id));
    },
  );

  for (const action of ['submit', 'approve', 'return', 'withdraw'] as const) {
    r.post(
      `/api/kb/entries/:id/${action}`,
      { schema: { tags: TAG, summary: `${KB_RULES[action].label}${action === 'return' ? '（须填写意见）' : ''}`, params: idParams, body: transitionSchema } },
      async (request) => {
        await transitionEntry(ctx, request.actor!, request.params.id, action, request.body);
        const entry = await loadEntry(ctx.db, request.params.id);
        return presentEntry(entry, await stats(entry.id));
      },
    );
  }

  r.get('/api/kb/entries/:id/versions', { schema: { tags: TAG, summary: '版本历史（每次保存一个版本）', params: idParams } }, async (request) => {
    const entry = await readable(request.actor!, request.params.id);
    return listVersions(ctx.db, entry.id);
  });

  r.get(
    '/api/kb/entries/:id/versions/:version',
    { schema: { tags: TAG, summary: '某一版本的完整内容', params: z.object({ id: uuid, version: z.coerce.number().int().positive() }).strict() } },
    async (request) => {
      const entry = await readable(request.actor!, request.params.id);
      return getVersion(ctx.db, entry.id, request.params.version);
    },
  );

  r.get(
    '/api/kb/entries/:id/diff',
    {
      schema: {
        tags: TAG,
        summary: '两个版本的差异',
        params: idParams,
        querystring: z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() }).strict(),
      },
    },
    async (request) => {
      const entry = await readable(request.actor!, request.params.id);
      return diffVersions(ctx.db, entry.id, request.query.from, request.query.to);
    },
  );
}
