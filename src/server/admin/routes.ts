import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dayFromYmd, formatDay } from '../../core/calendar/civil-date.ts';
import { overrideFromIcs, overrideFromJson, type CalendarOverride } from '../../core/calendar/overrides.ts';
import { CATEGORIES } from '../../core/categories.ts';
import { ROLES } from '../../core/vocabulary.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { conflict, forbidden, invalid } from '../http/errors.ts';
import { uuid } from '../tickets/schemas.ts';
import { announceCalendar, serverCalendar, type CalendarFiles } from './calendar-store.ts';
import { createUser } from '../units/store.ts';

function requireAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw forbidden('只有系统管理员可以进行此操作');
}

export function adminRoutes(app: FastifyInstance, ctx: AppContext, files: CalendarFiles): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/categories', { schema: { tags: ['配置'], summary: '诉求分类（两级）' } }, async () => CATEGORIES);

  r.get(
    '/api/calendar/:year',
    { schema: { tags: ['配置'], summary: '某年的工作日历（每一天，及放假、调休上班、是否暂定）', params: z.object({ year: z.coerce.number().int().min(2004).max(2099) }) } },
    async (request) => {
      const year = request.params.year;
      const summary = ctx.calendar.yearSummary(year);
      const days = [];
      for (let d = dayFromYmd(year, 1, 1); d < dayFromYmd(year + 1, 1, 1); d += 1) {
        const info = ctx.calendar.dayInfo(d);
        days.push({ date: formatDay(d), kind: info.kind, name: info.name });
      }
      return { ...summary, days };
    },
  );

  r.post(
    '/api/admin/calendar',
    {
      schema: {
        tags: ['系统管理'],
        summary: '载入官方放假安排或本地调整（JSON 或 ICS 文本）',
        body: z.union([
          z.object({ format: z.literal('json'), content: z.unknown() }).strict(),
          z.object({ format: z.literal('ics'), content: z.string().max(2_000_000), name: z.string().max(100).optional(), officialYears: z.array(z.number().int().min(2004).max(2099)).default([]) }).strict(),
        ]),
      },
    },
    async (request) => {
      requireAdmin(request.actor!);
      const b = request.body;
      let override: CalendarOverride;
      try {
        override = b.format === 'json' ? overrideFromJson(b.content, '上传的日历') : overrideFromIcs(b.content, { name: b.name ?? '上传的 ICS 日历', officialYears: b.officialYears });
      } catch (error) {
        if (error instanceof z.ZodError) throw error;
        throw invalid((error as Error).message);
      }
      await ctx.db.query('INSERT INTO calendar_overrides (name, content, uploaded_by) VALUES ($1, $2, $3)', [
        override.name,
        JSON.stringify({ officialYears: override.officialYears, days: override.days }),
        request.actor!.id,
      ]);
      // Later clocks use the new calendar at once; running clocks keep the due dates they were given.
      ctx.calendar = await serverCalendar(ctx.db, files);
      // and on every other instance (admin/calendar-store.ts followCalendar)
      await announceCalendar(ctx.db);
      const years = [...new Set(override.days.map((d) => Number(formatDay(d.day).slice(0, 4))))];
      return { name: override.name, days: override.days.length, years, officialYears: override.officialYears };
    },
  );

  r.get('/api/admin/users', { schema: { tags: ['系统管理'], summary: '用户列表' } }, async (request) => {
    requireAdmin(request.actor!);
    const { rows } = await ctx.db.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.roles, u.active, u.default_password AS "defaultPassword",
              (u.totp_secret IS NOT NULL) AS "totpEnabled",
              EXISTS (SELECT 1 FROM login_throttle lt WHERE lt.key = 'account:' || u.username AND lt.locked_until > $1) AS locked,
              un.id AS "unitId", un.name AS "unitName"
         FROM users u JOIN units un ON un.id = u.unit_id WHERE u.kind = 'person' ORDER BY un.path, u.username`,
      [new Date(ctx.now())],
    );
    return rows;
  });

  r.post(
    '/api/admin/users',
    {
      schema: {
        tags: ['系统管理'],
        summary: '新建用户',
        body: z
          .object({
            username: z.string().trim().regex(/^[a-z0-9_.-]{3,32}$/, '用户名为 3–32 位小写字母、数字或 _ . -'),
            displayName: z.string().trim().min(1, '请填写姓名').max(50),
            unitId: uuid,
            roles: z.array(z.enum(ROLES)).min(1, '至少选择一个角色'),
            password: z.string().min(1).max(256),
          })
          .strict(),
      },
    },
    async (request, reply) => {
      requireAdmin(request.actor!);
      const b = request.body;
      const problem = passwordProblem(b.password, b.username);
      if (problem) throw invalid(problem, [{ path: 'password', message: problem }]);
      const unit = await ctx.db.query<{ kind: string }>('SELECT kind FROM units WHERE id = $1', [b.unitId]);
      if (!unit.rows[0]) throw invalid('单位不存在', [{ path: 'unitId', message: '单位不存在' }]);
      const centerOnly = b.roles.filter((r) => !['handler', 'unit_admin', 'kb_editor'].includes(r));
      if (unit.rows[0].kind !== 'center' && centerOnly.length) throw invalid(`承办单位的用户不能担任热线中心角色：${centerOnly.join('、')}`, [{ path: 'roles', message: '角色与单位不符' }]);
      const exists = await ctx.db.query('SELECT 1 FROM users WHERE username = $1', [b.username]);
      if (exists.rows.length) throw conflict('用户名已存在');
      const id = await createUser(ctx.db, { username: b.username, displayName: b.displayName, unitId: b.unitId, roles: b.roles, password: b.password, passwordHash: await hashPassword(b.password) });
      reply.status(201);
      return { id };
    },
  );
  // units: src/server/units/admin-routes.ts

}
