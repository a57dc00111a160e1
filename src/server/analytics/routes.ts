import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { evaluationSettingsSchema, INDICATORS } from '../../core/analytics/indicators.ts';
import { DateInputError, formatDay, formatInstant, parseDay, startOfDay } from '../../core/calendar/civil-date.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { audit } from '../audit/record.ts';
import { forbidden, invalid } from '../http/errors.ts';
import { dashboard } from './dashboard.ts';
import { similarClusters } from './clusters.ts';
import { hotIssues } from './hot.ts';
import { knowledgeUpkeep, NO_KNOWLEDGE } from './knowledge.ts';
import { scorecardWorkbook } from './report.ts';
import { scorecardWithPrevious } from './compare.ts';
import { evaluationSettings } from './scorecard.ts';

const MAX_DAYS = 400;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const scorecardQuery = z
  .object({
    from: day,
    to: day,
    by: z.enum(['dispatched', 'closed'], '归期方式应为 dispatched（按派单时间）或 closed（按办结时间）').default('dispatched'),
    unitId: z.uuid('单位编号格式不正确').optional(),
  })
  .strict();

/** Who reads evaluations: the center's leaders, analysts, supervisors and administrators see every unit. */
const CENTER_READERS = ['leader', 'analyst', 'supervisor', 'admin'] as const;

function period(from: string, to: string): { from: number; to: number } {
  let f: number;
  let t: number;
  try {
    f = parseDay(from);
    t = parseDay(to);
  } catch (error) {
    if (error instanceof DateInputError) throw invalid(error.message);
    throw error;
  }
  if (t < f) throw invalid('结束日期早于开始日期', [{ path: 'to', message: '结束日期早于开始日期' }]);
  if (t - f + 1 > MAX_DAYS) throw invalid(`一次最多统计 ${MAX_DAYS} 天`, [{ path: 'to', message: `最多 ${MAX_DAYS} 天` }]);
  return { from: f, to: t };
}

/**
 * 考核: the indicators per unit and period, their definitions, and the evaluation settings.
 * A unit's leader or administrator sees their own unit and the units below it (their ranks among
 * all peers included: the 通报 is published to every unit, 重庆 第二十四条 定期通报).
 */
export function analyticsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/analytics/indicators', { schema: { tags: ['考核'], summary: '考核指标的定义（公式、依据）和当前的考核设置' } }, async () => ({
    indicators: INDICATORS,
    settings: await evaluationSettings(ctx.db),
  }));

  /** The scorecard the actor may read: every unit for the center, a unit's own subtree otherwise. */
  const readScorecard = async (actor: Actor, q: z.infer<typeof scorecardQuery>) => {
    const center = actor.isCenter && hasRole(actor, ...CENTER_READERS);
    if (!center && !hasRole(actor, 'leader', 'unit_admin')) throw forbidden('考核数据仅限热线中心的领导、分析员、督办员，或本单位的领导、单位管理员查看');
    const p = period(q.from, q.to);
    const card = await scorecardWithPrevious(ctx.db, { ...p, by: q.by, now: ctx.now(), ...(q.unitId ? { unitId: q.unitId } : {}) });
    const knowledge = await knowledgeUpkeep(ctx.db, ctx.now());
    const units = (center ? card.units : card.units.filter((u) => u.unit.path.startsWith(actor.unit.path))).map((u) => ({ ...u, knowledge: knowledge.get(u.unit.id) ?? NO_KNOWLEDGE }));
    return { from: formatDay(p.from), to: formatDay(p.to), by: q.by, previous: card.previous, settings: card.settings, units };
  };

  r.get('/api/analytics/scorecard', { schema: { tags: ['考核'], summary: '各单位考核指标、综合得分和同类排名，及与上一期（整月比上月，其他按同样天数）的环比', querystring: scorecardQuery } }, async (request) => {
    const { settings, ...card } = await readScorecard(request.actor!, request.query);
    return { ...card, weights: settings.weights };
  });

  r.get(
    '/api/analytics/scorecard.xlsx',
    { schema: { tags: ['考核'], summary: '导出考核排名（xlsx：排名、指标口径、说明），用于月度通报', querystring: scorecardQuery } },
    async (request, reply) => {
      const actor = request.actor!;
      const card = await readScorecard(actor, request.query);
      const generatedAt = formatInstant(ctx.now());
      await audit(ctx.db, { action: 'analytics.export', at: ctx.now(), actor, objectType: 'scorecard', detail: { from: card.from, to: card.to, by: card.by, units: card.units.length } });
      const file = await scorecardWorkbook({ ...card, generatedAt });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`考核排名-${card.from}-${card.to}.xlsx`)}`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );

  r.get(
    '/api/analytics/dashboard',
    {
      schema: {
        tags: ['考核'],
        summary: '数据看板：今日受理与派单、当前超期与临期、期间趋势及按类型、渠道、分类、区县的分布',
        querystring: z
          .object({ from: day, to: day, granularity: z.enum(['day', 'week', 'month'], '粒度应为 day、week 或 month').default('day') })
          .strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      if (!(actor.isCenter && hasRole(actor, ...CENTER_READERS))) throw forbidden('数据看板仅限热线中心的领导、分析员、督办员和系统管理员');
      const p = period(request.query.from, request.query.to);
      return { from: formatDay(p.from), to: formatDay(p.to), granularity: request.query.granularity, ...(await dashboard(ctx.db, { ...p, granularity: request.query.granularity, now: ctx.now() })) };
    },
  );

  r.get(
    '/api/analytics/hot',
    { schema: { tags: ['考核'], summary: '热点诉求：期间内较上期和去年同期显著上升的“分类 × 街道（乡镇）”，附显著性和样本工单', querystring: z.object({ from: day, to: day }).strict() } },
    async (request) => {
      const actor = request.actor!;
      if (!(actor.isCenter && hasRole(actor, ...CENTER_READERS))) throw forbidden('热点诉求仅限热线中心的领导、分析员、督办员和系统管理员');
      const p = period(request.query.from, request.query.to);
      return { from: formatDay(p.from), to: formatDay(p.to), ...(await hotIssues(ctx.db, p)) };
    },
  );

  r.get(
    '/api/analytics/clusters',
    {
      schema: {
        tags: ['考核'],
        summary: '相似诉求聚类：期间内多位不同来电人反映的几乎相同的诉求（每月一题、专报的候选）',
        querystring: z.object({ from: day, to: day, minCallers: z.coerce.number().int().min(2, '来电人数至少为 2').max(1000).default(3) }).strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      if (!(actor.isCenter && hasRole(actor, ...CENTER_READERS))) throw forbidden('相似诉求聚类仅限热线中心的领导、分析员、督办员和系统管理员');
      const p = period(request.query.from, request.query.to);
      if (p.to - p.from + 1 > 93) throw invalid('相似诉求聚类一次最多统计 93 天', [{ path: 'to', message: '最多 93 天' }]);
      const found = await similarClusters(ctx.db, { from: new Date(startOfDay(p.from)), to: new Date(startOfDay(p.to + 1)), minCallers: request.query.minCallers, limit: 20 });
      return { from: formatDay(p.from), to: formatDay(p.to), ...found };
    },
  );

  r.put(
    '/api/admin/evaluation-settings',
    { schema: { tags: ['考核'], summary: '修改考核设置（综合得分权重、满意率豁免类别）', body: evaluationSettingsSchema } },
    async (request) => {
      const actor = request.actor!;
      if (!hasRole(actor, 'admin')) throw forbidden('仅系统管理员可修改考核设置');
      const settings = request.body;
      if (!Object.values(settings.weights).some((w) => w > 0)) throw invalid('至少一项指标的权重应大于 0', [{ path: 'weights', message: '权重全为 0' }]);
      await ctx.db.query(
        `INSERT INTO evaluation_settings (id, settings, updated_by, updated_at) VALUES (true, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [JSON.stringify(settings), actor.id, new Date(ctx.now())],
      );
      return { settings };
    },
  );
}
