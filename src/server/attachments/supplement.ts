import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TicketStatus } from '../../core/ticket/machine.ts';
import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { forbidden, invalid, conflict } from '../http/errors.ts';
import { announce } from '../live/bus.ts';
import type { TicketAccess } from '../access/ticket-access.ts';
import { idParams, uuid } from '../tickets/schemas.ts';
import { appendEvent, loadAssignments } from '../tickets/store.ts';
import { ticketAccessFor } from './access.ts';

/** At which step a file came onto the ticket: the timeline event that names it, else registration. */
export const STAGE_LABELS: Record<string, string> = {
  register: '登记',
  attach: '补充附件',
  return: '申请退单',
  reply: '办理答复',
  appeal: '申诉',
  visit: '回访',
};

export async function stagesOf(db: Queryable, ticketId: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ action: string; id: string }>(
    `SELECT e.action, x.id FROM events e
       CROSS JOIN LATERAL jsonb_array_elements_text(
         CASE WHEN jsonb_typeof(e.data->'attachments') = 'array' THEN e.data->'attachments' ELSE '[]'::jsonb END ||
         CASE WHEN jsonb_typeof(e.data->'photos') = 'array' THEN e.data->'photos' ELSE '[]'::jsonb END) AS x(id)
      WHERE e.ticket_id = $1`,
    [ticketId],
  );
  return new Map(rows.map((r) => [r.id, r.action]));
}

const CENTER_WRITERS = ['agent', 'dispatcher', 'visitor', 'supervisor', 'admin'];
const UNIT_WRITERS = ['handler', 'unit_admin'];
const CLOSED = ['archived', 'merged'];

/** Who may add files to a ticket: the center's working roles, and a unit holding a live share. */
export function mayAddFiles(actor: Actor, access: TicketAccess): boolean {
  if (access.relation === 'center') return actor.roles.some((r) => CENTER_WRITERS.includes(r));
  return access.relation === 'holder' && actor.roles.some((r) => UNIT_WRITERS.includes(r));
}

/**
 * 补充附件: files uploaded with POST /api/attachments are put on a ticket after registration (a
 * photo of the site, a letter, a contract), with a timeline event saying who added what and when.
 */
export function supplementRoute(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/tickets/:id/attachments',
    {
      schema: {
        tags: ['附件', '工单'],
        summary: '补充附件（先上传，再把附件编号加到工单上）',
        params: idParams,
        body: z
          .object({
            attachments: z.array(uuid).min(1, '请先上传附件').max(10, '一次最多补充 10 个附件'),
            note: z.string().trim().max(200, '说明不能超过 200 字').optional(),
          })
          .strict(),
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const id = request.params.id;
      const ids = [...new Set(request.body.attachments)];
      await ctx.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ status: TicketStatus }>('SELECT status FROM tickets WHERE id = $1 FOR UPDATE', [id]);
        const access = await ticketAccessFor(tx, actor, id);
        // who first (403), then the ticket's state (409), as every action does
        if (!mayAddFiles(actor, access)) throw forbidden('您不能为该工单补充附件');
        if (CLOSED.includes(rows[0]!.status)) throw conflict('该工单已归档或已合并，不能再补充附件', 'wrong_state');
        const moved = await tx.query(
          'UPDATE attachments SET ticket_id = $1 WHERE id = ANY($2::uuid[]) AND ticket_id IS NULL AND uploaded_by = $3',
          [id, ids, actor.id],
        );
        if (moved.rowCount !== ids.length) throw invalid('附件不存在、不是您上传的，或已加到其他工单', [{ path: 'attachments', message: '附件无效' }]);
        await appendEvent(tx, { ticketId: id, action: 'attach', actor, at: ctx.now(), data: { attachments: ids, count: ids.length, note: request.body.note ?? null } });
        await tx.query('UPDATE tickets SET updated_at = $2 WHERE id = $1', [id, new Date(ctx.now())]);
        const assignments = await loadAssignments(tx, id);
        await announce(tx, { ticketId: id, status: rows[0]!.status, units: assignments.filter((a) => a.status !== 'returned').map((a) => a.unit_path) });
      });
      reply.status(201);
      return { ticketId: id, added: ids.length };
    },
  );
}
