import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dayOfInstant, formatDay, formatInstant, parseDay, startOfDay } from '../../core/calendar/civil-date.ts';
import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import { conflict, forbidden, notFound } from '../http/errors.ts';
import { announce } from '../live/bus.ts';
import { appendEvent, lockTicket, updateTicket } from '../tickets/store.ts';

/**
 * The follow-up dates of a 专题协调 (tickets/actions/coordinate.ts): from its day on, each waits in
 * the 待我审批 of whoever recorded the meeting, until they mark it followed up (with what they found,
 * on the ticket's timeline). Days are the app clock's day in Asia/Shanghai.
 */

interface FollowUpRow {
  id: string;
  ticket_id: string;
  due_on: string;
  note: string;
  held_on: string;
  decisions: string;
  created_by: string;
  number: string;
  title: string | null;
  excerpt: string;
  status: string;
  type: string;
}

const SELECT = `SELECT f.id, f.ticket_id, to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.note, to_char(c.held_on, 'YYYY-MM-DD') AS held_on,
    c.decisions, c.created_by, t.number, t.title, left(t.content, 120) AS excerpt, t.status, t.type
  FROM coordination_follow_ups f JOIN coordinations c ON c.id = f.coordination_id JOIN tickets t ON t.id = f.ticket_id`;

/** The actor's follow-ups that are due today or earlier and not yet done. */
export async function followUpsFor(ctx: AppContext, actor: Actor): Promise<FollowUpRow[]> {
  const today = formatDay(dayOfInstant(ctx.now()));
  const { rows } = await ctx.db.query<FollowUpRow>(`${SELECT} WHERE c.created_by = $1 AND f.done_at IS NULL AND f.due_on <= $2::date ORDER BY f.due_on, f.id`, [actor.id, today]);
  return rows;
}

/** A follow-up as the inbox lists it, in the outline of a decision. */
export function presentFollowUp(ctx: AppContext, r: FollowUpRow) {
  const today = dayOfInstant(ctx.now());
  return {
    kind: 'follow-up' as const,
    kindLabel: '协调跟进',
    followUpId: r.id,
    ticketId: r.ticket_id,
    number: r.number,
    status: r.status,
    statusLabel: '',
    typeLabel: '',
    title: r.title,
    excerpt: r.excerpt,
    assignmentId: null,
    unitName: null,
    request: { dueOn: r.due_on, note: r.note, heldOn: r.held_on, decisions: r.decisions, daysLate: today - parseDay(r.due_on) },
    requestedAt: formatInstant(startOfDay(parseDay(r.due_on))),
    due: null,
  };
}

const body = z.object({ note: z.string().trim().max(1000, '跟进情况不能超过 1000 字').optional() }).strict();

export function followUpRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/coordination/follow-ups/:id/done',
    {
      schema: {
        tags: ['工单'],
        summary: '专题协调跟进：标记已跟进（仅协调记录人；写入工单时间线）',
        params: z.object({ id: z.string().uuid('跟进编号无效') }).strict(),
        body,
      },
    },
    async (request) => {
      const actor = request.actor!;
      const now = ctx.now();
      return ctx.db.transaction(async (tx) => {
        const peek = await tx.query<{ ticket_id: string }>('SELECT ticket_id FROM coordination_follow_ups WHERE id = $1', [request.params.id]);
        if (!peek.rows[0]) throw notFound('跟进事项不存在');
        // the ticket first, as actions lock; also refuses whoever may not see or act on it
        const { ticket, assignments } = await lockTicket(tx, peek.rows[0].ticket_id, actor);
        const { rows } = await tx.query<FollowUpRow & { done_at: Date | null }>(`${SELECT.replace('SELECT f.id', 'SELECT f.done_at, f.id')} WHERE f.id = $1 FOR UPDATE OF f`, [request.params.id]);
        const f = rows[0]!;
        if (f.created_by !== actor.id) throw forbidden('跟进事项由协调记录人标记');
        if (f.done_at) throw conflict('该跟进事项已标记跟进', 'wrong_state');
        const note = request.body.note ?? null;
        await tx.query('UPDATE coordination_follow_ups SET done_at = $2, done_by = $3, done_note = $4 WHERE id = $1', [f.id, new Date(now), actor.id, note]);
        await appendEvent(tx, { ticketId: ticket.id, action: 'follow-up-done', actor, at: now, data: { followUpId: f.id, dueOn: f.due_on, followUp: f.note, note } });
        await updateTicket(tx, ticket.id, {}, now);
        await announce(tx, { ticketId: ticket.id, status: ticket.status, units: assignments.map((a) => a.unit_path) });
        return { ok: true };
      });
    },
  );
}
