import type { FastifyInstance } from 'fastify';
import { recordRead } from '../audit/record.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dayOfInstant, formatDay, formatInstant, parseDay, startOfDay } from '../../core/calendar/civil-date.ts';
import { requestText } from '../../core/repeats/index.ts';
import type { AppContext } from '../app.ts';
import { hasRole } from '../auth/actor.ts';
import { forbidden, invalid, notFound } from '../http/errors.ts';
import { ACCESS, ENDED_MESSAGE } from '../../core/access/index.ts';
import { accessTo, requireRead } from '../access/ticket-access.ts';
import { day as realDay } from '../http/schemas.ts';
import { MAX_CONTENT, idParams } from '../tickets/schemas.ts';
import { loadAssignments, type TicketRow } from '../tickets/store.ts';
import { DEFAULT_WINDOW_DAYS, findRepeats } from './find.ts';
import { presentCandidates } from './presenter.ts';
import { repeatsPerMatter } from './reports.ts';

const windowDays = z.coerce.number().int('天数应为整数').min(1, '时间窗口至少 1 天').max(365, '时间窗口不能超过 365 天').optional()
  .describe('向前查找的天数（默认取部署配置 REPEAT_WINDOW_DAYS，30 天）');

const previewSchema = z.object({
  title: z.string().trim().max(200, '标题不能超过 200 字').optional(),
  content: z.string().trim().min(1, '请填写诉求内容').max(MAX_CONTENT, `诉求内容不能超过 ${MAX_CONTENT} 字`),
  callerPhone: z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, '电话号码格式不正确').optional(),
  address: z.string().trim().max(300, '地址不能超过 300 字').optional(),
  windowDays,
}).strict();

const day = realDay();

const reportQuery = z.object({
  from: day.optional().describe('起始日（含），默认为 to 之前 29 天'),
  to: day.optional().describe('截止日（含），默认今天'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).strict();

const REPORT_ROLES = ['supervisor', 'leader', 'analyst', 'admin'] as const;
const PREVIEW_ROLES = ['agent', 'dispatcher', 'admin'] as const;

/** 重复件: earlier tickets of the same matter, while registering and on a ticket; repeats per matter. */
export function repeatRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const window = (days: number | undefined) => days ?? ctx.repeatWindowDays ?? DEFAULT_WINDOW_DAYS;

  r.get(
    '/api/tickets/:id/repeats',
    {
      schema: {
        tags: ['重复件'],
        summary: '可能的重复件：同一来电人，或同一事项（相近内容、同一地点）的较早工单',
        params: idParams,
        querystring: z.object({ windowDays }).strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      const id = request.params.id;
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('工单不存在');
      const [ticketRows, assignments] = await Promise.all([
        ctx.db.query<TicketRow & { subject_path: string | null }>(
          'SELECT t.*, s.path AS subject_path FROM tickets t LEFT JOIN units s ON s.id = t.subject_unit_id WHERE t.id = $1',
          [id],
        ),
        loadAssignments(ctx.db, id),
      ]);
      const ticket = ticketRows.rows[0];
      if (!ticket) throw notFound('工单不存在');
      const access = accessTo(actor, ticket, ticket.subject_path, assignments);
      requireRead(access);
      // Earlier requests of the same caller tell who called: not for a unit whose share ended.
      if (!ACCESS[access.relation].repeats) throw forbidden(ENDED_MESSAGE);
      const days = window(request.query.windowDays);
      const at = ticket.created_at.getTime();
      const candidates = await findRepeats(ctx.db, {
        ticketId: ticket.id,
        text: requestText(ticket.title, ticket.content),
        callerPhoneIdx: ticket.caller_phone_idx,
        address: ticket.address,
        at,
        windowDays: days,
        unitPath: actor.isCenter ? undefined : actor.unit.path,
      });
      const queryCallerHidden = access.callerView === 'hidden';
      const presented = presentCandidates(candidates, actor, { queryCallerHidden, vault: ctx.vault });
      // every read of personal data is an audit record; a unit's also an access-log row (README: 每次单位读取个人信息均留痕)
      const seen = presented.filter((c) => c.callerView !== 'hidden').map((c) => c.ticketId);
      await recordRead(ctx.db, { actor, action: 'read.repeats', ticketIds: seen, at: ctx.now(), detail: { for: ticket.id }, ...(actor.isCenter ? {} : { accessLog: 'view: repeats' }) });
      return { ticketId: ticket.id, windowDays: days, from: formatInstant(at - days * 86_400_000), to: formatInstant(at), candidates: presented };
    },
  );

  r.post(
    '/api/repeats/preview',
    { schema: { tags: ['重复件'], summary: '登记前查重：同一来电人或同一事项的较早工单（不保存）', body: previewSchema } },
    async (request) => {
      const actor = request.actor!;
      if (!actor.isCenter || !hasRole(actor, ...PREVIEW_ROLES)) throw forbidden('只有热线中心的话务员、派单员可以登记前查重');
      const b = request.body;
      const days = window(b.windowDays);
      const at = ctx.now();
      const candidates = await findRepeats(ctx.db, { text: requestText(b.title, b.content), callerPhoneIdx: ctx.vault.phoneIndex(b.callerPhone), address: b.address, at, windowDays: days });
      const presented = presentCandidates(candidates, actor, { queryCallerHidden: false, vault: ctx.vault });
      await recordRead(ctx.db, { actor, action: 'read.repeats', ticketIds: presented.filter((c) => c.callerView !== 'hidden').map((c) => c.ticketId), at });
      return { windowDays: days, from: formatInstant(at - days * 86_400_000), to: formatInstant(at), candidates: presented };
    },
  );

  r.get(
    '/api/reports/repeats',
    { schema: { tags: ['重复件', '报表'], summary: '重复件统计：按事项（原工单）计重复次数，多者在前', querystring: reportQuery } },
    async (request) => {
      const actor = request.actor!;
      if (!actor.isCenter || !hasRole(actor, ...REPORT_ROLES)) throw forbidden('重复件统计仅限热线中心的督办员、领导、分析员和管理员');
      const today = dayOfInstant(ctx.now());
      const to = request.query.to ? parseDay(request.query.to) : today;
      const from = request.query.from ? parseDay(request.query.from) : to - 29;
      if (from > to) throw invalid('起始日不能晚于截止日', [{ path: 'from', message: '晚于 to' }]);
      if (to - from > 366) throw invalid('统计区间不能超过一年', [{ path: 'from', message: '区间过长' }]);
      const items = await repeatsPerMatter(ctx.db, { from: new Date(startOfDay(from)), to: new Date(startOfDay(to + 1)), limit: request.query.limit });
      return { from: formatDay(from), to: formatDay(to), matters: items.length, repeats: items.reduce((n, i) => n + i.repeats, 0), items };
    },
  );
}
