import { EMPTY_COUNTS, type ShareCounts } from '../../../core/analytics/indicators.ts';
import type { Queryable } from '../../db/connection.ts';
import type { CountQuery } from '../counts.ts';
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
 * change without any event: the exempt categories (applied here to share_satisfaction_rollup, a row
 * per day × unit × category) and the clocks still running past their due at `now` (added from the
 * running clocks).
 */
export async function countSharesFromRollups(db: Queryable, q: CountQuery): Promise<Map<string, ShareCounts>> {
  const [main, satisfaction] = await Promise.all([
    db.query<Record<string, number> & { unit_id: string }>(
      `SELECT unit_id, ${SHARE_ROLLUP_COLUMNS.map(([c]) => `sum(${c})::int AS ${c}`).join(', ')} FROM share_rollup
        WHERE basis = $1 AND day BETWEEN $2 AND $3
        GROUP BY unit_id HAVING sum(received) > 0`,
      [q.by, q.from, q.to],
    ),
    // the exemption is tested once per unit and category, not per row
    db.query<{ unit_id: string; rated: number; satisfied: number }>(
      `SELECT unit_id, COALESCE(sum(rated) FILTER (WHERE NOT ${EXEMPT}), 0)::int AS rated, COALESCE(sum(satisfied) FILTER (WHERE NOT ${EXEMPT}), 0)::int AS satisfied
         FROM (SELECT unit_id, category, sum(rated) AS rated, sum(satisfied) AS satisfied FROM share_satisfaction_rollup
                WHERE basis = $1 AND day BETWEEN $2 AND $3 GROUP BY unit_id, category) g
        GROUP BY unit_id`,
      [q.by, q.from, q.to, [...q.exemptCategories]],
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

  // A share with a clock running past its due is late now: overdue rather than on time (if another
  // handle clock of it was met), as countShares counts it at `now`.
  const day = q.by === 'closed' ? 'f.closed_day' : 'f.dispatched_day';
  const late = await db.query<{ unit_id: string; overdue: number; on_time: number; signed_late: number; signed_on_time: number }>(
    `WITH late AS (
       SELECT assignment_id, bool_or(name = 'handle') AS handle, bool_or(name = 'sign') AS sign
         FROM clocks
        WHERE status = 'running' AND due_at < $3 AND name IN ('handle', 'sign') AND assignment_id IS NOT NULL
        GROUP BY assignment_id
     )
     SELECT f.unit_id,
            count(*) FILTER (WHERE l.handle AND NOT f.handle_overdue)::int AS overdue,
            count(*) FILTER (WHERE l.handle AND NOT f.handle_overdue AND f.handle_met)::int AS on_time,
            count(*) FILTER (WHERE l.sign AND NOT f.sign_overdue)::int AS signed_late,
            count(*) FILTER (WHERE l.sign AND NOT f.sign_overdue AND f.sign_met)::int AS signed_on_time
       FROM late l
       -- one share each, looked up by its key (LIMIT keeps the planner from scanning every share instead)
       CROSS JOIN LATERAL (SELECT * FROM share_facts s WHERE s.assignment_id = l.assignment_id LIMIT 1) f
      WHERE f.kept AND ${day} BETWEEN $1 AND $2
      GROUP BY f.unit_id`,
    [q.from, q.to, new Date(q.now)],
  );
  for (const r of late.rows) {
    const c = out.get(r.unit_id);
    // a late share was counted in its unit's rollup row, so the unit is there
    if (!c) throw new Error(`share_rollup lacks unit ${r.unit_id}: the rollups are behind their facts`);
    c.overdue += r.overdue;
    c.onTime -= r.on_time;
    c.signedLate += r.signed_late;
    c.signedOnTime -= r.signed_on_time;
  }
  return out;
}
