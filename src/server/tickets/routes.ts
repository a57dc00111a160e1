import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../core/ticket/machine.ts';
import { CLOCK_LABELS, TICKET_TYPE_LABELS, type Channel, type ClockName, type TicketType } from '../../core/vocabulary.ts';
import { CHANNEL_LABELS } from '../../core/ticket/labels.ts';
import type { AppContext } from '../app.ts';
import { audit, recordRead } from '../audit/record.ts';
import { ACTIONS } from './actions/index.ts';
import { runAction } from './actions/registry.ts';
import { callerTicketFor } from '../telephony/caller-access.ts';
import { createTicket } from './create.ts';
import type { LiveBus } from '../live/bus.ts';
import { SharedReads } from '../live/shared-reads.ts';
import { registeredDetail, ticketDetail } from './queries.ts';
import { ticketChangeRoutes } from './changes.ts';
import { ticketTotalsRoutes } from './totals.ts';
import { recordedFilter, ticketExportRoutes } from './export.ts';
import { listCaller, listTickets } from './list.ts';
import { createTicketSchema, idParams, listQuerySchema, uuid } from './schemas.ts';
import { appendEvent } from './store.ts';
import { TICKET_FLAG_LABELS, type TicketFlag } from '../../core/flags/ticket-flags.ts';

export function ticketRoutes(app: FastifyInstance, ctx: AppContext, bus: LiveBus): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // the lists a change brings a hundred pages back to at once: 待派单 at the center, a unit's tabs
  const lists = new SharedReads<Awaited<ReturnType<typeof listTickets>>>().follow(app, bus);
  /** The first clock to run out, with working time left, for badges in lists. */
  const presentDue = (c: { name: string; dueAt: string; others?: boolean } | null) => {
    if (!c) return null;
    const due = Date.parse(c.dueAt);
    const now = ctx.now();
    return {
      clock: c.name,
      label: CLOCK_LABELS[c.name as ClockName] ?? c.name,
      dueAt: formatInstant(due),
      overdue: now > due,
      remaining: ctx.calendar.remaining(now, due),
      // the clock is another unit's share: this unit has replied and waits on it
      waitingOnOthers: c.others === true,
    };
  };

  r.post(
    '/api/tickets',
    {
      schema: {
        tags: ['工单'],
        summary: '登记工单',
        description: '同一 Idempotency-Key 重试时返回第一次创建的工单（响应头 Idempotent-Replayed: true）。',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).passthrough(),
        body: createTicketSchema,
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'] as string | undefined;
      const actor = request.actor!;
      const created = await createTicket(ctx, actor, request.body, key);
      reply.status(201);
      if (created.replayed) {
        reply.header('Idempotent-Replayed', 'true');
        return ticketDetail(ctx, actor, created.id);
      }
      return registeredDetail(ctx, actor, created);
    },
  );

  r.get(
    '/api/tickets',
    { schema: { tags: ['工单'], summary: '工单列表（按权限过滤、服务端分页）', querystring: listQuerySchema } },
    async (request) => {
      const actor = request.actor!;
      // what the list depends on: the actor's scope and roles, and the query (live/shared-reads.ts)
      const key = `${actor.isCenter}|${actor.unit.id}|${actor.unit.path}|${[...actor.roles].sort().join(',')}|${JSON.stringify(request.query)}`;
      const { items, total } = await lists.read(key, () => listTickets(ctx, actor, request.query));
      // who searched for a caller's number is recorded (等保 安全审计), never the number itself
      if (request.query.phone !== undefined) {
        await audit(ctx.db, { action: 'tickets.search-phone', at: ctx.now(), actor, objectType: 'tickets', detail: { filter: recordedFilter(request.query), rows: total } });
      }
      return {
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
        items: items.map((t) => ({
          id: t.id,
          number: t.number,
          status: t.status,
          statusLabel: TICKET_STATUS_LABELS[t.status as TicketStatus],
          channel: t.channel,
          channelLabel: CHANNEL_LABELS[t.channel as Channel] ?? t.channel,
          type: t.type,
          typeLabel: TICKET_TYPE_LABELS[t.type as TicketType],
          urgency: t.urgency,
          title: t.title,
          excerpt: t.excerpt,
          address: t.address,
          category: t.category,
          satisfaction: t.satisfaction,
          flags: t.flags.map((f) => ({ flag: f, label: TICKET_FLAG_LABELS[f as TicketFlag] ?? f })),
          caller: listCaller(ctx, actor, t),
          units: t.units,
          version: t.version,
          createdAt: formatInstant(t.created_at.getTime()),
          due: presentDue(t.due_clock),
        })),
      };
    },
  );
  ticketExportRoutes(app, ctx);
  ticketChangeRoutes(app, ctx);
  ticketTotalsRoutes(app, ctx, bus);

  r.get('/api/tickets/:id', { schema: { tags: ['工单'], summary: '工单详情（含时限、承办任务、时间线）', params: idParams } }, async (request) =>
    ticketDetail(ctx, request.actor!, request.params.id),
  );

  r.post(
    '/api/tickets/:id/reveal-phone',
    { schema: { tags: ['工单'], summary: '查看来电人完整电话（回访联系用，留痕）', params: idParams, body: z.object({ reason: z.string().trim().min(1, '请说明查看原因').max(200) }).strict() } },
    async (request) => {
      const actor = request.actor!;
      const id = request.params.id;
      return ctx.db.transaction(async (tx) => {
        const ticket = await callerTicketFor(tx, actor, id);
        // the reveal is an access-log row and a timeline event, both covered by the audit chain
        await recordRead(tx, { actor, action: 'reveal-phone', ticketIds: [ticket.id], at: ctx.now(), detail: { reason: request.body.reason }, accessLog: `reveal-phone: ${request.body.reason}` });
        await appendEvent(tx, { ticketId: ticket.id, action: 'reveal-phone', actor, at: ctx.now(), data: { reason: request.body.reason } });
        return { phone: ctx.vault.open(ticket.caller_phone) };
      });
    },
  );

  for (const def of ACTIONS) {
    const body = def.schema
      .extend({
        version: z.number().int().positive().optional().describe('乐观锁：提交时的工单版本，不一致返回 409'),
        ...(def.assignment ? { assignmentId: uuid.optional().describe('承办任务编号（不填则自动选择本单位的任务）') } : {}),
      })
      .strict();
    r.post(
      `/api/tickets/:id/actions/${def.action}`,
      { schema: { tags: ['工单操作'], summary: def.summary, params: idParams, body } },
      async (request) => {
        const done = await runAction(ctx, def, request.actor!, request.params.id, request.body as Record<string, unknown>);
        return ticketDetail(ctx, request.actor!, request.params.id, ctx.db, { auditRead: false, assignments: done.assignments, row: done.detail });
      },
    );
  }
}
