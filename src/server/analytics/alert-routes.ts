import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { conflict, forbidden, notFound } from '../http/errors.ts';
import { uuidParams } from '../http/schemas.ts';
import { townName } from './hot.ts';
import { acknowledgeAlert } from './warnings.ts';

interface SurgeDetail {
  history: number[];
  rule: { windowHours: number; weeks: number; alpha: number };
}
interface BurstDetail {
  rule: { windowHours: number; minCallers: number; similarity: number };
  callers: number;
  minSimilarity: number;
  sample: { id: string; number: string; title: string | null; content: string } | null;
  places: Array<{ code: string; name: string; count: number }>;
}

/** 特殊事项报告 (凉山 第十二条（四）): the office told and the ticket it is about. */
interface SpecialDetail {
  to: string;
  basis: string;
  urgency: 'special' | 'emergency';
  sample: { id: string; number: string; title: string | null; content: string };
}

interface AlertRow {
  id: string;
  kind: 'surge' | 'burst' | 'special';
  category: string | null;
  place_town: string | null;
  window_start: Date;
  window_end: Date;
  count: number;
  expected: number | null;
  p_value: number | null;
  detail: SurgeDetail | BurstDetail | SpecialDetail;
  tickets: string[];
  raised_at: Date;
  acknowledged_by_name: string | null;
  acknowledged_at: Date | null;
  note: string | null;
}

/** The numbers an alert stands on, said in words for whoever reads it. */
function explain(a: AlertRow): string {
  if (a.kind === 'special') {
    const d = a.detail as SpecialDetail;
    return `${d.urgency === 'emergency' ? '特殊紧急事项' : '特殊事项'}：工单 ${d.sample.number} 受理时已报告${d.to}（${d.basis}），请跟进承办单位的初步响应和处理进度`;
  }
  if (a.kind === 'burst') {
    const d = a.detail as BurstDetail;
    const places = d.places.length ? `，涉及${d.places.map((p) => p.name).join('、')}` : '';
    return `近 ${d.rule.windowHours} 小时 ${d.callers} 位不同来电人反映内容几乎相同的诉求，共 ${a.count} 件${places}（${d.minSimilarity >= 1 ? '文本完全相同' : `文本相似度不低于 ${d.minSimilarity}`}；规则：${d.rule.windowHours} 小时内不少于 ${d.rule.minCallers} 位来电人），请研判是否为群体性事项`;
  }
  const d = a.detail as SurgeDetail;
  return `近 ${d.rule.windowHours} 小时 ${a.count} 件；前 ${d.rule.weeks} 周同一时段分别为 ${d.history.join('、')} 件（平均 ${(a.expected ?? 0).toFixed(2)}）；按泊松分布，出现不少于 ${a.count} 件的概率为 ${(a.p_value ?? 1).toExponential(1)}`;
}

const present = (a: AlertRow) => ({
  id: a.id,
  kind: a.kind,
  category: a.category,
  place: a.place_town ? { code: a.place_town, name: townName(a.place_town) } : null,
  window: { from: formatInstant(a.window_start.getTime()), to: formatInstant(a.window_end.getTime()) },
  count: a.count,
  expected: a.expected,
  p: a.p_value,
  explanation: explain(a),
  tickets: a.tickets,
  sample: a.kind === 'burst' ? (a.detail as BurstDetail).sample : a.kind === 'special' ? (a.detail as SpecialDetail).sample : null,
  urgency: a.kind === 'special' ? (a.detail as SpecialDetail).urgency : null,
  raisedAt: formatInstant(a.raised_at.getTime()),
  acknowledged: a.acknowledged_at ? { by: a.acknowledged_by_name, at: formatInstant(a.acknowledged_at.getTime()), note: a.note } : null,
});

const WATCHERS = ['supervisor', 'leader', 'analyst', 'admin'] as const;

/**
 * 监测预警: the alerts raised by the surge and burst watchers (src/server/analytics/warnings.ts, bursts.ts)
 * and the reports of special matters (src/server/tickets/special-report.ts), and their acknowledgement.
 */
export function alertRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const mayWatch = (actor: Actor) => actor.isCenter && hasRole(actor, ...WATCHERS);

  r.get(
    '/api/analytics/alerts',
    { schema: { tags: ['考核'], summary: '监测预警：某类诉求在某街道（乡镇）短时间内异常增多', querystring: z.object({ state: z.enum(['open', 'all']).default('open') }).strict() } },
    async (request) => {
      if (!mayWatch(request.actor!)) throw forbidden('监测预警仅限热线中心的督办员、领导、分析员和系统管理员');
      const { rows } = await ctx.db.query<AlertRow>(
        `SELECT * FROM alerts ${request.query.state === 'open' ? 'WHERE acknowledged_at IS NULL' : ''} ORDER BY raised_at DESC LIMIT 200`,
      );
      return { items: rows.map(present) };
    },
  );

  r.post(
    '/api/analytics/alerts/:id/acknowledge',
    { schema: { tags: ['考核'], summary: '确认预警（记录跟进情况）', params: uuidParams, body: z.object({ note: z.string().trim().max(500, '跟进说明不能超过 500 字').optional() }).strict() } },
    async (request) => {
      const actor = request.actor!;
      if (!mayWatch(actor)) throw forbidden('监测预警仅限热线中心的督办员、领导、分析员和系统管理员');
      if (await acknowledgeAlert(ctx.db, request.params.id, actor, ctx.now(), request.body.note ?? null)) {
        const { rows } = await ctx.db.query<AlertRow>('SELECT * FROM alerts WHERE id = $1', [request.params.id]);
        return present(rows[0]!);
      }
      const exists = await ctx.db.query('SELECT 1 FROM alerts WHERE id = $1', [request.params.id]);
      throw exists.rows.length ? conflict('该预警已被确认') : notFound('预警不存在');
    },
  );
}
