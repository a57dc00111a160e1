import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WorkingHours, workingHoursSchema, type WorkingHoursConfig } from '../../core/calendar/working-hours.ts';
import type { AppContext } from '../app.ts';
import { hasRole } from '../auth/actor.ts';
import { forbidden, invalid } from '../http/errors.ts';
import { announceCalendar, officeHours, serverCalendar, type CalendarFiles } from './calendar-store.ts';

/** Checks office hours as WorkingHours reads them (overlapping windows included), with Chinese messages. */
export function parseOfficeHours(input: unknown): WorkingHoursConfig {
  const parsed = workingHoursSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`办公时段有误：${issue.message}`, [{ path: issue.path.join('.'), message: issue.message }]);
  }
  try {
    new WorkingHours(parsed.data);
  } catch (error) {
    throw invalid(`办公时段有误：${(error as Error).message}`);
  }
  return parsed.data;
}

export function officeHoursRoutes(app: FastifyInstance, ctx: AppContext, files: CalendarFiles): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/office-hours', { schema: { tags: ['配置'], summary: '办公时段（按工作小时计的时限只在其中计时）' } }, async () => officeHours(ctx.db, files.hours));

  r.put(
    '/api/admin/office-hours',
    { schema: { tags: ['系统管理'], summary: '设置办公时段（可按季节设置作息）', body: z.unknown() } },
    async (request) => {
      if (!hasRole(request.actor!, 'admin')) throw forbidden('只有系统管理员可以设置办公时段');
      const config = parseOfficeHours(request.body);
      await ctx.db.query(
        `INSERT INTO office_hours (id, config, updated_by, updated_at) VALUES (true, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET config = EXCLUDED.config, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [JSON.stringify(config), request.actor!.id, new Date(ctx.now())],
      );
      ctx.calendar = await serverCalendar(ctx.db, files);
      // and on every other instance (admin/calendar-store.ts followCalendar)
      await announceCalendar(ctx.db);
      return officeHours(ctx.db, files.hours);
    },
  );
}
