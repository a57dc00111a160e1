import type { Queryable } from '../../db/connection.ts';
import { MIN_COUNT, type HotCount, type HotPeriods, type Sample } from '../hot.ts';
import { periodParts } from './months.ts';

/**
 * hotCounts() (hot.ts) from hot_month and hot_rollup: tickets per month or day × category × town,
 * summed over the three periods, whole months from their monthly rows and the days at the ends from
 * the daily ones (months.ts). Call rollupsReady() first. '' in the rollup is the GROUP BY's NULL town.
 */
export async function hotCountsFromRollups(db: Queryable, p: HotPeriods): Promise<HotCount[]> {
  const periods = [p.current, p.previous, p.lastYear].map((x) => periodParts(x.from, x.to));
  const params: unknown[] = [];
  const arg = (days: number[]) => `$${params.push(days)}::int[]`;
  // each row's weight in each period: +1 for a month or a day the period reads, -1 for a day it takes off its month
  const monthWeights = periods.map((x) => `(month = ANY(${arg(x.months)}))::int`);
  const dayWeights = periods.map((x) => `(day = ANY(${arg(x.plus)}))::int - (day = ANY(${arg(x.minus)}))::int`);
  const months = arg(periods.flatMap((x) => x.months));
  const days = arg(periods.flatMap((x) => [...x.plus, ...x.minus]));
  const { rows } = await db.query<HotCount>(
    `SELECT category, NULLIF(place_town, '') AS town,
            COALESCE(sum(n * w0), 0)::int AS count, COALESCE(sum(n * w1), 0)::int AS previous, COALESCE(sum(n * w2), 0)::int AS last_year
       FROM (SELECT category, place_town, n, ${monthWeights.map((w, i) => `${w} AS w${i}`).join(', ')} FROM hot_month WHERE month = ANY(${months})
             UNION ALL
             SELECT category, place_town, n, ${dayWeights.map((w, i) => `${w} AS w${i}`).join(', ')} FROM hot_rollup WHERE day = ANY(${days})) x
      GROUP BY category, place_town
     HAVING COALESCE(sum(n * w0), 0) >= $${params.push(MIN_COUNT)}`,
    params,
  );
  return rows;
}

/**
 * The latest three tickets of a category × town in a period, found through ticket_facts (indexed by
 * category, town and day) rather than through every ticket of the category: the same tickets. Only
 * the days from the third-latest ticket's on are read (the index gives that day at once): the latest
 * three by time lie within them, so a pair of thousands of tickets reads a day's worth, not its month.
 */
export async function samplesFromRollups(db: Queryable, category: string, town: string | null, p: { from: number; to: number }): Promise<Sample[]> {
  const pair = `x.category = $1 AND ${town === null ? 'x.place_town IS NULL' : 'x.place_town = $4'}`;
  const { rows } = await db.query<Sample>(
    `SELECT t.id, t.number, t.title, left(t.content, 80) AS content
       FROM ticket_facts x JOIN tickets t ON t.id = x.ticket_id
      WHERE ${pair} AND x.created_day <= $3
        AND x.created_day >= COALESCE((SELECT x.created_day FROM ticket_facts x WHERE ${pair} AND x.created_day BETWEEN $2 AND $3
                                        ORDER BY x.created_day DESC OFFSET 2 LIMIT 1), $2)
      ORDER BY t.created_at DESC, t.number DESC LIMIT 3`,
    town === null ? [category, p.from, p.to] : [category, p.from, p.to, town],
  );
  return rows;
}
