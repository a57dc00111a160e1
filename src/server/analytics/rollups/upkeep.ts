import type { Db, Queryable } from '../../db/connection.ts';

/**
 * Keeps the rollups of migration 017 equal to the base tables. Triggers list every ticket whose
 * counted fields changed in rollup_dirty (no key: concurrent intakes never wait on each other); a
 * fold takes a batch of them off the list and, for each, subtracts what it contributed (its rows in
 * share_facts and ticket_facts) and adds what it contributes now (the views share_facts_source and
 * ticket_facts_source, read from the base tables). Each rollup change is derived from the very rows
 * the same statement removed or wrote, so the rollups always equal the sum of the facts.
 *
 * Folds run one at a time across every server instance (an advisory lock): the job folds on its
 * timer, and a read folds what is still pending before it reads, so answers equal the GROUP BY.
 */

const LOCK = `hashtext('open12345.analytics.rollups')`;
/** Dirty rows taken per transaction. */
const BATCH = 5000;
/** Beyond this many pending changes a read does not wait for the fold: it counts from the base tables. */
export const READ_FOLD_LIMIT = 20_000;

const SHARE_FACT_COLUMNS = [
  'assignment_id', 'ticket_id', 'unit_id', 'dispatched_day', 'closed_day', 'category', 'kept', 'handle_met', 'handle_overdue',
  'sign_met', 'sign_overdue', 'replied', 'contacted', 'has_resolution', 'resolved', 'rated', 'satisfied', 'extended', 'redone', 'supervised',
  'handle_late_running', 'sign_late_running',
].join(', ');
const TICKET_FACT_COLUMNS = 'ticket_id, created_day, closed_day, type, channel, category, top_category, lead_unit_id, place_town';

/**
 * Each share_rollup column and the shares it counts: the conditions of countShares() (counts.ts),
 * with "late" meaning a clock that stopped late or runs on marked overdue by the clock watcher
 * (migration 034). The clocks past their due but not marked yet (or marked but no longer due) are
 * corrected for when the rollup is read (rollups/shares.ts), and so are the exempt categories, which
 * is why rated and satisfied visits are kept per category too (share_satisfaction_rollup, and per
 * month share_satisfaction_month).
 */
export const SHARE_ROLLUP_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['received', 'true'],
  ['returned', 'NOT kept'],
  ['on_time', 'kept AND handle_met AND NOT (handle_overdue OR handle_late_running)'],
  ['overdue', 'kept AND (handle_overdue OR handle_late_running)'],
  ['replies', 'kept AND replied'],
  ['contacted', 'kept AND replied AND contacted'],
  ['visits_with_resolution', 'kept AND has_resolution'],
  ['resolved', 'kept AND resolved'],
  ['extended', 'kept AND extended'],
  ['redone', 'kept AND redone'],
  ['supervised', 'kept AND supervised'],
  ['signed_on_time', 'kept AND sign_met AND NOT (sign_overdue OR sign_late_running)'],
  ['signed_late', 'kept AND (sign_overdue OR sign_late_running)'],
];
const RATED = 'kept AND rated';
const SATISFIED = 'kept AND satisfied';

/**
 * Adds `sign` × the shares in `source` (a table or CTE of share_facts rows) to share_rollup,
 * share_satisfaction_rollup and share_satisfaction_month: three CTEs. Rows are written in day order,
 * so a period's rows lie together.
 */
function shareDeltas(source: string, sign: 1 | -1): string {
  const cols = SHARE_ROLLUP_COLUMNS.map(([c]) => c);
  const count = (cond: string) => `(${sign} * count(*) FILTER (WHERE ${cond}))::int`;
  const keyed = `${source} f CROSS JOIN LATERAL (VALUES ('dispatched', f.dispatched_day), ('closed', f.closed_day)) k (basis, day) WHERE k.day IS NOT NULL`;
  return `shares AS (
      INSERT INTO share_rollup AS r (basis, day, unit_id, ${cols.join(', ')})
      SELECT k.basis, k.day, f.unit_id, ${SHARE_ROLLUP_COLUMNS.map(([, cond]) => count(cond)).join(', ')}
        FROM ${keyed}
       GROUP BY k.basis, k.day, f.unit_id ORDER BY k.basis, k.day
      ON CONFLICT (basis, day, unit_id) DO UPDATE SET ${cols.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')}
      RETURNING 1
    ),
    satisfaction AS (
      INSERT INTO share_satisfaction_rollup AS r (basis, day, unit_id, category, rated, satisfied)
      SELECT k.basis, k.day, f.unit_id, f.category, ${count(RATED)}, ${count(SATISFIED)}
        FROM ${keyed}
       GROUP BY k.basis, k.day, f.unit_id, f.category
      HAVING count(*) FILTER (WHERE ${RATED} OR ${SATISFIED}) > 0
       ORDER BY k.basis, k.day
      ON CONFLICT (basis, day, unit_id, category) DO UPDATE SET rated = r.rated + EXCLUDED.rated, satisfied = r.satisfied + EXCLUDED.satisfied
      RETURNING 1
    ),
    satisfaction_month AS (
      INSERT INTO share_satisfaction_month AS r (basis, month, unit_id, category, rated, satisfied)
      SELECT k.basis, beijing_month(k.day), f.unit_id, f.category, ${count(RATED)}, ${count(SATISFIED)}
        FROM ${keyed}
       GROUP BY k.basis, beijing_month(k.day), f.unit_id, f.category
      HAVING count(*) FILTER (WHERE ${RATED} OR ${SATISFIED}) > 0
       ORDER BY k.basis, beijing_month(k.day)
      ON CONFLICT (basis, month, unit_id, category) DO UPDATE SET rated = r.rated + EXCLUDED.rated, satisfied = r.satisfied + EXCLUDED.satisfied
      RETURNING 1
    )`;
}

/** Adds `sign` × the tickets in `source` (ticket_facts rows) to dashboard_rollup, hot_rollup and hot_month: three CTEs. */
function ticketDeltas(source: string, sign: 1 | -1): string {
  return `dashboard AS (
      INSERT INTO dashboard_rollup AS r (day, dim, key, received, closed)
      SELECT day, dim, key, (${sign} * sum(received))::int, (${sign} * sum(closed))::int FROM (
        SELECT created_day AS day, 'all' AS dim, '' AS key, 1 AS received, 0 AS closed FROM ${source}
        UNION ALL SELECT closed_day, 'all', '', 0, 1 FROM ${source} WHERE closed_day IS NOT NULL
        UNION ALL SELECT created_day, 'type', type, 1, 0 FROM ${source}
        UNION ALL SELECT created_day, 'channel', channel, 1, 0 FROM ${source}
        UNION ALL SELECT created_day, 'category', top_category, 1, 0 FROM ${source}
        UNION ALL SELECT created_day, 'unit', COALESCE(lead_unit_id::text, ''), 1, 0 FROM ${source}
      ) x GROUP BY day, dim, key ORDER BY day
      ON CONFLICT (dim, day, key) DO UPDATE SET received = r.received + EXCLUDED.received, closed = r.closed + EXCLUDED.closed
      RETURNING 1
    ),
    hot AS (
      INSERT INTO hot_rollup AS r (day, category, place_town, n)
      SELECT created_day, category, COALESCE(place_town, ''), (${sign} * count(*))::int FROM ${source}
       WHERE category IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1
      ON CONFLICT (day, category, place_town) DO UPDATE SET n = r.n + EXCLUDED.n
      RETURNING 1
    ),
    hot_month AS (
      INSERT INTO hot_month AS r (month, category, place_town, n)
      SELECT beijing_month(created_day), category, COALESCE(place_town, ''), (${sign} * count(*))::int FROM ${source}
       WHERE category IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1
      ON CONFLICT (month, category, place_town) DO UPDATE SET n = r.n + EXCLUDED.n
      RETURNING 1
    )`;
}

/** Folds the tickets in `ids`: out with what they counted, in with what they count now. */
async function refold(tx: Queryable, ids: string[]): Promise<void> {
  await tx.query(`WITH old AS (DELETE FROM share_facts WHERE ticket_id = ANY($1::uuid[]) RETURNING *), ${shareDeltas('old', -1)} SELECT 1`, [ids]);
  await tx.query(
    `WITH new AS (INSERT INTO share_facts (${SHARE_FACT_COLUMNS}) SELECT ${SHARE_FACT_COLUMNS} FROM share_facts_source WHERE ticket_id = ANY($1::uuid[]) RETURNING *),
     ${shareDeltas('new', 1)} SELECT 1`,
    [ids],
  );
  await tx.query(`WITH old AS (DELETE FROM ticket_facts WHERE ticket_id = ANY($1::uuid[]) RETURNING *), ${ticketDeltas('old', -1)} SELECT 1`, [ids]);
  await tx.query(
    `WITH new AS (INSERT INTO ticket_facts (${TICKET_FACT_COLUMNS}) SELECT ${TICKET_FACT_COLUMNS} FROM ticket_facts_source WHERE ticket_id = ANY($1::uuid[]) RETURNING *),
     ${ticketDeltas('new', 1)} SELECT 1`,
    [ids],
  );
}

async function inTransaction<T>(db: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  // a Db opens its own transaction; a Queryable is a transaction already (the caller's)
  return 'transaction' in db ? (db as Db).transaction(fn) : fn(db);
}

/** One batch off the dirty list, in one transaction. Returns how many dirty rows it took. */
async function foldBatch(db: Queryable, batch: number): Promise<number> {
  return inTransaction(db, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
    const { rows } = await tx.query<{ ticket_id: string; n: number }>(
      `WITH d AS (DELETE FROM rollup_dirty WHERE ctid IN (SELECT ctid FROM rollup_dirty LIMIT $1) RETURNING ticket_id)
       SELECT ticket_id, (SELECT count(*) FROM d)::int AS n FROM d GROUP BY ticket_id`,
      [batch],
    );
    if (!rows.length) return 0;
    await refold(tx, rows.map((r) => r.ticket_id));
    return rows[0]!.n;
  });
}

/**
 * The job: folds pending changes into the rollups, a batch per transaction, until none are left or
 * `budgetMs` has passed (a large backlog, such as the one migration 017 leaves, goes on next round).
 */
export async function foldRollups(db: Queryable, budgetMs = 60_000): Promise<number> {
  const until = Date.now() + budgetMs;
  let taken = 0;
  for (;;) {
    const n = await foldBatch(db, BATCH);
    taken += n;
    if (n < BATCH || Date.now() > until) return taken;
  }
}

/**
 * Before a read: folds the changes pending when the read began, and says whether the rollups now
 * equal the base tables. When a great many are pending (right after the migration, or a large import)
 * the reader counts from the base tables instead of waiting, and the job catches up.
 */
export async function rollupsReady(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM rollup_dirty LIMIT ${READ_FOLD_LIMIT + 1}) d`);
  const pending = rows[0]!.n;
  if (pending > READ_FOLD_LIMIT) return false;
  for (let taken = 0; taken < pending; ) {
    const n = await foldBatch(db, BATCH);
    if (!n) break;
    taken += n;
  }
  return true;
}

/**
 * Recomputes every rollup from the base tables at once (set-based): for a large import, a benchmark,
 * or a repair. Holds the fold lock; writers wait for the TRUNCATE's lock until it commits.
 */
export async function rebuildRollups(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
    await tx.query('TRUNCATE rollup_dirty, share_facts, share_rollup, share_satisfaction_rollup, share_satisfaction_month, ticket_facts, dashboard_rollup, hot_rollup, hot_month');
    await tx.query(`INSERT INTO share_facts (${SHARE_FACT_COLUMNS}) SELECT ${SHARE_FACT_COLUMNS} FROM share_facts_source`);
    await tx.query(`WITH ${shareDeltas('share_facts', 1)} SELECT 1`);
    await tx.query(`INSERT INTO ticket_facts (${TICKET_FACT_COLUMNS}) SELECT ${TICKET_FACT_COLUMNS} FROM ticket_facts_source`);
    await tx.query(`WITH ${ticketDeltas('ticket_facts', 1)} SELECT 1`);
  });
  // the planner's figures for tables that were just filled
  await db.query('VACUUM ANALYZE share_facts, share_rollup, share_satisfaction_rollup, share_satisfaction_month, ticket_facts, dashboard_rollup, hot_rollup, hot_month');
}
