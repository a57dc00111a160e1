import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { conflict, forbidden } from '../http/errors.ts';
import { uuid, uuidParams } from '../http/schemas.ts';
import { loadVisible } from '../reports/bulletins.ts';
import {
  citationsOf,
  insertSubmission,
  loadSubmission,
  mayCite,
  presentSubmission,
  review,
  SUBMISSION_KIND_LABELS,
  SUBMISSION_KINDS,
  SUBMISSION_SELECT,
  SUBMISSION_STATUSES,
  visibility,
  type SubmissionRow,
} from './store.ts';

const submitBody = z
  .object({
    kind: z.enum(SUBMISSION_KINDS, '类型应为 news（工作动态）、case（典型案例）或 analysis（情况分析）'),
    title: z.string({ error: '请填写标题' }).trim().min(2, '请填写标题（至少 2 个字）').max(100, '标题最多 100 个字'),
    body: z.string({ error: '请填写正文' }).trim().min(10, '正文至少 10 个字').max(20_000, '正文最多 20000 字'),
    ticketIds: z.array(uuid).max(50, '最多关联 50 件工单').default([]),
    attachments: z.array(uuid).max(10, '最多 10 个附件').default([]),
  })
  .strict();

const noteBody = z.object({ note: z.string().trim().max(1000, '意见最多 1000 字').optional() }).strict();

async function ticketNumbers(db: Queryable, rows: SubmissionRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => r.ticket_ids))];
  if (!ids.length) return new Map();
  const { rows: found } = await db.query<{ id: string; number: string }>('SELECT id, number FROM tickets WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(found.map((t) => [t.id, t.number]));
}

async function presentOne(db: Queryable, actor: Actor, row: SubmissionRow) {
  const [cited, numbers] = await Promise.all([citationsOf(db, [row.id]), ticketNumbers(db, [row])]);
  return presentSubmission(actor, row, cited.get(row.id) ?? [], numbers);
}

/**
 * 报送材料 (邵阳 第六条（六）): a unit submits 工作动态、典型案例、情况分析 to the center and sees its own; the
 * center's supervisors and analysts read them (inbox), mark them read or adopted, and cite them in a 通报.
 */
export function submissionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/submissions',
    {
      schema: {
        tags: ['报送材料'],
        summary: '报送材料列表：热线中心（督办员、分析员、领导、系统管理员）看到全部，承办单位只看到本单位的',
        querystring: z
          .object({
            status: z.enum(SUBMISSION_STATUSES).optional(),
            kind: z.enum(SUBMISSION_KINDS).optional(),
            unitId: uuid.optional(),
            page: z.coerce.number().int().min(1).max(10_000).default(1),
            pageSize: z.coerce.number().int().min(1).max(100).default(20),
          })
          .strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      const seen = visibility(actor);
      const q = request.query;
      const params: unknown[] = [];
      const p = (v: unknown) => (params.push(v), `$${params.length}`);
      const where = [
        ...('unitId' in seen ? [`s.unit_id = ${p(seen.unitId)}`] : q.unitId ? [`s.unit_id = ${p(q.unitId)}`] : []),
        ...(q.status ? [`s.status = ${p(q.status)}`] : []),
        ...(q.kind ? [`s.kind = ${p(q.kind)}`] : []),
      ];
      const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = Number((await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM unit_submissions s ${cond}`, params)).rows[0]!.n);
      const { rows } = await ctx.db.query<SubmissionRow>(
        `${SUBMISSION_SELECT} ${cond} ORDER BY s.submitted_at DESC, s.id LIMIT ${p(q.pageSize)} OFFSET ${p((q.page - 1) * q.pageSize)}`,
        params,
      );
      const [cited, numbers] = await Promise.all([citationsOf(ctx.db, rows.map((x) => x.id)), ticketNumbers(ctx.db, rows)]);
      return { total, page: q.page, pageSize: q.pageSize, mayCite: mayCite(actor), items: rows.map((x) => presentSubmission(actor, x, cited.get(x.id) ?? [], numbers, false)) };
    },
  );

  r.get('/api/submissions/:id', { schema: { tags: ['报送材料'], summary: '一份报送材料的全文', params: uuidParams } }, async (request) => {
    const actor = request.actor!;
    return presentOne(ctx.db, actor, await loadSubmission(ctx.db, actor, request.params.id));
  });

  r.post(
    '/api/submissions',
    { schema: { tags: ['报送材料'], summary: '报送工作动态、典型案例或情况分析（承办单位的单位管理员或承办人）；可关联本单位承办的工单和附件', body: submitBody } },
    async (request, reply) => {
      const actor = request.actor!;
      const presented = await ctx.db.transaction(async (tx) => {
        const id = await insertSubmission(tx, actor, request.body, ctx.now());
        return presentOne(tx, actor, await loadSubmission(tx, actor, id));
      });
      reply.status(201);
      return presented;
    },
  );

  for (const [action, to] of [['read', 'read'], ['adopt', 'adopted']] as const) {
    r.post(
      `/api/submissions/:id/${action}`,
      { schema: { tags: ['报送材料'], summary: to === 'read' ? '标记已阅（督办员、分析员）' : '采用（督办员、分析员），可附意见', params: uuidParams, body: noteBody } },
      async (request) => {
        const actor = request.actor!;
        return ctx.db.transaction(async (tx) => {
          const row = await loadSubmission(tx, actor, request.params.id, true);
          await review(tx, actor, row, to, request.body.note || null, ctx.now());
          return presentOne(tx, actor, await loadSubmission(tx, actor, row.id));
        });
      },
    );
  }

  r.post(
    '/api/submissions/:id/cite',
    {
      schema: {
        tags: ['报送材料'],
        summary: '在通报中引用（分析员、领导；通报发布前），材料随之记为已采用',
        params: uuidParams,
        body: z.object({ bulletinId: uuid }).strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      if (!mayCite(actor)) throw forbidden('只有编写通报的分析员或领导可以在通报中引用报送材料');
      const now = ctx.now();
      return ctx.db.transaction(async (tx) => {
        const row = await loadSubmission(tx, actor, request.params.id, true);
        const bulletin = await loadVisible(tx, actor, request.body.bulletinId);
        // what the units were told is final (018_bulletins.sql)
        if (bulletin.status === 'published') throw conflict('通报已发布，不能再引用材料', 'wrong_state');
        await tx.query(
          `INSERT INTO submission_citations (submission_id, bulletin_id, cited_by, cited_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [row.id, bulletin.id, actor.id, new Date(now)],
        );
        await tx.query(
          `UPDATE unit_submissions SET status = 'adopted', read_by = COALESCE(read_by, $2), read_at = COALESCE(read_at, $3),
             adopted_by = COALESCE(adopted_by, $2), adopted_at = COALESCE(adopted_at, $3) WHERE id = $1`,
          [row.id, actor.id, new Date(now)],
        );
        return presentOne(tx, actor, await loadSubmission(tx, actor, row.id));
      });
    },
  );

  r.get(
    '/api/bulletins/:id/submissions',
    { schema: { tags: ['通报'], summary: '通报引用的报送材料（标题、类型、报送单位）', params: uuidParams } },
    async (request) => {
      const actor = request.actor!;
      const bulletin = await loadVisible(ctx.db, actor, request.params.id);
      const { rows } = await ctx.db.query<{ id: string; kind: keyof typeof SUBMISSION_KIND_LABELS; title: string; unit_name: string; unit_id: string; submitted_at: Date }>(
        `SELECT s.id, s.kind, s.title, u.name AS unit_name, s.unit_id, s.submitted_at FROM submission_citations c
           JOIN unit_submissions s ON s.id = c.submission_id JOIN units u ON u.id = s.unit_id
          WHERE c.bulletin_id = $1 ORDER BY c.cited_at`,
        [bulletin.id],
      );
      // the full text opens for whoever may read it (the center, the submitting unit)
      const readAll = 'all' in (safeVisibility(actor) ?? {});
      return rows.map((s) => ({
        id: s.id,
        kind: s.kind,
        kindLabel: SUBMISSION_KIND_LABELS[s.kind],
        title: s.title,
        unitName: s.unit_name,
        opens: readAll || (!actor.isCenter && s.unit_id === actor.unit.id && safeVisibility(actor) !== null),
      }));
    },
  );
}

function safeVisibility(actor: Actor) {
  try {
    return visibility(actor);
  } catch {
    return null;
  }
}
