import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant, parseDay, startOfDay } from '../../core/calendar/civil-date.ts';
import { mayReadCallRecords } from '../../core/telephony/access.ts';
import type { CallOutcome } from '../../core/telephony/call-record.ts';
import { CALL_GROUPINGS, callStats } from '../../core/telephony/call-stats.ts';
import type { AppContext } from '../app.ts';
import { audit } from '../audit/record.ts';
import type { Actor } from '../auth/actor.ts';
import { callStatsWorkbook } from './stats-workbook.ts';
import { hotlineNames } from './hotlines.ts';
import { forbidden, invalid } from '../http/errors.ts';
import { day } from '../http/schemas.ts';

const MAX_DAYS = 92;

/**
 * GET /api/telephony/stats: 话务量, 接通率 (凉山 第十条), 15 秒接通率, average wait and talk over Beijing
 * days from..to, grouped by day, month, half-hour, queue, agent or dialled number (and as xlsx) (core/telephony/call-stats.ts).
 * For the center's leader, analyst, supervisor and administrator. Reads the call records of the span
 * (at most 92 days) and counts them here; rollups kept with the events are left for the scale issue.
 * Calls in only: a call back placed for a ticket (direction out) is not a caller's call to answer.
 */
export function callStatsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const schema = z.object({ from: day(), to: day(), by: z.enum(CALL_GROUPINGS).default('day') }).strict();
  const read = async (actor: Actor, q: z.infer<typeof schema>) => {
    if (!mayReadCallRecords(actor)) throw forbidden('只有热线中心的领导、分析员、督办员和系统管理员可以查看话务统计');
    const { from, to, by } = q;
    const first = parseDay(from);
    const last = parseDay(to);
    if (last < first) throw invalid('结束日期不能早于开始日期', [{ path: 'to', message: '早于开始日期' }]);
    if (last - first + 1 > MAX_DAYS) throw invalid(`统计区间最长 ${MAX_DAYS} 天`, [{ path: 'to', message: '区间过长' }]);
    const { rows } = await ctx.db.query<{ offered_at: Date; outcome: CallOutcome; wait_seconds: number | null; talk_seconds: number | null; queue: string | null; agent: string | null; dialled: string | null }>(
      `SELECT c.offered_at, c.outcome, c.wait_seconds, c.talk_seconds, c.queue, c.dialled, COALESCE(u.display_name, c.extension) AS agent
         FROM calls c LEFT JOIN users u ON u.id = c.agent_id
        WHERE c.offered_at >= $1 AND c.offered_at < $2 AND c.direction = 'in'`,
      [new Date(startOfDay(first)), new Date(startOfDay(last + 1))],
    );
    const stats = callStats(
      rows.map((c) => ({ offeredAt: c.offered_at.getTime(), outcome: c.outcome, waitSeconds: c.wait_seconds, talkSeconds: c.talk_seconds, queue: c.queue, agent: c.agent, dialled: c.dialled })),
      by,
    );
    // per number dialled: the directory's names beside the numbers (12366 税务服务热线 …)
    const names = by === 'dialled' ? await hotlineNames(ctx.db) : {};
    return { from, to, by, target: { answerRate: 0.95, basis: '凉山 第十条：接通率不低于 95%' }, ...stats, names };
  };

  r.get(
    '/api/telephony/stats',
    {
      schema: {
        tags: ['话务'],
        summary: '话务统计（话务量、接通率、15 秒接通率、平均等待与通话时长；按日、月、半小时、队列、坐席、拨打号码）',
        querystring: schema,
      },
    },
    async (request) => read(request.actor!, request.query),
  );

  r.get(
    '/api/telephony/stats.xlsx',
    { schema: { tags: ['话务'], summary: '导出话务统计（xlsx：各组数字、合计与口径）', querystring: schema } },
    async (request, reply) => {
      const actor = request.actor!;
      const stats = await read(actor, request.query);
      const generatedAt = formatInstant(ctx.now());
      await audit(ctx.db, { action: 'analytics.export', at: ctx.now(), actor, objectType: 'call-stats', detail: { from: stats.from, to: stats.to, by: stats.by, calls: stats.total.offered } });
      const file = await callStatsWorkbook({ ...stats, generatedAt });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`话务统计-${stats.from}-${stats.to}.xlsx`)}`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );
}
