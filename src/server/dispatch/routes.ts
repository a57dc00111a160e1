import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dayOfInstant, formatDay, parseDay, startOfDay } from '../../core/calendar/civil-date.ts';
import { URGENCIES, type Role, type Urgency } from '../../core/vocabulary.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { forbidden, invalid, notFound } from '../http/errors.ts';
import { day as realDay } from '../http/schemas.ts';
import { idParams } from '../tickets/schemas.ts';
import { keepSnapshot, suggestFor } from './suggestions.ts';

const SUGGEST_ROLES: Role[] = ['agent', 'dispatcher', 'admin', 'supervisor'];
const PREVIEW_ROLES: Role[] = ['agent', 'dispatcher', 'admin'];
const ACCURACY_ROLES: Role[] = ['dispatcher', 'supervisor', 'leader', 'analyst', 'admin'];

const previewSchema = z
  .object({
    title: z.string().trim().max(200).optional(),
    content: z.string().trim().min(1, '请填写诉求内容').max(5000, '诉求内容不能超过 5000 字'),
    address: z.string().trim().max(300).optional(),
    category: z.string().trim().max(100).optional(),
    urgency: z.enum(URGENCIES).optional(),
  })
  .strict();

const day = realDay().optional();

function requireCenter(actor: Actor, roles: Role[], what: string): void {
  if (!actor.isCenter || !hasRole(actor, ...roles)) throw forbidden(`${what}仅限热线中心的话务、派单、督办和管理人员`);
}

/** Suggested units for a ticket (and for a request still being registered), and dispatch accuracy. */
export function dispatchRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/tickets/:id/suggestions',
    { schema: { tags: ['派单'], summary: '建议承办单位（前三名及理由：属地、职责、智能分类）', params: idParams } },
    async (request) => {
      const actor = request.actor!;
      requireCenter(actor, SUGGEST_ROLES, '派单建议');
      if (!/^[0-9a-f-]{36}$/i.test(request.params.id)) throw notFound('工单不存在');
      const { rows } = await ctx.db.query<{ id: string; status: string; title: string | null; content: string; address: string | null; category: string | null; urgency: Urgency }>(
        'SELECT id, status, title, content, address, category, urgency FROM tickets WHERE id = $1',
        [request.params.id],
      );
      const ticket = rows[0];
      if (!ticket) throw notFound('工单不存在');
      const result = await suggestFor(ctx, ticket);
      // The first suggestions a ticket waiting for dispatch gets are kept: accuracy is measured
      // against what the dispatcher was shown, not against a later recomputation.
      if (ticket.status === 'registered' && result.suggestions.length) await keepSnapshot(ctx, ticket.id, result);
      return result;
    },
  );

  r.post(
    '/api/dispatch/suggestions',
    { schema: { tags: ['派单'], summary: '登记中的诉求：建议承办单位（不保存）', body: previewSchema } },
    async (request) => {
      requireCenter(request.actor!, PREVIEW_ROLES, '派单建议');
      return suggestFor(ctx, request.body);
    },
  );

  r.get(
    '/api/dispatch/accuracy',
    {
      schema: {
        tags: ['派单'],
        summary: '派单准确率：派给首选建议单位且未被退回的工单占比',
        querystring: z.object({ from: day, to: day }).strict(),
      },
    },
    async (request) => {
      requireCenter(request.actor!, ACCURACY_ROLES, '派单准确率');
      const today = dayOfInstant(ctx.now());
      const to = request.query.to ? parseDay(request.query.to) : today;
      const from = request.query.from ? parseDay(request.query.from) : to - 29;
      if (from > to) throw invalid('开始日期不能晚于结束日期', [{ path: 'from', message: '晚于结束日期' }]);
      return { from: formatDay(from), to: formatDay(to), ...(await accuracy(ctx, startOfDay(from), startOfDay(to + 1))) };
    },
  );
}

/**
 * Of the tickets first dispatched in [from, to) that had suggestions: how many went to the first
 * suggestion and stayed there (never returned), how many to any of the three, how many came back.
 */
async function accuracy(ctx: AppContext, from: number, to: number) {
  const { rows } = await ctx.db.query<{ dispatched: number; first_choice: number; first_choice_kept: number; in_top3: number; returned: number }>(
    `SELECT count(*)::int AS dispatched,
            count(*) FILTER (WHERE f.unit_id = s.unit_ids[1])::int AS first_choice,
            count(*) FILTER (WHERE f.unit_id = s.unit_ids[1] AND a.status <> 'returned')::int AS first_choice_kept,
            count(*) FILTER (WHERE f.unit_id = ANY (s.unit_ids))::int AS in_top3,
            count(*) FILTER (WHERE a.status = 'returned')::int AS returned
       FROM dispatch_suggestions s
       CROSS JOIN LATERAL (
         SELECT e.assignment_id, (e.data->>'unitId')::uuid AS unit_id, e.at
           FROM events e
          WHERE e.ticket_id = s.ticket_id AND e.action = 'dispatch' AND e.data->>'role' IN ('lead', 'joint')
          ORDER BY e.id LIMIT 1) f
       JOIN assignments a ON a.id = f.assignment_id
      WHERE s.created_at < $2 AND f.at >= $1 AND f.at < $2`,
    [new Date(from), new Date(to)],
  );
  const r = rows[0]!;
  const share = (n: number) => (r.dispatched ? Math.round((n / r.dispatched) * 1000) / 1000 : null);
  return {
    dispatched: r.dispatched,
    firstChoice: r.first_choice,
    firstChoiceKept: r.first_choice_kept,
    inTop3: r.in_top3,
    returned: r.returned,
    accuracy: share(r.first_choice_kept),
    top3Rate: share(r.in_top3),
  };
}
