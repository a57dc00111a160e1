import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { dutyClock } from '../tickets/clocks.ts';
import { callerHistory } from './caller-history.ts';
import { forbidden } from '../http/errors.ts';

/** The supervisor's board and the agent's caller lookup: center-only views (催办、督办: 邵阳 第五条（二）; 大足 第四条（八）). */
export function supervisionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/supervision/board', { schema: { tags: ['督办'], summary: '各单位超期、临期工单数' } }, async (request) => {
    if (!request.actor!.isCenter) throw forbidden('督办看板仅限热线中心');
    const now = new Date(ctx.now());
    const { rows } = await ctx.db.query<{ unit_id: string; unit_name: string; overdue: number; due_soon: number; open: number }>(
      `SELECT u.id AS unit_id, u.name AS unit_name,
              count(DISTINCT a.id) FILTER (WHERE c.due_at < $1)::int AS overdue,
              count(DISTINCT a.id) FILTER (WHERE c.due_at >= $1 AND c.soon_at <= $1)::int AS due_soon,
              count(DISTINCT a.id)::int AS open
         FROM assignments a
         JOIN units u ON u.id = a.unit_id
         LEFT JOIN clocks c ON c.assignment_id = a.id AND c.status = 'running' AND ${dutyClock()}
        WHERE a.status IN ('dispatched', 'handling', 'return_requested', 'unit_review')
        GROUP BY u.id, u.name
        ORDER BY overdue DESC, due_soon DESC, u.name`,
      [now],
    );
    return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, overdue: r.overdue, dueSoon: r.due_soon, open: r.open }));
  });

  // The totals above the board: each ticket once, however many units' shares it has (a share passed
  // down to a community is the same work as its street's share; the rows above count it at each).
  r.get('/api/supervision/totals', { schema: { tags: ['督办'], summary: '在办、临期、超期工单数（每件工单只计一次）' } }, async (request) => {
    if (!request.actor!.isCenter) throw forbidden('督办看板仅限热线中心');
    const now = new Date(ctx.now());
    const { rows } = await ctx.db.query<{ open: number; overdue: number; due_soon: number }>(
      `SELECT count(DISTINCT a.ticket_id)::int AS open,
              count(DISTINCT a.ticket_id) FILTER (WHERE c.due_at < $1)::int AS overdue,
              count(DISTINCT a.ticket_id) FILTER (WHERE c.due_at >= $1 AND c.soon_at <= $1)::int AS due_soon
         FROM assignments a
         LEFT JOIN clocks c ON c.assignment_id = a.id AND c.status = 'running' AND ${dutyClock()}
        WHERE a.status IN ('dispatched', 'handling', 'return_requested', 'unit_review')`,
      [now],
    );
    const r = rows[0]!;
    return { open: r.open, overdue: r.overdue, dueSoon: r.due_soon };
  });

  r.get(
    '/api/callers/:phone',
    { schema: { tags: ['坐席'], summary: '按来电号码查历史工单与标记（频繁来电等）', params: z.object({ phone: z.string().regex(/^[0-9+-]{5,20}$/, '电话号码格式不正确') }) } },
    async (request) => {
      if (!request.actor!.isCenter) throw forbidden('仅限热线中心');
      return callerHistory(ctx, request.actor!, request.params.phone);
    },
  );
}
