import type { Queryable } from '../../db/connection.ts';
import { TOP_CATEGORIES, type Count, type PeriodVolumes } from '../dashboard.ts';

/**
 * periodVolumes() (dashboard.ts) from dashboard_rollup: a row per day and value of one dimension,
 * so a year is a few tens of thousands of rows whatever the volume. Call rollupsReady() first.
 * A value whose tickets all moved elsewhere keeps a row of zeros: left out, as the GROUP BY has none.
 * The district is looked up from the leading unit now, so a change to the unit tree counts at once.
 */
export async function periodVolumesFromRollups(db: Queryable, q: { from: number; to: number }): Promise<PeriodVolumes> {
  const byDim = (dim: string, limit = '') =>
    db.query<Count>(
      `SELECT key, sum(received)::int AS count FROM dashboard_rollup WHERE dim = $1 AND day BETWEEN $2 AND $3
        GROUP BY key HAVING sum(received) > 0 ORDER BY count DESC, key ${limit}`,
      [dim, q.from, q.to],
    );
  const [trend, byType, byChannel, byCategory, byDistrict] = await Promise.all([
    db.query<{ day: number; received: number; closed: number }>(
      `SELECT day, received, closed FROM dashboard_rollup WHERE dim = 'all' AND day BETWEEN $1 AND $2 AND (received <> 0 OR closed <> 0) ORDER BY day`,
      [q.from, q.to],
    ),
    byDim('type'),
    byDim('channel'),
    byDim('category', `LIMIT ${TOP_CATEGORIES}`),
    db.query<Count & { id: string | null }>(
      `SELECT d.id, COALESCE(d.name, '') AS key, sum(r.received)::int AS count
         FROM (SELECT key, sum(received) AS received FROM dashboard_rollup WHERE dim = 'unit' AND day BETWEEN $1 AND $2
                GROUP BY key HAVING sum(received) > 0) r
         LEFT JOIN units u ON u.id = NULLIF(r.key, '')::uuid
         LEFT JOIN units d ON d.kind = 'district' AND u.path LIKE d.path || '%'
        GROUP BY d.id, d.name ORDER BY count DESC, key, d.id`,
      [q.from, q.to],
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
