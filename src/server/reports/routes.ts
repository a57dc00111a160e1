import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseMonth, parseQuarter, parseYear, PeriodInputError, type Period } from '../../core/analytics/periods.ts';
import { dayOfInstant, DateInputError, parseDay } from '../../core/calendar/civil-date.ts';
import { REPORT_KINDS, REPORT_KIND_LABELS, type ReportKind } from '../../core/reports/report.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { audit } from '../audit/record.ts';
import { forbidden, invalid } from '../http/errors.ts';
import { buildReport } from './report.ts';
import { TICKET_FLAGS } from '../../core/flags/ticket-flags.ts';
import { reportWorkbook } from './workbook.ts';

const MAX_DAYS = 400;
const reportQuery = z
  .object({
    month: z.string().optional().describe('月报：YYYY-MM'),
    quarter: z.string().optional().describe('季报：YYYY-Q1 至 YYYY-Q4'),
    year: z.string().optional().describe('年报：YYYY'),
    from: z.string().optional().describe('专报：开始日期 YYYY-MM-DD'),
    to: z.string().optional().describe('专报：结束日期 YYYY-MM-DD'),
    category: z.string().trim().min(1, '分类不能为空').max(100, '分类过长').optional().describe('专报：诉求分类（含其下级分类），如 城乡建设 或 城乡建设/供水'),
    unitId: z.uuid('单位编号格式不正确').optional().describe('专报：区县或街道（乡镇）单位，统计主办单位在其下的工单'),
    flag: z.enum(TICKET_FLAGS, `工单标记应为 ${TICKET_FLAGS.join('、')}`).optional().describe('专报：带此标记的工单，如 enterprise（涉企诉求专报）'),
  })
  .strict();
const kindParam = z.object({ kind: z.enum(REPORT_KINDS, '报告种类应为 monthly（月报）、quarterly（季报）、annual（年报）或 special（专报）') });
type ReportQuery = z.infer<typeof reportQuery>;

/** Who reads reports: the center's leaders, analysts and supervisors (the reports are theirs to write and use). */
function mayRead(actor: Actor): boolean {
  return actor.isCenter && hasRole(actor, 'leader', 'analyst', 'supervisor');
}

function periodOf(kind: ReportKind, q: ReportQuery, today: number): Period {
  let p: Period;
  try {
    if (kind === 'monthly') {
      if (!q.month) throw invalid('月报请指定月份（month=YYYY-MM）', [{ path: 'month', message: '必填' }]);
      p = parseMonth(q.month);
    } else if (kind === 'quarterly') {
      if (!q.quarter) throw invalid('季报请指定季度（quarter=YYYY-Q1 至 Q4）', [{ path: 'quarter', message: '必填' }]);
      p = parseQuarter(q.quarter);
    } else if (kind === 'annual') {
      if (!q.year) throw invalid('年报请指定年份（year=YYYY）', [{ path: 'year', message: '必填' }]);
      p = parseYear(q.year);
    } else {
      if (!q.from || !q.to) throw invalid('专报请指定统计期间（from、to，YYYY-MM-DD）', [{ path: q.from ? 'to' : 'from', message: '必填' }]);
      p = { from: parseDay(q.from), to: parseDay(q.to) };
      if (p.to < p.from) throw invalid('结束日期早于开始日期', [{ path: 'to', message: '结束日期早于开始日期' }]);
      if (p.to - p.from + 1 > MAX_DAYS) throw invalid(`专报一次最多统计 ${MAX_DAYS} 天`, [{ path: 'to', message: `最多 ${MAX_DAYS} 天` }]);
      if (!q.category && !q.unitId && !q.flag) throw invalid('专报请指定诉求分类（category）、区县或街道（unitId），或工单标记（flag，如涉企诉求）', [{ path: 'category', message: '分类、单位和标记至少指定一项' }]);
    }
  } catch (error) {
    if (error instanceof PeriodInputError || error instanceof DateInputError) throw invalid(error.message);
    throw error;
  }
  if (p.from > today) throw invalid('统计期间尚未开始');
  if (kind !== 'special' && (q.category || q.unitId || q.flag)) throw invalid('分类、单位和工单标记只用于专报（special）');
  return p;
}

/**
 * 报告 (重庆 第二十条 简报、专报; 凉山 第十九条 月报、季报、年报和专报; 邵阳 第二十一条): the report as
 * JSON for the page and its print view, and as a workbook — exported like the scorecard: the
 * requests masked, the export recorded (analytics.export).
 */
export function reportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const read = async (actor: Actor, kind: ReportKind, q: ReportQuery) => {
    if (!mayRead(actor)) throw forbidden('报告仅限热线中心的领导、分析员和督办员查看');
    const now = ctx.now();
    const period = periodOf(kind, q, dayOfInstant(now));
    let unit: { id: string; name: string; path: string; regionCode: string | null } | undefined;
    if (q.unitId) {
      const { rows } = await ctx.db.query<{ id: string; name: string; path: string; kind: string; region_code: string | null }>('SELECT id, name, path, kind, region_code FROM units WHERE id = $1', [q.unitId]);
      const u = rows[0];
      if (!u || !['district', 'street'].includes(u.kind)) throw invalid('专报的单位应为区县或街道（乡镇）', [{ path: 'unitId', message: '不是区县或街道' }]);
      unit = { id: u.id, name: u.name, path: u.path, regionCode: u.region_code };
    }
    return buildReport(ctx.db, { kind, period, now, ...(q.category ? { category: q.category } : {}), ...(unit ? { unit } : {}), ...(q.flag ? { flag: q.flag } : {}) });
  };

  r.get(
    '/api/analytics/reports/:kind',
    {
      schema: {
        tags: ['报告'],
        summary: '月报、季报、年报和专报：总量及环比同比、趋势、按类型渠道分类区县的分布、单位排名、热点诉求、超期和不满意工单、文字摘要',
        params: kindParam,
        querystring: reportQuery,
      },
    },
    async (request) => read(request.actor!, request.params.kind, request.query),
  );

  r.get(
    '/api/analytics/reports/:kind/xlsx',
    { schema: { tags: ['报告'], summary: '导出报告（xlsx：概要、主要指标、趋势、诉求分布、单位排名、热点诉求、超期和不满意工单）', params: kindParam, querystring: reportQuery } },
    async (request, reply) => {
      const actor = request.actor!;
      const report = await read(actor, request.params.kind, request.query);
      await audit(ctx.db, {
        action: 'analytics.export',
        at: ctx.now(),
        actor,
        objectType: 'report',
        detail: { kind: report.kind, from: report.period.from, to: report.period.to, ...(report.scope ? { category: report.scope.category, unitId: report.scope.unit?.id ?? null, flag: report.scope.flag?.key ?? null } : {}) },
      });
      const file = await reportWorkbook(report);
      const name = `${REPORT_KIND_LABELS[report.kind]}-${report.period.from}-${report.period.to}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );
}
