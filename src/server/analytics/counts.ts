import { EMPTY_COUNTS, type ShareCounts } from '../../core/analytics/indicators.ts';
import { startOfDay } from '../../core/calendar/civil-date.ts';
import type { Queryable } from '../db/connection.ts';
import type { TicketFlag } from '../../core/flags/ticket-flags.ts';
import { flagCondition } from '../tickets/flags.ts';

/** Which period a share belongs to: the one it was dispatched in (default), or the one its ticket closed in. */
export type Attribution = 'dispatched' | 'closed';

export interface CountQuery {
  /** Beijing days, both included. */
  from: number;
  to: number;
  by: Attribution;
  /** The app's clock: a clock still running past its due by then counts as overdue. */
  now: number;
  exemptCategories: readonly string[];
  /** Only shares of tickets under this category and/or of units under this unit path (a 专报's matter or place). */
  scope?: ShareScope;
}

export interface ShareScope {
  /** A category and everything under it: 城乡建设 takes 城乡建设/供水. */
  category?: string;
  /** The path of a unit: shares of the units in its subtree. */
  unitPath?: string;
  /** Tickets carrying this flag: 涉企诉求, 国办工单, 领导批示件, 代表委员件 (a 专报 of one kind of request). */
  flag?: TicketFlag;
}

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The scope as SQL on the share `a` and its ticket `t`, its values appended to params. */
function scopeConditions(scope: ShareScope | undefined, params: unknown[]): string {
  const out: string[] = [];
  if (scope?.category) out.push(`t.category LIKE $${params.push(likePrefix(scope.category))}`);
  if (scope?.unitPath) out.push(`EXISTS (SELECT 1 FROM units su WHERE su.id = a.unit_id AND su.path LIKE $${params.push(likePrefix(scope.unitPath))})`);
  if (scope?.flag) out.push(flagCondition([scope.flag]));
  return out.map((c) => ` AND ${c}`).join('');
}

/**
 * The counts behind every indicator, per unit, straight from the base tables (tickets,
 * assignments, clocks) with one GROUP BY. This is the definition the indicators are held to; a
 * faster path must give the same answers (bench:analytics compares them).
 *
 * A share is a top-level 主办 assignment (role lead, no parent): work passed down (下派) stays the
 * dispatched unit's, and 协办/会签 are counted with the lead. Visits and appeals are the ticket's and
 * count for its lead share; the last visit's rating stands (after a redo, the revisit).
 */
export async function countShares(db: Queryable, q: CountQuery): Promise<Map<string, ShareCounts>> {
  const start = new Date(startOfDay(q.from));
  const end = new Date(startOfDay(q.to + 1));
  const period = q.by === 'closed' ? 't.closed_at >= $1 AND t.closed_at < $2' : 'a.created_at >= $1 AND a.created_at < $2';
  const params: unknown[] = [start, end, new Date(q.now), [...q.exemptCategories]];
  const scoped = scopeConditions(q.scope, params);
  const { rows } = await db.query<Record<keyof ShareCounts, number> & { unit_id: string }>(
    `WITH s AS (
       SELECT a.id, a.unit_id, a.status <> 'returned' AS kept, a.status = 'returned' AS returned, a.extension_count, a.replied_at,
              COALESCE((a.reply->>'contacted')::boolean, false) AS contacted,
              t.caller_phone IS NOT NULL AS has_phone, t.satisfaction, t.resolution, t.appeal_status, t.redo_count, t.supervision_count,
              -- an exempt category of the settings, or a ticket the center marked 行政调解类/执法办案类 (重庆 第十四条)
              (t.exempt_kind IS NOT NULL OR (t.category IS NOT NULL AND EXISTS (SELECT 1 FROM unnest($4::text[]) p WHERE t.category LIKE p || '%'))) AS exempt
         FROM assignments a JOIN tickets t ON t.id = a.ticket_id
        WHERE a.role = 'lead' AND a.parent_id IS NULL AND ${period}${scoped}
     ),
     c AS (
       SELECT c.assignment_id,
              bool_or(c.name = 'handle' AND c.status = 'met') AS handle_met,
              bool_or(c.name = 'handle' AND (c.status = 'overdue' OR (c.status = 'running' AND c.due_at < $3))) AS handle_late,
              bool_or(c.name = 'sign' AND c.status = 'met') AS sign_met,
              bool_or(c.name = 'sign' AND (c.status = 'overdue' OR (c.status = 'running' AND c.due_at < $3))) AS sign_late
         FROM clocks c JOIN s ON s.id = c.assignment_id
        WHERE c.name IN ('handle', 'sign')
        GROUP BY c.assignment_id
     )
     SELECT s.unit_id,
            count(*)::int AS received,
            count(*) FILTER (WHERE s.returned)::int AS returned,
            count(*) FILTER (WHERE s.kept AND c.handle_met AND NOT c.handle_late)::int AS "onTime",
            count(*) FILTER (WHERE s.kept AND c.handle_late)::int AS overdue,
            count(*) FILTER (WHERE s.kept AND s.replied_at IS NOT NULL AND s.has_phone)::int AS replies,
            count(*) FILTER (WHERE s.kept AND s.replied_at IS NOT NULL AND s.has_phone AND s.contacted)::int AS contacted,
            count(*) FILTER (WHERE s.kept AND s.resolution IS NOT NULL)::int AS "visitsWithResolution",
            count(*) FILTER (WHERE s.kept AND s.resolution = 'resolved')::int AS resolved,
            count(*) FILTER (WHERE s.kept AND s.satisfaction IS NOT NULL AND NOT s.exempt
                               AND NOT (s.satisfaction = 'dissatisfied' AND s.appeal_status IS NOT DISTINCT FROM 'approved'))::int AS rated,
            count(*) FILTER (WHERE s.kept AND s.satisfaction IN ('satisfied', 'basic') AND NOT s.exempt)::int AS satisfied,
            count(*) FILTER (WHERE s.kept AND s.extension_count > 0)::int AS extended,
            count(*) FILTER (WHERE s.kept AND s.redo_count > 0)::int AS redone,
            count(*) FILTER (WHERE s.kept AND s.supervision_count > 0)::int AS supervised,
            count(*) FILTER (WHERE s.kept AND c.sign_met AND NOT c.sign_late)::int AS "signedOnTime",
            count(*) FILTER (WHERE s.kept AND c.sign_late)::int AS "signedLate"
       FROM s LEFT JOIN c ON c.assignment_id = s.id
      GROUP BY s.unit_id`,
    params,
  );
  const out = new Map<string, ShareCounts>();
  for (const r of rows) {
    const counts = { ...EMPTY_COUNTS };
    for (const k of Object.keys(EMPTY_COUNTS) as Array<keyof ShareCounts>) counts[k] = Number(r[k]);
    out.set(r.unit_id, counts);
  }
  return out;
}
