import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { invalid } from '../http/errors.ts';
import type { LiveBus } from '../live/bus.ts';
import { SharedReads } from '../live/shared-reads.ts';
import { countsOf, type ListFilter } from './list.ts';
import { listQuerySchema } from './schemas.ts';

/** At most this many lists a request: a page's tabs, not a report. */
const MAX_LISTS = 10;

const querySchema = z
  .object({
    of: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.string().max(500, '单个列表条件过长')).min(1, '请给出至少一个列表条件').max(MAX_LISTS, `最多同时统计 ${MAX_LISTS} 个列表`)),
  })
  .strict();

/** One list's conditions, written as the list's own query string (`assignmentStatus=dispatched`). */
function filterOf(text: string, index: number): ListFilter {
  const parsed = listQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(text)));
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw invalid(`第 ${index + 1} 个列表条件有误：${first.message}`, parsed.error.issues.map((i) => ({ path: `of[${index}].${i.path.join('.')}`, message: i.message })));
  }
  // a count by the caller's number would tell who called without the search being recorded: 工单查询 only
  if (parsed.data.phone !== undefined) throw invalid('按来电号码查询请使用工单查询', [{ path: `of[${index}].phone`, message: '不支持' }]);
  return parsed.data;
}

/**
 * GET /api/tickets/totals?of=<list query>&of=…: how many tickets each list holds, as GET /api/tickets
 * would count them for this actor, in one request and one statement. A page with tabs asks for the
 * one it shows and the counts of all (pages/unit/UnitInbox.tsx), where it asked for every tab's list.
 */
export function ticketTotalsRoutes(app: FastifyInstance, ctx: AppContext, bus: LiveBus): void {
  // a change brings every clerk's page of a unit back at once, all asking the same (live/shared-reads.ts)
  const shared = new SharedReads<number[]>().follow(app, bus);
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/tickets/totals',
    { schema: { tags: ['工单'], summary: '多个工单列表的条数（按权限过滤，条件同工单列表）', querystring: querySchema } },
    async (request) => {
      const actor = request.actor!;
      const filters = request.query.of.map(filterOf);
      const key = `${actor.isCenter}|${actor.unit.id}|${actor.unit.path}|${[...actor.roles].sort().join(',')}|${JSON.stringify(filters)}`;
      return { totals: await shared.read(key, () => countsOf(ctx, actor, filters)) };
    },
  );
}
