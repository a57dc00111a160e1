import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import { CHANNEL_LABELS, SATISFACTION_LABELS } from '../../core/ticket/labels.ts';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../core/ticket/machine.ts';
import { TICKET_TYPE_LABELS, type Channel, type TicketType } from '../../core/vocabulary.ts';
import type { AppContext } from '../app.ts';
import { audit } from '../audit/record.ts';
import { invalid } from '../http/errors.ts';
import { TICKET_FLAG_LABELS, type TicketFlag } from '../../core/flags/ticket-flags.ts';
import { countTickets, listCaller, ticketBatches, type ListFilter, type ListRow } from './list.ts';
import { listQuerySchema } from './schemas.ts';
import { exceljs } from '../documents/libraries.ts';

/** More rows than this are not one export: the user narrows the filter (EXPORT_MAX_ROWS, default 10,000). */
export const exportMaxRows = (): number => {
  const n = Number(process.env.EXPORT_MAX_ROWS);
  return Number.isInteger(n) && n > 0 ? n : 10_000;
};

/** The filter as the audit log keeps it: every field, but never the phone searched for. */
export function recordedFilter(f: ListFilter): Record<string, unknown> {
  const { phone, page: _page, pageSize: _size, until: _until, ...rest } = f;
  return { ...rest, ...(phone !== undefined ? { phone: '（已指定）' } : {}) };
}

const COLUMNS: Array<{ header: string; key: string; width: number }> = [
  { header: '工单编号', key: 'number', width: 16 },
  { header: '登记时间', key: 'createdAt', width: 18 },
  { header: '渠道', key: 'channel', width: 8 },
  { header: '类型', key: 'type', width: 8 },
  { header: '状态', key: 'status', width: 12 },
  { header: '分类', key: 'category', width: 20 },
  { header: '诉求', key: 'request', width: 50 },
  { header: '地址', key: 'address', width: 30 },
  { header: '来电人', key: 'callerName', width: 10 },
  { header: '来电号码', key: 'callerPhone', width: 15 },
  { header: '承办单位', key: 'units', width: 30 },
  { header: '满意度', key: 'satisfaction', width: 10 },
  { header: '工单标记', key: 'flags', width: 20 },
];

function rowOf(ctx: AppContext, actor: Parameters<typeof listCaller>[1], t: ListRow) {
  const caller = listCaller(ctx, actor, t);
  return {
    number: t.number,
    createdAt: formatInstant(t.created_at.getTime()).slice(0, 16).replace('T', ' '),
    channel: CHANNEL_LABELS[t.channel as Channel] ?? t.channel,
    type: TICKET_TYPE_LABELS[t.type as TicketType] ?? t.type,
    status: TICKET_STATUS_LABELS[t.status as TicketStatus] ?? t.status,
    category: t.category ?? '',
    request: t.title ? `${t.title}：${t.excerpt}` : t.excerpt,
    address: t.address ?? '',
    callerName: caller?.name ?? '',
    callerPhone: caller?.phone ?? '',
    units: t.units ?? '',
    satisfaction: t.satisfaction ? (SATISFACTION_LABELS[t.satisfaction as keyof typeof SATISFACTION_LABELS] ?? t.satisfaction) : '',
    flags: t.flags.map((f) => TICKET_FLAG_LABELS[f as TicketFlag] ?? f).join('、'),
  };
}

/**
 * GET /api/tickets/export.xlsx: the filtered list as the user sees it (the same filters, order and
 * masking), streamed row batch by row batch so a large export never sits in memory. Every export
 * is an audit record: who, the filter (without a phone searched for) and how many rows.
 */
export function ticketExportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/tickets/export.xlsx',
    {
      schema: {
        tags: ['工单'],
        summary: '导出工单查询结果（xlsx；条件同工单列表，来电人按列表规则脱敏；默认最多 10000 件）',
        querystring: listQuerySchema,
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const until = ctx.now();
      const filter: ListFilter = { ...request.query, until };
      const total = await countTickets(ctx, actor, filter);
      const max = exportMaxRows();
      if (total > max) {
        throw invalid(`符合条件的工单共 ${total} 件，超过单次导出上限 ${max} 件：请缩小日期范围或增加筛选条件后再导出`);
      }
      await audit(ctx.db, { action: 'tickets.export', at: ctx.now(), actor, objectType: 'tickets', detail: { filter: recordedFilter(request.query), rows: total } });
      const stream = new PassThrough();
      const book = new (await exceljs()).stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
      const sheet = book.addWorksheet('工单');
      sheet.columns = COLUMNS;
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      const day = formatInstant(until).slice(0, 10).replaceAll('-', '');
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`工单查询-${day}.xlsx`)}`)
        .header('cache-control', 'no-store');
      void (async () => {
        try {
          for await (const rows of ticketBatches(ctx, actor, filter, total)) {
            for (const t of rows) sheet.addRow(rowOf(ctx, actor, t)).commit();
          }
          sheet.commit();
          await book.commit();
        } catch (error) {
          request.log.error({ err: error }, 'ticket export failed');
          stream.destroy(error as Error);
        }
      })();
      return reply.send(stream);
    },
  );
}
