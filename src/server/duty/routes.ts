import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dayOfInstant, parseDay, parseInstant, startOfDay } from '../../core/calendar/civil-date.ts';
import type { AppContext } from '../app.ts';
import { requireAdmin } from '../auth/actor.ts';
import { invalid } from '../http/errors.ts';
import { CALENDAR_YEARS, day, instant, uuid, uuidParams } from '../http/schemas.ts';
import { parseUnitHours, setUnitHours } from './hours.ts';
import { dutyNow, rosterOf } from './now.ts';
import {
  checkEntry,
  DUTY_KINDS,
  entryForUpdate,
  insertEntry,
  mayEditRoster,
  presentEntry,
  presentUnitState,
  requireRosterEditor,
  unitForRoster,
  updateEntry,
  type EntryInput,
} from './roster.ts';

const entryBody = z
  .object({
    kind: z.enum(DUTY_KINDS, '类型应为 duty（值班）、leader（领导接听）或 rota（负责人轮值）'),
    name: z.string().trim().min(1, '请填写姓名').max(50, '姓名最多 50 个字'),
    title: z.string().trim().max(50, '职务最多 50 个字').nullish(),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\-() ]{3,30}$/, '联系电话只能含数字、空格和 + - ( )')
      .nullish(),
    startsAt: instant(CALENDAR_YEARS),
    endsAt: instant(CALENDAR_YEARS),
    note: z.string().trim().max(200, '说明最多 200 个字').nullish(),
  })
  .strict();

const toInput = (b: z.infer<typeof entryBody>): EntryInput => {
  const e = { ...b, startsAt: parseInstant(b.startsAt), endsAt: parseInstant(b.endsAt) };
  checkEntry(e);
  return e;
};

const MAX_RANGE_DAYS = 92;

/**
 * 值班表 and a unit's hours: read by every signed-in user (phones masked for other units), kept by
 * the system administrator and each unit's own 单位管理员; a unit's hours set by the administrator.
 */
export function dutyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/duty/now',
    {
      schema: {
        tags: ['值班'],
        summary: '当前值班：所问单位是否在办公时间、谁在值班；全部 24 小时单位和此刻有人值班的单位；今日领导接听与负责人轮值',
        querystring: z
          .object({
            units: z
              .string()
              .max(20 * 37, '最多同时查询 20 个单位')
              .optional()
              .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []))
              .pipe(z.array(uuid).max(20, '最多同时查询 20 个单位')),
          })
          .strict(),
      },
    },
    async (request) => dutyNow(ctx, request.actor!, [...new Set(request.query.units)]),
  );

  r.get(
    '/api/units/:id/roster',
    {
      schema: {
        tags: ['值班'],
        summary: '单位的值班表（默认今天起 31 天）和作息；他单位人员看到的电话已屏蔽',
        params: uuidParams,
        querystring: z.object({ from: day(CALENDAR_YEARS).optional(), to: day(CALENDAR_YEARS).optional() }).strict(),
      },
    },
    async (request) => {
      const actor = request.actor!;
      const unit = await unitForRoster(ctx.db, request.params.id);
      const now = ctx.now();
      const from = request.query.from ? parseDay(request.query.from) : dayOfInstant(now);
      const to = request.query.to ? parseDay(request.query.to) : from + 30;
      if (to < from) throw invalid('结束日期不能早于开始日期', [{ path: 'to', message: '结束日期不能早于开始日期' }]);
      if (to - from >= MAX_RANGE_DAYS) throw invalid(`一次最多查看 ${MAX_RANGE_DAYS} 天`, [{ path: 'to', message: `最多 ${MAX_RANGE_DAYS} 天` }]);
      return {
        unit: { ...presentUnitState(ctx, unit, now), kind: unit.kind, active: unit.active },
        mayEdit: mayEditRoster(actor, unit.id),
        mayEditHours: actor.roles.includes('admin') && unit.kind !== 'center',
        entries: await rosterOf(ctx, actor, unit.id, startOfDay(from), startOfDay(to + 1)),
      };
    },
  );

  r.post(
    '/api/units/:id/roster',
    { schema: { tags: ['值班'], summary: '登记值班、领导接听或负责人轮值（系统管理员，或本单位的单位管理员）', params: uuidParams, body: entryBody } },
    async (request, reply) => {
      const actor = request.actor!;
      const entry = toInput(request.body);
      const presented = await ctx.db.transaction(async (tx) => {
        const unit = await unitForRoster(tx, request.params.id, true);
        requireRosterEditor(actor, unit);
        if (!unit.active) throw invalid(`「${unit.name}」已停用，不再登记值班`);
        const id = await insertEntry(tx, unit.id, entry, actor, ctx.now());
        return presentEntry(actor, await entryForUpdate(tx, id), ctx.now());
      });
      reply.status(201);
      return presented;
    },
  );

  r.put(
    '/api/roster/:id',
    { schema: { tags: ['值班'], summary: '修改一条值班安排', params: uuidParams, body: entryBody } },
    async (request) => {
      const actor = request.actor!;
      const entry = toInput(request.body);
      return ctx.db.transaction(async (tx) => {
        const row = await entryForUpdate(tx, request.params.id);
        requireRosterEditor(actor, { id: row.unit_id, name: row.unit_name });
        await updateEntry(tx, row.id, entry, actor, ctx.now());
        return presentEntry(actor, await entryForUpdate(tx, row.id), ctx.now());
      });
    },
  );

  r.delete(
    '/api/roster/:id',
    { schema: { tags: ['值班'], summary: '删除一条值班安排', params: uuidParams } },
    async (request) => {
      const actor = request.actor!;
      await ctx.db.transaction(async (tx) => {
        const row = await entryForUpdate(tx, request.params.id);
        requireRosterEditor(actor, { id: row.unit_id, name: row.unit_name });
        await tx.query('DELETE FROM duty_entries WHERE id = $1', [row.id]);
      });
      return { ok: true };
    },
  );

  r.put(
    '/api/admin/units/:id/hours',
    {
      schema: {
        tags: ['系统管理'],
        summary: '单位作息：office 按系统办公时段，aroundTheClock 24 小时（按工作小时计的时限昼夜计时），own 本单位办公时段',
        params: uuidParams,
        body: z.unknown(),
      },
    },
    async (request) => {
      requireAdmin(request.actor!);
      const hours = parseUnitHours(request.body);
      const unit = await ctx.db.transaction(async (tx) => {
        await setUnitHours(tx, request.params.id, hours, ctx.now());
        return unitForRoster(tx, request.params.id);
      });
      return presentUnitState(ctx, unit, ctx.now());
    },
  );
}
