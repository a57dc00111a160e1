import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { maskPhone } from '../../core/ticket/privacy.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { forbidden } from '../http/errors.ts';
import { uuid } from '../tickets/schemas.ts';
import { chainPending } from './chain.ts';
import { exportAudit, listAudit, type AuditFilter } from './query.ts';
import { audit } from './record.ts';
import { verifyAudit } from './verify.ts';

const filterSchema = z
  .object({
    userId: uuid.optional(),
    unitId: uuid.optional(),
    ticket: z.string().trim().min(1).max(64).optional().describe('工单编号或工单 id'),
    phone: z.string().regex(/^[0-9+-]{5,20}$/, '电话号码格式不正确').optional().describe('来电号码：该来电人所有工单的记录'),
    action: z.string().trim().min(1).max(64).regex(/^[a-z0-9._:/-]+$/i, '操作代码格式不正确').optional(),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').optional(),
  })
  .strict();

/** 安全审计员 reads the log; verification also by the system administrator. Center staff only. */
function requireAuditor(actor: Actor, alsoAdmin = false): void {
  if (!actor.isCenter || !(hasRole(actor, 'auditor') || (alsoAdmin && hasRole(actor, 'admin')))) {
    throw forbidden(alsoAdmin ? '只有安全审计员或系统管理员可以校验审计日志' : '只有安全审计员可以查阅审计日志');
  }
}

const cleanFilter = (q: Record<string, unknown>): AuditFilter => Object.fromEntries(Object.entries(q).filter(([k, v]) => v !== undefined && k !== 'page' && k !== 'pageSize'));
/** The filter as the record of the search keeps it: a caller's phone masked, like everywhere in the log. */
const recordedFilter = (f: AuditFilter) => (f.phone ? { ...f, phone: maskPhone(f.phone) } : f);

export function auditRoutes(app: FastifyInstance, ctx: AppContext, opts: { sealsDir?: string | undefined }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/audit',
    {
      schema: {
        tags: ['安全审计'],
        summary: '审计日志：谁在何时看了哪位来电人、做了什么（筛选、分页）；查阅本身也记入审计',
        querystring: filterSchema.extend({ page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      requireAuditor(actor);
      const { page, pageSize } = request.query;
      const filter = cleanFilter(request.query);
      await chainPending(ctx.db);
      const result = await listAudit(ctx.db, ctx.vault, filter, page, pageSize);
      await audit(ctx.db, { action: 'audit.read', at: ctx.now(), actor, objectType: 'audit', detail: { filter: recordedFilter(filter), page } });
      return { page, pageSize, ...result };
    },
  );

  r.get('/api/audit/actors', { schema: { tags: ['安全审计'], summary: '审计日志中出现过的操作人（筛选用）' } }, async (request) => {
    requireAuditor(request.actor!);
    const { rows } = await ctx.db.query<{ id: string; name: string; unit: string | null }>(
      `SELECT DISTINCT ON (actor_id) actor_id AS id, actor_name AS name, actor_unit_name AS unit FROM audit_log
        WHERE actor_id IS NOT NULL ORDER BY actor_id, id DESC LIMIT 2000`,
    );
    return rows.sort((a, b) => (a.unit ?? '').localeCompare(b.unit ?? '', 'zh') || a.name.localeCompare(b.name, 'zh'));
  });

  r.get(
    '/api/audit/export',
    { schema: { tags: ['安全审计'], summary: '导出审计日志（CSV，最多 50,000 条）', querystring: filterSchema } },
    async (request, reply) => {
      const actor = request.actor!;
      requireAuditor(actor);
      const filter = cleanFilter(request.query);
      await chainPending(ctx.db);
      const { csv, rows } = await exportAudit(ctx.db, ctx.vault, filter);
      await audit(ctx.db, { action: 'audit.export', at: ctx.now(), actor, objectType: 'audit', detail: { filter: recordedFilter(filter), rows } });
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="audit.csv"`);
      return csv;
    },
  );

  r.get('/api/audit/verify', { schema: { tags: ['安全审计'], summary: '校验审计链完整性：指出第一条被篡改、删除或调换的记录' } }, async (request) => {
    const actor = request.actor!;
    requireAuditor(actor, true);
    const result = await verifyAudit(ctx.db, { sealsDir: opts.sealsDir });
    await audit(ctx.db, { action: 'audit.verify', at: ctx.now(), actor, objectType: 'audit', detail: { ok: result.ok, records: result.records, first: result.first?.message ?? null } });
    return result;
  });
}
