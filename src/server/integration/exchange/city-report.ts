import { addCounts, EMPTY_COUNTS } from '../../../core/analytics/indicators.ts';
import { parseMonth } from '../../../core/analytics/periods.ts';
import { dayOfInstant, formatDay, formatInstant, startOfDay, ymdFromDay } from '../../../core/calendar/civil-date.ts';
import type { CityReport } from '../../../core/exchange/indicators.ts';
import { dashboard } from '../../analytics/dashboard.ts';
import { hotIssues } from '../../analytics/hot.ts';
import { scorecard } from '../../analytics/scorecard.ts';
import type { Queryable } from '../../db/connection.ts';

/** The month a Beijing day falls in, as YYYY-MM. */
export function monthOf(day: number): string {
  const { year, month } = ymdFromDay(day);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The month before YYYY-MM. */
export function monthBefore(month: string): string {
  return monthOf(parseMonth(month).from - 1);
}

/**
 * One month of this city's indicators as the province takes them (core/exchange/indicators.ts): the same
 * figures its own leaders read — the dashboard's volume, the scorecard's share counts summed over every unit,
 * the hot issues — up to today while the month runs, whole once it is over. Built field by field from those
 * figures: no ticket, caller, number, content or address is read into it (the hot issues' sample tickets are
 * left behind; a place is the gazetteer's town, not the address).
 */
export async function buildCityReport(db: Queryable, month: string, now: number): Promise<Omit<CityReport, 'messageId'>> {
  const p = parseMonth(month);
  const today = dayOfInstant(now);
  const through = Math.min(p.to, today);
  const q = { from: p.from, to: through };
  const volume = await dashboard(db, { ...q, granularity: 'month', now });
  const card = await scorecard(db, { ...q, by: 'dispatched', now });
  const hot = await hotIssues(db, q);
  const visits = await db.query<{ visited: number; unreachable: number }>(
    `SELECT count(*) FILTER (WHERE closure IN ('normal', 'annotated'))::int AS visited, count(*) FILTER (WHERE closure = 'unreachable')::int AS unreachable
       FROM tickets WHERE closed_at >= $1 AND closed_at < $2`,
    [new Date(startOfDay(q.from)), new Date(startOfDay(q.to + 1))],
  );
  const shares = card.units.reduce((sum, u) => addCounts(sum, u.counts), EMPTY_COUNTS);
  const counted = (rows: Array<{ key: string; count: number }>, max: number, none = '（未填）') => rows.slice(0, max).map((r) => ({ key: (r.key || none).slice(0, 100), count: r.count }));
  return {
    period: month,
    through: formatDay(through),
    complete: today > p.to,
    generatedAt: formatInstant(now),
    tickets: {
      received: volume.trend.reduce((n, b) => n + b.received, 0),
      closed: volume.trend.reduce((n, b) => n + b.closed, 0),
      visited: visits.rows[0]!.visited,
      unreachable: visits.rows[0]!.unreachable,
    },
    shares,
    byType: counted(volume.byType, 20),
    byChannel: counted(volume.byChannel, 20),
    byCategory: counted(volume.byCategory, 20, '（未分类）'),
    byDistrict: counted(volume.byDistrict, 100, '（未派单）'),
    hot: hot.items.map((h) => ({
      category: h.category.slice(0, 100),
      place: h.place?.name.slice(0, 100) ?? null,
      count: h.count,
      previous: h.previous,
      lastYear: h.lastYear,
      pPrevious: h.pPrevious,
      significant: h.significant,
    })),
  };
}
