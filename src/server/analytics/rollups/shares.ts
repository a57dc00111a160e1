import { EMPTY_COUNTS, type ShareCounts } from '../../../core/analytics/indicators.ts';
import type { Queryable } from '../../db/connection.ts';
import type { CountQuery } from '../counts.ts';
import { periodParts } from './months.ts';
import { SHARE_ROLLUP_COLUMNS } from './upkeep.ts';

const KEYS: Record<string, keyof ShareCounts> = {
  received: 'received',
  returned: 'returned',
  on_time: 'onTime',
  overdue: 'overdue',
  replies: 'replies',
  contacted: 'contacted',
  visits_with_resolution: 'visitsWithResolution',
  resolved: 'resolved',
  extended: 'extended',
  redone: 'redone',
  supervised: 'supervised',
  signed_on_time: 'signedOnTime',
  signed_late: 'signedLate',
};

/** A category the settings exempt from the satisfaction rate: the same test as countShares (counts.ts). */
const EXEMPT = `(category <> '' AND EXISTS (SELECT 1 FROM unnest($4::text[]) p WHERE category LIKE p || '%'))`;

/**
 * countShares() (counts.ts) from share_rollup: the same answers, read from a row per day and unit
 * instead of every share. Call rollupsReady() first. Two things are not in the rollup because they
 * change without any event: the exempt categories (applied here to the rated and satisfied visits
 * kept per unit × category, by month and by day: months.ts) and the clocks that fell past their due
 * since the clock watcher last marked them (corrected for from those clocks alone).
 */
export async function countSharesFromRollups(db: Queryable, q: CountQuery): Promise<Map<string, ShareCounts>> {
  const parts = periodParts(q.from, q.to);
  const day = q.by === 'closed' ? 'f.closed_day' : 'f.dispatched_day';
  const [main, satisfaction, late] = await Promise.all([
    db.query<Record<string, number> & { unit_id: string }>(
      `SELECT unit_id, ${SHARE_ROLLUP_COLUMNS.map(([c]) => `sum(${c})::int AS ${c}`).join(', ')} FROM share_rollup
        WHERE basis = $1 AND day BETWEEN $2 AND $3
        GROUP BY unit_id HAVING sum(received) > 0`,
      [q.by, q.from, q.to],
    ),
    // whole months from their monthly rows, the days at the ends from the daily ones; the exemption
    // is tested once per unit and category, not per row
    db.query<{ unit_id: string; rated: number; satisfied: number }>(
      `SELECT unit_id, COALESCE(sum(rated) FILTER (WHERE NOT ${EXEMPT}), 0)::int AS rated, COALESCE(sum(satisfied) FILTER (WHERE NOT ${EXEMPT}), 0)::int AS satisfied
         FROM (SELECT unit_id, category, sum(rated) AS rated, sum(satisfied) AS satisfied FROM (
                 SELECT unit_id, category, rated, satisfied FROM share_satisfaction_month WHERE basis = $1 AND month = ANY($2::int[])
                 UNION ALL
                 SELECT unit_id, category, rated, satisfied FROM share_satisfaction_rollup WHERE basis = $1 AND day = ANY($3::int[])
                 UNION ALL
                 SELECT unit_id, category, -rated, -satisfied FROM share_satisfaction_rollup WHERE basis = $1 AND day = ANY($5::int[])
               ) x GROUP BY unit_id, category) g
        GROUP BY unit_id`,
      [q.by, parts.months, parts.plus, [...q.exemptCategories], parts.minus],
    ),
    // The rollup counts a share late if a clock of it stopped late or runs on marked overdue. At `now`
    // countShares counts it late if a clock stopped late or runs past its due: the two differ only for
    // the shares of a running clock past its due and not marked yet, or marked and no longer due
    // (indexed: clocks_due, clocks_running_marked). Each such share is counted again, the difference added.
    db.query<{ unit_id: string; overdue: number; on_time: number; signed_late: number; signed_on_time: number }>(
      `WITH b AS (
         SELECT assignment_id FROM clocks
          WHERE status = 'running' AND NOT overdue AND due_at < $3 AND name IN ('handle', 'sign') AND assignment_id IS NOT NULL
         UNION
         SELECT assignment_id FROM clocks
          WHERE status = 'running' AND overdue AND due_at >= $3 AND name IN ('handle', 'sign') AND assignment_id IS NOT NULL
       ),
       d AS (
         SELECT f.unit_id, f.handle_met, f.sign_met,
                (f.handle_overdue OR COALESCE(n.handle, false))::int - (f.handle_overdue OR f.handle_late_running)::int AS handle,
                (f.sign_overdue OR COALESCE(n.sign, false))::int - (f.sign_overdue OR f.sign_late_running)::int AS sign
           FROM b
           -- one share each, looked up by its key (LIMIT keeps the planner from scanning every share instead)
           CROSS JOIN LATERAL (SELECT * FROM share_facts s WHERE s.assignment_id = b.assignment_id LIMIT 1) f
           CROSS JOIN LATERAL (
             SELECT bool_or(k.name = 'handle') AS handle, bool_or(k.name = 'sign') AS sign FROM clocks k
              WHERE k.assignment_id = b.assignment_id AND k.name IN ('handle', 'sign') AND k.status = 'running' AND k.due_at < $3
           ) n
          WHERE f.kept AND ${day} BETWEEN $1 AND $2
       )
       SELECT unit_id,
              COALESCE(sum(handle), 0)::int AS overdue,
              COALESCE(sum(handle) FILTER (WHERE handle_met), 0)::int AS on_time,
              COALESCE(sum(sign), 0)::int AS signed_late,
              COALESCE(sum(sign) FILTER (WHERE sign_met), 0)::int AS signed_on_time
         FROM d GROUP BY unit_id`,
      [q.from, q.to, new Date(q.now)],
    ),
  ]);
  const out = new Map<string, ShareCounts>();
  for (const r of main.rows) {
    const counts = { ...EMPTY_COUNTS };
    for (const [column, key] of Object.entries(KEYS)) counts[key] = Number(r[column]);
    out.set(r.unit_id, counts);
  }
  for (const r of satisfaction.rows) {
    const c = out.get(r.unit_id);
    if (c) Object.assign(c, { rated: r.rated, satisfied: r.satisfied });
    else if (r.rated || r.satisfied) throw new Error(`share_rollup lacks unit ${r.unit_id}: the rollups are behind their facts`);
  }
  for (const r of late.rows) {
    const c = out.get(r.unit_id);
    // a share corrected for was counted in its unit's rollup row, so the unit is there
    if (!c) throw new Error(`share_rollup lacks unit ${r.unit_id}: the rollups are behind their facts`);
    c.overdue += r.overdue;
    c.onTime -= r.on_time;
    c.signedLate += r.signed_late;
    c.signedOnTime -= r.signed_on_time;
  }
  return out;
}
