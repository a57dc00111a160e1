import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import type { AppContext } from '../app.ts';
import { audit } from '../audit/record.ts';
import type { Actor } from '../auth/actor.ts';
import { invalid } from '../http/errors.ts';
import { decodeCursor, encodeCursor, type ChangeCursor } from './change-cursor.ts';
import { listCaller, ticketRows, type ListRow } from './list.ts';

/**
 * GET /api/tickets/changes — 批量数据 (issue 15 item 6): the tickets a unit's or an analyst's system
 * may read, changed since its cursor, as JSON lines or CSV, so a unit's own system can keep a copy
 * current without polling the list (重庆 第二十一条, 凉山 第十八条 信息共享; 邵阳 第五条（五） 大数据信息共享).
 *
 * Without a cursor the first answer starts a full pass over every ticket the reader may see; once
 * that pass ends the cursor continues with what changed (change-cursor.ts says why by transaction).
 * A ticket appears as it is now, once per page however often it changed, with the same unit scope
 * and caller masking as the reader's ticket list (tickets/list.ts): never a full phone number.
 * Delivery is at least once (a ticket changed during the full pass comes again): readers upsert by id.
 */

const MAX_LIMIT = 5000;

const querySchema = z
  .object({
    cursor: z.string().max(200).optional(),
    format: z.enum(['jsonl', 'csv'], { error: '格式只能是 jsonl 或 csv' }).default('jsonl'),
    limit: z.coerce.number({ error: '每次条数应为数字' }).int('每次条数应为整数').min(1, '每次条数至少为 1').max(MAX_LIMIT, `每次条数至多为 ${MAX_LIMIT}`).default(1000),
  })
  .strict();

interface ChangedTicket {
  id: string;
  number: string;
  status: string;
  channel: string;
  type: string;
  urgency: string;
  category: string | null;
  title: string | null;
  excerpt: string;
  address: string | null;
  units: string | null;
  satisfaction: string | null;
  flags: string[];
  dueClock: string | null;
  dueAt: string | null;
  callerName: string | null;
  callerPhone: string | null;
  createdAt: string;
  changedAt: string | null;
}

const CSV_COLUMNS: Array<[keyof ChangedTicket, string]> = [
  ['id', 'ID'], ['number', '工单编号'], ['status', '状态'], ['channel', '渠道'], ['type', '类型'], ['urgency', '紧急程度'],
  ['category', '分类'], ['title', '标题'], ['excerpt', '诉求摘要'], ['address', '地址'], ['units', '承办单位'],
  ['satisfaction', '满意度'], ['flags', '工单标记'], ['dueClock', '时限'], ['dueAt', '到期时间'],
  ['callerName', '来电人'], ['callerPhone', '来电号码'], ['createdAt', '登记时间'], ['changedAt', '最近变更'],
];

function present(ctx: AppContext, actor: Actor, t: ListRow, changedAt: Date | undefined): ChangedTicket {
  const caller = listCaller(ctx, actor, t);
  return {
    id: t.id, number: t.number, status: t.status, channel: t.channel, type: t.type, urgency: t.urgency,
    category: t.category, title: t.title, excerpt: t.excerpt, address: t.address, units: t.units, satisfaction: t.satisfaction,
    flags: t.flags, dueClock: t.due_clock?.name ?? null, dueAt: t.due_clock ? formatInstant(Date.parse(t.due_clock.dueAt)) : null,
    callerName: caller?.name ?? null, callerPhone: caller?.phone ?? null,
    createdAt: formatInstant(t.created_at.getTime()), changedAt: changedAt ? formatInstant(changedAt.getTime()) : null,
  };
}

/** The oldest transaction still running: every event of an older one is committed (or never will be). */
async function horizon(ctx: AppContext): Promise<string> {
  const { rows } = await ctx.db.query<{ x: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x');
  return rows[0]!.x;
}

interface Page {
  tickets: ChangedTicket[];
  next: ChangeCursor;
  more: boolean;
}

async function fullPage(ctx: AppContext, actor: Actor, c: Extract<ChangeCursor, { kind: 'full' }>, limit: number): Promise<Page> {
  const rows = await ticketRows(ctx, actor, { afterId: c.afterId ?? '00000000-0000-0000-0000-000000000000' }, limit);
  const last = rows.at(-1);
  const more = rows.length === limit;
  return {
    tickets: rows.map((t) => present(ctx, actor, t, undefined)),
    // the pass over: what changed from its start on follows as changes
    next: more ? { kind: 'full', horizon: c.horizon, afterId: last!.id } : { kind: 'changes', xid: c.horizon, eventId: '0' },
    more,
  };
}

async function changesPage(ctx: AppContext, actor: Actor, c: Extract<ChangeCursor, { kind: 'changes' }>, limit: number): Promise<Page> {
  const { rows: events } = await ctx.db.query<{ ticket_id: string; xid: string; id: string; at: Date }>(
    `SELECT ticket_id, xid::text AS xid, id::text AS id, at FROM events
      WHERE xid IS NOT NULL AND (xid, id) > ($1::xid8, $2::bigint) AND xid < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY xid, id LIMIT $3`,
    [c.xid, c.eventId, limit],
  );
  const last = events.at(-1);
  if (!last) return { tickets: [], next: c, more: false };
  const changedAt = new Map<string, Date>();
  for (const e of events) changedAt.set(e.ticket_id, e.at);
  // the reader's scope decides: a ticket it may not see is passed over, the cursor moves on all the same
  const rows = await ticketRows(ctx, actor, { ids: [...changedAt.keys()] }, changedAt.size);
  return {
    tickets: rows.map((t) => present(ctx, actor, t, changedAt.get(t.id))),
    next: { kind: 'changes', xid: last.xid, eventId: last.id },
    more: events.length === limit,
  };
}

export function ticketChangeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/tickets/changes',
    {
      schema: {
        tags: ['工单'],
        summary: '工单变更增量导出（JSON Lines 或 CSV；游标在响应头 X-Open12345-Cursor，X-Open12345-More 为 true 时接着取；范围与脱敏同工单列表）',
        querystring: querySchema,
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const q = request.query;
      let cursor: ChangeCursor;
      if (q.cursor === undefined) cursor = { kind: 'full', horizon: await horizon(ctx), afterId: null };
      else {
        const read = decodeCursor(q.cursor);
        if (!read) throw invalid('游标无效：请使用上一次响应头 X-Open12345-Cursor 中的值，或不带游标从头开始');
        cursor = read;
      }
      const page = cursor.kind === 'full' ? await fullPage(ctx, actor, cursor, q.limit) : await changesPage(ctx, actor, cursor, q.limit);
      await audit(ctx.db, {
        action: 'tickets.changes', at: ctx.now(), actor, objectType: 'tickets',
        detail: { pass: cursor.kind === 'full' ? '全量' : '增量', rows: page.tickets.length, format: q.format },
      });
      reply
        .header('x-open12345-cursor', encodeCursor(page.next))
        .header('x-open12345-more', String(page.more))
        .header('cache-control', 'no-store');
      if (q.format === 'csv') {
        const body = stringify(
          page.tickets.map((t) => CSV_COLUMNS.map(([k]) => (Array.isArray(t[k]) ? (t[k] as string[]).join(';') : (t[k] ?? '')))),
          { header: true, columns: CSV_COLUMNS.map(([, label]) => label), bom: true },
        );
        return reply.header('content-type', 'text/csv; charset=utf-8').send(body);
      }
      return reply.header('content-type', 'application/x-ndjson; charset=utf-8').send(page.tickets.map((t) => `${JSON.stringify(t)}\n`).join(''));
    },
  );
}
