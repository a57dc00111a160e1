import { dayFromYmd, dayOfInstant, formatDay, startOfDay, weekdayOf, ymdFromDay } from '../../core/calendar/civil-date.ts';
import type { Queryable } from '../db/connection.ts';
import { dutyClock } from '../tickets/clocks.ts';
import { periodVolumesFromRollups } from './rollups/volume.ts';
import { rollupsReady } from './rollups/upkeep.ts';
import type { CountingOptions } from './scorecard.ts';

export type Granularity = 'day' | 'week' | 'month';

export interface DashboardQuery {
  from: number;
  to: number;
  granularity: Granularity;
  now: number;
}

/** The top categories the board shows. */
export const TOP_CATEGORIES = 12;

export interface Count {
  key: string;
  count: number;
}

/** The bucket a Beijing day falls in: itself, its week's Monday, or its month's first day. */
export function bucketOf(day: number, g: Granularity): number {
  if (g === 'day') return day;
  if (g === 'week') return day - ((weekdayOf(day) + 6) % 7);
  const { year, month } = ymdFromDay(day);
  return dayFromYmd(year, month, 1);
}

/** The Beijing day of a timestamp column, as the day numbers of core/calendar (no time-zone data needed). */
const DAY_OF = (col: string) => `floor((extract(epoch FROM ${col}) * 1000 + 28800000) / 86400000)::int`;

/**
 * 数据看板: what the hotline received today and over a period — volume by day, week or month, by
 * type, channel, category and district, and what is overdue or due soon right now (重庆 第二十条
 * 实时监测; 凉山 第十九条). Every figure comes with the filter of the ticket list behind it, so the
 * page can open it.
 */
export async function dashboard(db: Queryable, q: DashboardQuery, options: CountingOptions = {}) {
  const todayStart = new Date(startOfDay(dayOfInstant(q.now)));
  const now = new Date(q.now);
  // today and right now are small (today's tickets, the running clocks): read live, through indexes
  const [today, channelsToday, open] = await Promise.all([
    db.query<{ received: number; dispatched: number }>(
      `SELECT (SELECT count(*)::int FROM tickets WHERE created_at >= $1 AND created_at <= $2) AS received,
              (SELECT count(*)::int FROM assignments WHERE role = 'lead' AND parent_id IS NULL AND created_at >= $1 AND created_at <= $2) AS dispatched`,
      [todayStart, now],
    ),
    db.query<Count>(`SELECT channel AS key, count(*)::int AS count FROM tickets WHERE created_at >= $1 AND created_at <= $2 GROUP BY channel ORDER BY count DESC, key`, [todayStart, now]),
    db.query<{ overdue: number; due_soon: number; open: number }>(
      `SELECT count(DISTINCT c.ticket_id) FILTER (WHERE c.due_at < $1)::int AS overdue,
              count(DISTINCT c.ticket_id) FILTER (WHERE c.due_at >= $1 AND c.soon_at <= $1)::int AS due_soon,
              (SELECT count(*)::int FROM tickets WHERE status IN ('registered', 'dispatched', 'handling', 'reviewing', 'visiting', 'redo')) AS open
         FROM clocks c WHERE c.status = 'running' AND ${dutyClock()}`,
      [now],
    ),
  ]);
  // the period from the rollups (migration 017) when they are up to date, else the GROUP BY
  const v = !options.reference && (await rollupsReady(db)) ? await periodVolumesFromRollups(db, q) : await periodVolumes(db, q);

  // every bucket of the period, empty ones included, so a chart's axis has no gaps
  const buckets = new Map<number, { received: number; closed: number }>();
  for (let d = q.from; d <= q.to; d += 1) buckets.set(bucketOf(d, q.granularity), { received: 0, closed: 0 });
  for (const r of v.trend) {
    const b = buckets.get(bucketOf(r.day, q.granularity));
    if (!b) continue;
    b.received += r.received;
    b.closed += r.closed;
  }
  return {
    today: {
      day: formatDay(dayOfInstant(q.now)),
      received: today.rows[0]!.received,
      dispatched: today.rows[0]!.dispatched,
      byChannel: channelsToday.rows,
    },
    now: { open: open.rows[0]!.open, overdue: open.rows[0]!.overdue, dueSoon: open.rows[0]!.due_soon },
    trend: [...buckets.entries()].map(([day, n]) => ({ start: formatDay(day), ...n })),
    byType: v.byType,
    byChannel: v.byChannel,
    byCategory: v.byCategory,
    byDistrict: v.byDistrict,
  };
}

/** What the dashboard counts over a period: tickets by day registered and closed, and by type, channel, top category and district. */
export interface PeriodVolumes {
  trend: Array<{ day: number; received: number; closed: number }>;
  byType: Count[];
  byChannel: Count[];
  byCategory: Count[];
  byDistrict: Array<Count & { unitId: string | null }>;
}

/**
 * The period's volumes with plain GROUP BYs over the tickets: the definition the rollups are held to
 * (rollups/volume.ts; bench:analytics compares them). Ties are ordered by key, so both agree.
 */
export async function periodVolumes(db: Queryable, q: { from: number; to: number }): Promise<PeriodVolumes> {
  const start = new Date(startOfDay(q.from));
  const end = new Date(startOfDay(q.to + 1));
  const [trend, byType, byChannel, byCategory, byDistrict] = await Promise.all([
    db.query<{ day: number; received: number; closed: number }>(
      `SELECT day, sum(received)::int AS received, sum(closed)::int AS closed FROM (
         SELECT ${DAY_OF('created_at')} AS day, 1 AS received, 0 AS closed FROM tickets WHERE created_at >= $1 AND created_at < $2
         UNION ALL
         SELECT ${DAY_OF('closed_at')}, 0, 1 FROM tickets WHERE closed_at >= $1 AND closed_at < $2
       ) x GROUP BY day ORDER BY day`,
      [start, end],
    ),
    db.query<Count>(`SELECT type AS key, count(*)::int AS count FROM tickets WHERE created_at >= $1 AND created_at < $2 GROUP BY type ORDER BY count DESC, key`, [start, end]),
    db.query<Count>(`SELECT channel AS key, count(*)::int AS count FROM tickets WHERE created_at >= $1 AND created_at < $2 GROUP BY channel ORDER BY count DESC, key`, [start, end]),
    db.query<Count>(
      `SELECT COALESCE(split_part(category, '/', 1), '') AS key, count(*)::int AS count FROM tickets
        WHERE created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY count DESC, key LIMIT ${TOP_CATEGORIES}`,
      [start, end],
    ),
    // the district of the unit leading the ticket (the unit tree's 区县 above it); not dispatched: none
    db.query<Count & { id: string | null }>(
      `SELECT d.id, COALESCE(d.name, '') AS key, count(*)::int AS count
         FROM tickets t
         LEFT JOIN LATERAL (SELECT a.unit_id FROM assignments a WHERE a.ticket_id = t.id AND a.role = 'lead' AND a.parent_id IS NULL AND a.status <> 'returned' ORDER BY a.created_at DESC LIMIT 1) l ON true
         LEFT JOIN units u ON u.id = l.unit_id
         LEFT JOIN units d ON d.kind = 'district' AND u.path LIKE d.path || '%'
        WHERE t.created_at >= $1 AND t.created_at < $2
        GROUP BY d.id, d.name ORDER BY count DESC, key, d.id`,
      [start, end],
    ),
  ]);
  return {
    trend: trend.rows,
    byType: byType.rows,
    byChannel: byChannel.rows,
    byCategory: byCategory.rows,
    byDistrict: byDistrict.rows.map((r) => ({ unitId: r.id, key: r.key, count: r.count })),
  };
}
