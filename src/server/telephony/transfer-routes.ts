import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseInstant } from '../../core/calendar/civil-date.ts';
import {
  mayRecordTransfers,
  targetKindOfHotline,
  TRANSFER_MODES,
  TRANSFER_OUTCOMES,
  TRANSFER_OUTCOME_LABELS,
} from '../../core/telephony/transfers.ts';
import type { AppContext } from '../app.ts';
import { accessTo, requireRead } from '../access/ticket-access.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { forbidden, invalid, notFound } from '../http/errors.ts';
import { instant, uuid } from '../http/schemas.ts';
import { announce } from '../live/bus.ts';
import { idParams } from '../tickets/schemas.ts';
import { appendEvent, loadAssignments, lockTicket, type TicketRow } from '../tickets/store.ts';
import { expertById } from './experts.ts';
import { hotlineById, hotlineOfNumber } from './hotlines.ts';
import { insertTransfer, presentTransfer, TRANSFER_SELECT, type TransferInput, type TransferRow } from './transfers.ts';

const transferBody = z
  .object({
    /** out: 12345 transfers or brings someone in; in: a matter handed to 12345 by another line (110 联动). */
    direction: z.enum(['out', 'in']).default('out'),
    mode: z.enum(TRANSFER_MODES, '方式应为 transfer（呼叫转接）或 conference（三方通话）').default('transfer'),
    expertId: uuid.optional(),
    hotlineId: uuid.optional(),
    /** Any other number (an extension, a unit's phone), with whom it is. */
    target: z.string().trim().regex(/^[0-9A-Za-z*#+-]{1,30}$/, '号码只能包含数字、字母和 * # + -').optional(),
    targetName: z.string().trim().min(1).max(60, '对方名称最多 60 个字').optional(),
    outcome: z.enum(TRANSFER_OUTCOMES, '结果应为 connected（接通）、not_connected（未接通）、answered（已解答）或 handed_over（转办）'),
    /** The other line's reference (110 警情编号 …). */
    reference: z.string().trim().max(60, '对方编号最多 60 个字').optional(),
    note: z.string().trim().max(500, '说明最多 500 字').optional(),
    callId: z.string().trim().min(1).max(100).optional(),
    at: instant().optional(),
  })
  .strict();

const outcomeBody = z
  .object({
    outcome: z.enum(TRANSFER_OUTCOMES, '结果应为 connected（接通）、not_connected（未接通）、answered（已解答）或 handed_over（转办）'),
    note: z.string().trim().max(500, '说明最多 500 字').optional(),
  })
  .strict();

async function readable(db: Queryable, actor: Actor, id: string): Promise<TicketRow> {
  const { rows } = await db.query<TicketRow & { subject_path: string | null }>(
    'SELECT t.*, s.path AS subject_path FROM tickets t LEFT JOIN units s ON s.id = t.subject_unit_id WHERE t.id = $1',
    [id],
  );
  if (!rows[0]) throw notFound('工单不存在');
  requireRead(accessTo(actor, rows[0], rows[0].subject_path, await loadAssignments(db, id)));
  return rows[0];
}

/** Locks a ticket the actor may record a transfer on: the center's people at the telephone, before archiving. */
async function lockForTransfer(tx: Queryable, actor: Actor, id: string): Promise<TicketRow> {
  // a ticket the actor may not see is not there (404) before any word on roles
  const { ticket } = await lockTicket(tx, id, actor);
  if (!mayRecordTransfers(actor)) throw forbidden('只有热线中心的话务员、派单员、回访员和督办员可以记录转接与三方通话');
  if (ticket.status === 'archived') throw invalid('工单已归档，不能再补记转接', [{ path: 'id', message: '已归档' }]);
  return ticket;
}

async function touch(tx: Queryable, ticket: TicketRow, at: number): Promise<void> {
  await tx.query('UPDATE tickets SET updated_at = $2 WHERE id = $1', [ticket.id, new Date(at)]);
  const assignments = await loadAssignments(tx, ticket.id);
  await announce(tx, { ticketId: ticket.id, status: ticket.status, units: assignments.map((a) => a.unit_path) });
}

/**
 * 转接记录 of a ticket: read by whoever reads the ticket (numbers of experts and the call only for the
 * center); recorded by the center's people at the telephone, each with its outcome — 接通、未接通、已解答、
 * 转办 (重庆 第十二条（一）; 邵阳 第七条 for 110/119/120/122, in both directions).
 */
export function transferRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/tickets/:id/transfers', { schema: { tags: ['工单'], summary: '工单的转接与三方通话记录，及来电拨打的号码', params: idParams } }, async (request) => {
    const actor = request.actor!;
    const ticket = await readable(ctx.db, actor, request.params.id);
    const { rows } = await ctx.db.query<TransferRow>(`${TRANSFER_SELECT} WHERE x.ticket_id = $1 ORDER BY x.at, x.id`, [ticket.id]);
    const dialled = (ticket as TicketRow & { dialled?: string | null }).dialled ?? null;
    const line = await hotlineOfNumber(ctx.db, dialled);
    return {
      dialled,
      dialledName: line?.name ?? null,
      items: rows.map((x) => presentTransfer(x, actor.isCenter)),
      mayRecord: mayRecordTransfers(actor) && ticket.status !== 'archived',
    };
  });

  r.post(
    '/api/tickets/:id/transfers',
    { schema: { tags: ['工单'], summary: '记录呼叫转接或三方通话（专家座席、分中心、并入热线、110/119/120/122），或 110 等联动转入', params: idParams, body: transferBody } },
    async (request, reply) => {
      const actor = request.actor!;
      const b = request.body;
      const now = ctx.now();
      const id = await ctx.db.transaction(async (tx) => {
        const ticket = await lockForTransfer(tx, actor, request.params.id);
        if ([b.expertId, b.hotlineId, b.target].filter(Boolean).length !== 1) {
          throw invalid('请选择一位专家、一条热线或填写一个号码（只选其一）', [{ path: 'target', message: '请选择转接对象' }]);
        }
        let who: Pick<TransferInput, 'targetKind' | 'target' | 'targetName' | 'expertId' | 'hotlineId'>;
        if (b.expertId) {
          const expert = await expertById(tx, b.expertId).catch(() => null);
          if (!expert) throw invalid('专家座席不存在', [{ path: 'expertId', message: '专家不存在' }]);
          who = { targetKind: 'expert', target: expert.extension ?? expert.phone!, targetName: `${expert.name}（${expert.unit_name}）`, expertId: expert.id, hotlineId: null };
        } else if (b.hotlineId) {
          const line = await hotlineById(tx, b.hotlineId).catch(() => null);
          if (!line) throw invalid('该热线号码不在目录中', [{ path: 'hotlineId', message: '热线不存在' }]);
          if (line.kind === 'main') throw invalid('不能转接到 12345 本身', [{ path: 'hotlineId', message: '请选择其他热线' }]);
          who = { targetKind: targetKindOfHotline(line.kind), target: line.transfer_number ?? line.number, targetName: line.name, expertId: null, hotlineId: line.id };
        } else {
          who = { targetKind: 'other', target: b.target!, targetName: b.targetName ?? null, expertId: null, hotlineId: null };
        }
        // a matter handed over to 12345 comes from an emergency line or a sub-centre of the directory (邵阳 第七条)
        if (b.direction === 'in' && !(who.targetKind === 'emergency' || who.targetKind === 'subcentre' || who.targetKind === 'merged')) {
          throw invalid('联动转入须选择目录中的紧急热线（110/119/120/122）或分中心、并入热线', [{ path: 'hotlineId', message: '请选择转入的热线' }]);
        }
        if (b.callId) {
          const call = await tx.query<{ ticket_id: string | null }>('SELECT ticket_id FROM calls WHERE call_id = $1', [b.callId]);
          if (!call.rows[0]) throw invalid('该通话不存在', [{ path: 'callId', message: '通话不存在' }]);
          if (call.rows[0].ticket_id && call.rows[0].ticket_id !== ticket.id) throw invalid('该通话关联的是其他工单', [{ path: 'callId', message: '通话属于其他工单' }]);
        }
        const at = b.at ? parseInstant(b.at) : now;
        if (at > now + 60_000) throw invalid('转接时间不能晚于现在', [{ path: 'at', message: '晚于现在' }]);
        const id = await insertTransfer(
          tx,
          actor,
          { ticketId: ticket.id, callId: b.callId ?? null, direction: b.direction, mode: b.direction === 'in' ? 'transfer' : b.mode, ...who, outcome: b.outcome, reference: b.reference ?? null, note: b.note ?? null, source: 'desk', at },
          now,
        );
        await touch(tx, ticket, now);
        return id!;
      });
      const { rows } = await ctx.db.query<TransferRow>(`${TRANSFER_SELECT} WHERE x.id = $1`, [id]);
      reply.status(201);
      return presentTransfer(rows[0]!, true);
    },
  );

  r.put(
    '/api/tickets/:id/transfers/:transferId',
    {
      schema: {
        tags: ['工单'],
        summary: '补记或更正转接结果（接通、未接通、已解答、转办）',
        params: z.object({ id: uuid, transferId: z.string().max(100) }).strict(),
        body: outcomeBody,
      },
    },
    async (request) => {
      const actor = request.actor!;
      const now = ctx.now();
      await ctx.db.transaction(async (tx) => {
        const ticket = await lockForTransfer(tx, actor, request.params.id);
        const { rows } = await tx.query<TransferRow>(`${TRANSFER_SELECT} WHERE x.id::text = $1 AND x.ticket_id = $2`, [request.params.transferId, ticket.id]);
        const old = rows[0];
        if (!old) throw notFound('转接记录不存在');
        await tx.query('UPDATE call_transfers SET outcome = $2, note = COALESCE($3, note), updated_at = $4 WHERE id = $1', [old.id, request.body.outcome, request.body.note ?? null, new Date(now)]);
        await appendEvent(tx, {
          ticketId: ticket.id,
          action: 'transfer-outcome',
          actor,
          at: now,
          data: { transferId: old.id, targetName: old.target_name ?? old.target, outcome: request.body.outcome, outcomeLabel: TRANSFER_OUTCOME_LABELS[request.body.outcome], previous: old.outcome, note: request.body.note ?? null },
        });
        await touch(tx, ticket, now);
      });
      const { rows } = await ctx.db.query<TransferRow>(`${TRANSFER_SELECT} WHERE x.id = $1`, [request.params.transferId]);
      return presentTransfer(rows[0]!, true);
    },
  );
}
