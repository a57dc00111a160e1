import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import { formatBasis } from '../../core/policy/index.ts';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../core/ticket/machine.ts';
import { CLOCK_LABELS, TICKET_TYPE_LABELS, type ClockName, type TicketType } from '../../core/vocabulary.ts';
import type { AppContext } from '../app.ts';
import { forbidden } from '../http/errors.ts';

const OPEN: TicketStatus[] = ['dispatched', 'handling', 'redo', 'reviewing'];

const query = z
  .object({
    state: z.enum(['open', 'done', 'all']).default('all').describe('open: 在办；done: 已办结（含回访、归档等）'),
    unitId: z.string().uuid('单位编号无效').optional().describe('承办单位（含其下级单位）'),
    overdue: z.enum(['true', 'false']).optional(),
    q: z.string().trim().max(50, '关键词不超过 50 字').optional().describe('工单编号或诉求内容'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

interface LedgerRow {
  id: string;
  number: string;
  status: TicketStatus;
  type: TicketType;
  title: string | null;
  excerpt: string;
  supervision_count: number;
  level: number | null;
  last_supervised_at: Date | null;
  last_supervised_by: string | null;
  last_note: string | null;
  last_reminded_at: Date | null;
  units: string | null;
  due_at: Date | null;
  due_clock: string | null;
  overdue: boolean;
  escalated_at: Date | null;
  escalation: { level?: number; means?: string[]; basis?: string; reason?: string } | null;
  pending_proposals: number;
  total: number;
}

/**
 * 督办件台账: every supervised ticket with its level, state, units, deadline and the last reminder,
 * for the supervisor to follow each one to its end (重庆 第十五条 督查督办; 邵阳 第二十四条 督办时限;
 * 大足 第七条 督办升级, with the escalation when a supervision failed). Center only.
 */
export function supervisionLedgerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/supervision/ledger',
    { schema: { tags: ['督办'], summary: '督办件台账（每一件被督办的工单：级别、状态、承办单位、时限、最近催办）', querystring: query } },
    async (request) => {
      if (!request.actor!.isCenter) throw forbidden('督办件台账仅限热线中心');
      const f = request.query;
      const now = new Date(ctx.now());
      const params: unknown[] = [now];
      const where = ['t.supervision_count > 0'];
      if (f.state === 'open') where.push(`t.status = ANY($${params.push(OPEN)}::text[])`);
      if (f.state === 'done') where.push(`NOT (t.status = ANY($${params.push(OPEN)}::text[]))`);
      if (f.unitId) {
        where.push(`EXISTS (SELECT 1 FROM assignments a JOIN units u ON u.id = a.unit_id JOIN units p ON p.id = $${params.push(f.unitId)}
                             WHERE a.ticket_id = t.id AND u.path LIKE p.path || '%')`);
      }
      if (f.q) where.push(`(t.number = $${params.push(f.q)} OR t.content ILIKE '%' || $${params.push(f.q.replace(/[\\%_]/g, '\\$&'))} || '%')`);
      if (f.overdue) {
        where.push(`${f.overdue === 'true' ? '' : 'NOT '}EXISTS (SELECT 1 FROM clocks c WHERE c.ticket_id = t.id AND c.name IN ('supervision', 'handle', 'redo')
                                AND (c.overdue OR (c.status = 'running' AND c.due_at < $1)))`);
      }
      const limit = `LIMIT $${params.push(f.pageSize)} OFFSET $${params.push((f.page - 1) * f.pageSize)}`;
      // The page first, from what orders it (open, overdue, last supervised), then the details of its
      // rows only: the details of every supervised ticket took 688 ms at 3,748 of them (issue 16).
      // The open ones come first in the order of migration 048's index, so only they have their
      // deadlines and supervisions looked up, and the total is counted apart, from the index: a
      // window over the page's rows made every supervised ticket be read (with session-settings.ts's
      // parallel_setup_cost: 34–37 → 1.6 ms a read).
      const { rows } = await ctx.db.query<LedgerRow>(
        `WITH keyed AS (
           SELECT t.id, t.number, (t.status = ANY(ARRAY['dispatched','handling','redo','reviewing'])) AS open,
                  -- per ticket, by its index (an EXISTS here was hashed over every overdue clock)
                  COALESCE((SELECT true FROM clocks c WHERE c.ticket_id = t.id AND c.name IN ('supervision', 'handle', 'redo')
                            AND (c.overdue OR (c.status = 'running' AND c.due_at < $1)) LIMIT 1), false) AS overdue,
                  (SELECT max(e.at) FROM events e WHERE e.ticket_id = t.id AND e.action = 'supervise') AS sv_at
             FROM tickets t
            WHERE ${where.join(' AND ')}),
         page AS (
           SELECT k.*, (SELECT count(*)::int FROM tickets t WHERE ${where.join(' AND ')}) AS total FROM keyed k
            ORDER BY k.open DESC, k.overdue DESC, k.sv_at DESC NULLS LAST, k.number
            ${limit})
         SELECT t.id, t.number, t.status, t.type, t.title, left(t.content, 60) AS excerpt, t.supervision_count,
                sv.level, sv.at AS last_supervised_at, sv.actor_name AS last_supervised_by, sv.note AS last_note,
                rm.at AS last_reminded_at, un.units, dc.due_at, dc.name AS due_clock, pg.overdue,
                es.at AS escalated_at, es.data AS escalation,
                (SELECT count(*)::int FROM supervision_triggers p WHERE p.ticket_id = t.id AND p.status = 'pending') AS pending_proposals,
                pg.total
           FROM page pg JOIN tickets t ON t.id = pg.id
           LEFT JOIN LATERAL (
             SELECT e.at, e.actor_name, e.data->>'note' AS note,
                    (SELECT max((x.data->>'level')::int) FROM events x WHERE x.ticket_id = t.id AND x.action = 'supervise') AS level
               FROM events e WHERE e.ticket_id = t.id AND e.action = 'supervise' ORDER BY e.at DESC, e.id DESC LIMIT 1) sv ON true
           LEFT JOIN LATERAL (SELECT max(e.at) AS at FROM events e WHERE e.ticket_id = t.id AND e.action = 'remind') rm ON true
           LEFT JOIN LATERAL (SELECT e.at, e.data FROM events e WHERE e.ticket_id = t.id AND e.action = 'escalate' ORDER BY e.at DESC, e.id DESC LIMIT 1) es ON true
           LEFT JOIN LATERAL (
             SELECT string_agg(u.name, '、' ORDER BY a.role DESC, u.name) AS units
               FROM assignments a JOIN units u ON u.id = a.unit_id
              WHERE a.ticket_id = t.id AND a.parent_id IS NULL AND a.status <> 'returned') un ON true
           LEFT JOIN LATERAL (
             SELECT c.due_at, c.name FROM clocks c
              WHERE c.ticket_id = t.id AND c.status = 'running' AND c.name IN ('supervision', 'handle', 'redo')
              ORDER BY (c.name = 'supervision') DESC, c.due_at LIMIT 1) dc ON true
          ORDER BY pg.open DESC, pg.overdue DESC, pg.sv_at DESC NULLS LAST, pg.number`,
        params,
      );
      // the default's articles, and those of any preset a subtree follows (大足 第七条 under 重庆)
      const bases = ctx.presets.inUse().flatMap((policy) =>
        [policy.clocks.supervision?.basis, ...policy.reminders.filter((r) => r.action === 'supervise' || r.action === 'escalate').map((r) => r.basis)]
          .filter((b) => b !== undefined)
          .map((b) => formatBasis(policy, b)),
      );
      return {
        total: rows[0]?.total ?? 0,
        page: f.page,
        pageSize: f.pageSize,
        basis: [...new Set(bases)],
        items: rows.map((r) => ({
          id: r.id,
          number: r.number,
          status: r.status,
          statusLabel: TICKET_STATUS_LABELS[r.status] ?? r.status,
          typeLabel: TICKET_TYPE_LABELS[r.type] ?? r.type,
          title: r.title,
          excerpt: r.excerpt,
          supervisionCount: r.supervision_count,
          level: r.level ?? 1,
          lastSupervisedAt: r.last_supervised_at ? formatInstant(r.last_supervised_at.getTime()) : null,
          lastSupervisedBy: r.last_supervised_by,
          lastNote: r.last_note,
          lastRemindedAt: r.last_reminded_at ? formatInstant(r.last_reminded_at.getTime()) : null,
          units: r.units,
          dueAt: r.due_at ? formatInstant(r.due_at.getTime()) : null,
          dueLabel: r.due_clock ? (CLOCK_LABELS[r.due_clock as ClockName] ?? '时限') : null,
          overdue: r.overdue,
          // 升级督办 (邵阳 第二十四条 呈报市人民政府督查室; 大足 第七条 专项督查) and 督办建议 waiting for a decision
          escalated: r.escalated_at
            ? { at: formatInstant(r.escalated_at.getTime()), level: r.escalation?.level ?? null, means: r.escalation?.means ?? [], basis: r.escalation?.basis ?? null, reason: r.escalation?.reason ?? null }
            : null,
          pendingProposals: r.pending_proposals,
        })),
      };
    },
  );
}
