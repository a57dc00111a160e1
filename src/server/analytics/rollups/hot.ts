import type { Queryable } from '../../db/connection.ts';
import { MIN_COUNT, type HotCount, type HotPeriods, type Sample } from '../hot.ts';

/**
 * hotCounts() (hot.ts) from hot_rollup: tickets per day × category × town, summed over the three
 * periods. Call rollupsReady() first. '' in the rollup is the GROUP BY's NULL town.
 */
export async function hotCountsFromRollups(db: Queryable, p: HotPeriods): Promise<HotCount[]> {
  const { rows } = await db.query<HotCount>(
    `SELECT category, NULLIF(place_town, '') AS town,
            COALESCE(sum(n) FILTER (WHERE day BETWEEN $1 AND $2), 0)::int AS count,
            COALESCE(sum(n) FILTER (WHERE day BETWEEN $3 AND $4), 0)::int AS previous,
            COALESCE(sum(n) FILTER (WHERE day BETWEEN $5 AND $6), 0)::int AS last_year
       FROM hot_rollup
      WHERE day BETWEEN $3 AND $2 OR day BETWEEN $5 AND $6
      GROUP BY category, place_town
     HAVING COALESCE(sum(n) FILTER (WHERE day BETWEEN $1 AND $2), 0) >= $7`,
    [p.current.from, p.current.to, p.previous.from, p.previous.to, p.lastYear.from, p.lastYear.to, MIN_COUNT],
  );
  return rows;
}

/**
 * The latest three tickets of a category × town in a period, found through ticket_facts (indexed by
 * category, town and day) rather than through every ticket of the category: the same tickets.
 */
export async function samplesFromRollups(db: Queryable, category: string, town: string | null, p: { from: number; to: number }): Promise<Sample[]> {
  const { rows } = await db.query<Sample>(
    `SELECT t.id, t.number, t.title, left(t.content, 80) AS content
       FROM ticket_facts x JOIN tickets t ON t.id = x.ticket_id
      WHERE x.category = $1 AND ${town === null ? 'x.place_town IS NULL' : 'x.place_town = $4'} AND x.created_day BETWEEN $2 AND $3
      ORDER BY t.created_at DESC, t.number DESC LIMIT 3`,
    town === null ? [category, p.from, p.to] : [category, p.from, p.to, town],
  );
  return rows;
}
