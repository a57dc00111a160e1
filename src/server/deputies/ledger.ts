import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant, parseInstant } from '../../core/calendar/civil-date.ts';
import { deputyTitle, type DeputyBody, type DeputyLevel } from '../../core/flags/deputies.ts';
import { SATISFACTION_LABELS } from '../../core/ticket/labels.ts';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../core/ticket/machine.ts';
import { maskPhonesIn } from '../../core/ticket/privacy.ts';
import { REPLY_RESOLUTION_LABELS } from '../../core/visit/labels.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { audit } from '../audit/record.ts';
import { forbidden } from '../http/errors.ts';
import { day } from '../http/schemas.ts';
import { exceljs } from '../documents/libraries.ts';

const OPEN: TicketStatus[] = ['registered', 'dispatched', 'handling', 'reviewing', 'visiting', 'redo'];
const LEDGER_READERS = ['admin', 'dispatcher', 'supervisor', 'leader', 'analyst'] as const;
const MAX_EXPORT = 5000;

const query = z
  .object({
    deputyId: z.uuid('代表委员编号格式不正确').optional(),
    state: z.enum(['open', 'done', 'all'], '状态应为 open、done 或 all').default('all').describe('open: 在办；done: 已办结（含不予受理、直接答复等）'),
    from: day().optional().describe('登记日期起（YYYY-MM-DD）'),
    to: day().optional().describe('登记日期止（YYYY-MM-DD）'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: '开始日期不能晚于结束日期', path: ['from'] });
type LedgerQuery = z.infer<typeof query>;

interface Row {
  id: string;
  number: string;
  status: TicketStatus;
  title: string | null;
  excerpt: string;
  category: string | null;
  created_at: Date;
  closed_at: Date | null;
  satisfaction: keyof typeof SATISFACTION_LABELS | null;
  resolution: string | null;
  deputy_id: string;
  deputy_name: string;
  deputy_body: DeputyBody;
  deputy_level: DeputyLevel;
  units: string | null;
  reply: string | null;
  replied_at: Date | null;
  overdue: boolean;
  total: number;
}

const VISIT_RESOLUTION: Record<string, string> = { resolved: '已解决', partly: '部分解决', unresolved: '未解决' };

/**
 * 代表委员诉求台账 (邵阳 第十八条: 建立处理反馈机制和工作台账): every request of a registered deputy with its
 * state, the units handling it, the unit's reply and the visit's result — what the hotline feeds back to the
 * deputy. The regulation sets no reply rule of its own for these requests (no shorter limit, no leader's
 * review): they run on the preset's clocks like any other, and the ledger is how they are followed. The
 * center's staff who follow and report requests read it; the deputy's name is theirs to see.
 */
export function deputyLedgerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const mayRead = (actor: Actor) => {
    if (!(actor.isCenter && hasRole(actor, ...LEDGER_READERS))) throw forbidden('代表委员诉求台账仅限热线中心的派单员、督办员、领导、分析员和系统管理员查看');
  };

  const rowsOf = async (f: LedgerQuery, limit: number, offset: number) => {
    const params: unknown[] = [new Date(ctx.now())];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['t.deputy_id IS NOT NULL'];
    if (f.deputyId) where.push(`t.deputy_id = ${p(f.deputyId)}`);
    if (f.state === 'open') where.push(`t.status = ANY(${p(OPEN)}::text[])`);
    if (f.state === 'done') where.push(`NOT (t.status = ANY(${p(OPEN)}::text[]))`);
    if (f.from) where.push(`t.created_at >= ${p(new Date(parseInstant(`${f.from}T00:00:00+08:00`)))}`);
    if (f.to) where.push(`t.created_at < ${p(new Date(parseInstant(`${f.to}T00:00:00+08:00`) + 86_400_000))}`);
    const { rows } = await ctx.db.query<Row>(
      `SELECT t.id, t.number, t.status, t.title, left(t.content, 80) AS excerpt, t.category, t.created_at, t.closed_at, t.satisfaction, t.resolution,
              d.id AS deputy_id, d.name AS deputy_name, d.body AS deputy_body, d.level AS deputy_level,
              un.units, rp.reply, rp.replied_at, COALESCE(od.overdue, false) AS overdue, count(*) OVER ()::int AS total
         FROM tickets t
         JOIN deputies d ON d.id = t.deputy_id
         LEFT JOIN LATERAL (
           SELECT string_agg(u.name, '、' ORDER BY a.role DESC, u.name) AS units
             FROM assignments a JOIN units u ON u.id = a.unit_id
            WHERE a.ticket_id = t.id AND a.parent_id IS NULL AND a.status <> 'returned') un ON true
         LEFT JOIN LATERAL (
           SELECT a.reply->>'result' AS reply, a.replied_at FROM assignments a
            WHERE a.ticket_id = t.id AND a.parent_id IS NULL AND a.role = 'lead' AND a.replied_at IS NOT NULL
            ORDER BY a.replied_at DESC LIMIT 1) rp ON true
         LEFT JOIN LATERAL (
           SELECT bool_or(c.status = 'overdue' OR (c.status = 'running' AND c.due_at < $1)) AS overdue FROM clocks c
            WHERE c.ticket_id = t.id AND c.name IN ('handle', 'redo')) od ON true
        WHERE ${where.join(' AND ')}
        ORDER BY t.created_at DESC, t.id DESC
        LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    return rows;
  };

  const present = (r: Row) => ({
    id: r.id,
    number: r.number,
    createdAt: formatInstant(r.created_at.getTime()),
    deputy: { id: r.deputy_id, name: ctx.vault.open(r.deputy_name) ?? '', title: deputyTitle(r.deputy_body, r.deputy_level) },
    title: r.title,
    // what the deputy said may name other people's numbers: masked here as in every summary
    excerpt: maskPhonesIn(r.excerpt),
    category: r.category,
    status: r.status,
    statusLabel: TICKET_STATUS_LABELS[r.status] ?? r.status,
    units: r.units,
    reply: r.reply,
    repliedAt: r.replied_at ? formatInstant(r.replied_at.getTime()) : null,
    overdue: r.overdue,
    visit: r.satisfaction ? `${SATISFACTION_LABELS[r.satisfaction] ?? r.satisfaction}${r.resolution ? `，${VISIT_RESOLUTION[r.resolution] ?? REPLY_RESOLUTION_LABELS[r.resolution] ?? ''}` : ''}` : null,
    closedAt: r.closed_at ? formatInstant(r.closed_at.getTime()) : null,
  });

  r.get(
    '/api/deputies/requests',
    { schema: { tags: ['代表委员'], summary: '代表委员诉求台账：每件代表委员诉求的状态、承办单位、办理答复和回访结果', querystring: query } },
    async (request) => {
      mayRead(request.actor!);
      const f = request.query;
      const rows = await rowsOf(f, f.pageSize, (f.page - 1) * f.pageSize);
      return { total: rows[0]?.total ?? 0, page: f.page, pageSize: f.pageSize, items: rows.map(present) };
    },
  );

  r.get(
    '/api/deputies/requests.xlsx',
    { schema: { tags: ['代表委员'], summary: `导出代表委员诉求台账（xlsx；条件同台账，最多 ${MAX_EXPORT} 件）`, querystring: query } },
    async (request, reply) => {
      const actor = request.actor!;
      mayRead(actor);
      const rows = (await rowsOf({ ...request.query, page: 1 }, MAX_EXPORT, 0)).map(present);
      await audit(ctx.db, { action: 'deputies.export', at: ctx.now(), actor, objectType: 'deputy-requests', detail: { filter: { ...request.query, page: undefined, pageSize: undefined }, rows: rows.length } });
      const book = new (await exceljs()).Workbook();
      const sheet = book.addWorksheet('代表委员诉求台账', { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = [
        { header: '工单编号', key: 'number', width: 16 },
        { header: '登记时间', key: 'createdAt', width: 17 },
        { header: '代表委员', key: 'deputy', width: 12 },
        { header: '身份', key: 'title', width: 14 },
        { header: '诉求', key: 'request', width: 46 },
        { header: '分类', key: 'category', width: 18 },
        { header: '状态', key: 'status', width: 10 },
        { header: '承办单位', key: 'units', width: 26 },
        { header: '办理答复', key: 'reply', width: 40 },
        { header: '答复时间', key: 'repliedAt', width: 17 },
        { header: '超期', key: 'overdue', width: 6 },
        { header: '回访结果', key: 'visit', width: 16 },
        { header: '办结时间', key: 'closedAt', width: 17 },
      ];
      sheet.getRow(1).font = { bold: true };
      const time = (s: string | null) => (s ? s.slice(0, 16).replace('T', ' ') : '');
      for (const x of rows) {
        sheet.addRow({
          number: x.number, createdAt: time(x.createdAt), deputy: x.deputy.name, title: x.deputy.title,
          request: x.title ? `${x.title}：${x.excerpt}` : x.excerpt, category: x.category ?? '', status: x.statusLabel, units: x.units ?? '',
          reply: x.reply ?? '', repliedAt: time(x.repliedAt), overdue: x.overdue ? '是' : '', visit: x.visit ?? '', closedAt: time(x.closedAt),
        });
      }
      const file = Buffer.from(await book.xlsx.writeBuffer());
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('代表委员诉求台账.xlsx')}`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );
}
