/**
 * bench:analytics's city: N tickets over the year before `end`, written with set-based SQL
 * (generate_series), shaped like a real center — a unit tree of districts, streets and departments,
 * channels and types in the usual proportions, categories skewed towards a few, three tickets in
 * four placed in a town, a surge in the last month, open work in the last days (some of it past its
 * due), returns, extensions, redos, supervision, visits and appeals. Every value is a hash of the
 * ticket's index, so each table is generated on its own, batch by batch, with the same tickets.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { CATEGORIES } from '../src/core/categories.ts';
import { FINGERPRINT_VERSION } from '../src/core/repeats/index.ts';
import { packagedGazetteer } from '../src/core/territory/index.ts';

const FUNCTIONS = `
CREATE FUNCTION bench_rnd(i bigint, salt integer) RETURNS float8 LANGUAGE sql IMMUTABLE AS
$$ SELECT (hashint8(i * 64 + salt) & 2147483647)::float8 / 2147483648 $$;

CREATE FUNCTION bench_base(a bigint, b bigint, t_end timestamptz) RETURNS TABLE (
  i bigint, id uuid, created_at timestamptz, answered boolean, open boolean, closed_at timestamptz, status text,
  dispatched_at timestamptz, signed_at timestamptz, replied_at timestamptz, extended boolean, returned boolean, surge boolean,
  phone text, visited boolean
) LANGUAGE sql STABLE AS $$
  SELECT i, md5('t' || i)::uuid, created_at, answered, open, closed_at, status,
         created_at + interval '20 minutes',
         CASE WHEN status = 'dispatched' OR answered THEN NULL
              ELSE created_at + interval '20 minutes' + CASE WHEN bench_rnd(i, 30) < 0.05 THEN interval '30 hours' ELSE interval '1 hour' END END,
         CASE WHEN answered THEN NULL
              WHEN NOT open THEN created_at + (closed_at - created_at) * 0.8
              WHEN status IN ('reviewing', 'visiting') THEN created_at + (t_end - created_at) * 0.7 END,
         NOT answered AND bench_rnd(i, 23) < 0.04,
         NOT answered AND bench_rnd(i, 24) < 0.03,
         surge,
         CASE WHEN bench_rnd(i, 10) < 0.9 THEN '138' || lpad((i % 100000000)::text, 8, '0') END,
         NOT answered AND NOT open AND bench_rnd(i, 11) < 0.92
    FROM (
      SELECT i, created_at, answered, open, surge,
             CASE WHEN answered THEN created_at + interval '10 minutes' WHEN open THEN NULL
                  ELSE greatest(created_at, least(created_at + (0.5 + power(bench_rnd(i, 4), 2) * 9) * interval '1 day', t_end - interval '1 minute')) END AS closed_at,
             CASE WHEN answered THEN 'closed'
                  WHEN open THEN (ARRAY['dispatched', 'handling', 'reviewing', 'visiting'])[1 + floor(bench_rnd(i, 5) * 4)::int]
                  WHEN age > 30 THEN 'archived' ELSE 'closed' END AS status
        FROM (
          SELECT i, age, t_end - age * interval '1 day' AS created_at, answered,
                 NOT answered AND age < 12 AND bench_rnd(i, 3) < 0.85 - age * 0.07 AS open,
                 age < 30 AND bench_rnd(i, 9) < 0.01 AS surge
            FROM (SELECT i, bench_rnd(i, 1) * 365 AS age, bench_rnd(i, 2) < 0.07 AS answered FROM generate_series(a, b) i) x
        ) y
    ) z
$$;
`;

const pick = (salt: number, param: string) => `(${param})[1 + floor(bench_rnd(b.i, ${salt}) * array_length(${param}, 1))::int]`;

const TICKETS = `
INSERT INTO tickets (id, number, status, channel, type, content, category, caller_name, caller_phone, caller_phone_idx, query_code,
                     satisfaction, resolution, appeal_status, redo_count, supervision_count, created_at, updated_at, closed_at)
SELECT b.id, 'B' || b.i, b.status,
       CASE WHEN r.c < 0.6 THEN 'phone' WHEN r.c < 0.75 THEN 'web' WHEN r.c < 0.87 THEN 'wechat' WHEN r.c < 0.93 THEN 'app'
            WHEN r.c < 0.96 THEN 'mailbox' WHEN r.c < 0.98 THEN 'api' ELSE 'upper_platform' END,
       CASE WHEN r.t < 0.4 THEN 'consultation' WHEN r.t < 0.65 THEN 'help' WHEN r.t < 0.85 THEN 'complaint'
            WHEN r.t < 0.9 THEN 'report' WHEN r.t < 0.97 THEN 'suggestion' ELSE 'praise' END,
       '诉求内容（测试）' || b.i,
       CASE WHEN b.surge THEN '城乡建设/路灯照明' WHEN bench_rnd(b.i, 12) < 0.03 THEN NULL
            ELSE ($4::text[])[1 + floor(power(bench_rnd(b.i, 8), 1.6) * array_length($4::text[], 1))::int] END,
       CASE WHEN b.phone IS NOT NULL THEN '市民' END, b.phone, b.phone, '000000',
       s.satisfaction,
       CASE WHEN b.visited THEN CASE WHEN r.r < 0.85 THEN 'resolved' WHEN r.r < 0.95 THEN 'partly' ELSE 'unresolved' END END,
       CASE WHEN s.satisfaction = 'dissatisfied' AND bench_rnd(b.i, 14) < 0.3 THEN CASE WHEN bench_rnd(b.i, 15) < 0.5 THEN 'approved' ELSE 'rejected' END END,
       CASE WHEN NOT b.answered AND bench_rnd(b.i, 16) < 0.03 THEN 1 ELSE 0 END,
       CASE WHEN NOT b.answered AND bench_rnd(b.i, 17) < 0.02 THEN 1 ELSE 0 END,
       b.created_at, coalesce(b.closed_at, b.created_at), b.closed_at
  FROM bench_base($1, $2, $3) b,
       LATERAL (SELECT bench_rnd(b.i, 6) AS c, bench_rnd(b.i, 7) AS t, bench_rnd(b.i, 13) AS r, bench_rnd(b.i, 18) AS s) r,
       LATERAL (SELECT CASE WHEN b.visited THEN CASE WHEN r.s < 0.8 THEN 'satisfied' WHEN r.s < 0.92 THEN 'basic' ELSE 'dissatisfied' END END AS satisfaction) s`;

const ASSIGNMENTS = `
INSERT INTO assignments (id, ticket_id, unit_id, role, status, signed_at, replied_at, reply, extension_count, created_at)
SELECT md5('a' || b.i)::uuid, b.id, ${pick(20, '$4::uuid[]')}, 'lead',
       CASE b.status WHEN 'dispatched' THEN 'dispatched' WHEN 'handling' THEN 'handling' WHEN 'reviewing' THEN 'replied' ELSE 'completed' END,
       b.signed_at, b.replied_at,
       CASE WHEN b.replied_at IS NOT NULL THEN jsonb_build_object('process', '现场处理', 'result', '已处理', 'contacted', bench_rnd(b.i, 22) < 0.9) END,
       CASE WHEN b.extended THEN 1 ELSE 0 END, b.dispatched_at
  FROM bench_base($1, $2, $3) b WHERE NOT b.answered
UNION ALL
SELECT md5('r' || b.i)::uuid, b.id, ${pick(25, '$4::uuid[]')}, 'lead', 'returned', b.created_at + interval '15 minutes', NULL, NULL, 0, b.created_at + interval '10 minutes'
  FROM bench_base($1, $2, $3) b WHERE b.returned`;

const CLOCKS = `
INSERT INTO clocks (ticket_id, assignment_id, name, started_at, due_at, soon_at, status, overdue, soon_notified, stopped_at, rule, basis)
SELECT b.id, md5('a' || b.i)::uuid, 'handle', b.dispatched_at, d.due, d.due - interval '1 day',
       CASE WHEN b.replied_at IS NULL THEN 'running' WHEN b.replied_at <= d.due THEN 'met' ELSE 'overdue' END,
       coalesce(b.replied_at, $3) > d.due, d.due - interval '1 day' < $3, b.replied_at, 'bench', 'bench'
  FROM bench_base($1, $2, $3) b, LATERAL (SELECT b.dispatched_at + CASE WHEN b.extended THEN 10 ELSE 5 END * interval '1 day' AS due) d
 WHERE NOT b.answered
UNION ALL
SELECT b.id, md5('a' || b.i)::uuid, 'sign', b.dispatched_at, d.due, NULL,
       CASE WHEN b.signed_at IS NULL THEN 'running' WHEN b.signed_at <= d.due THEN 'met' ELSE 'overdue' END,
       coalesce(b.signed_at, $3) > d.due, true, b.signed_at, 'bench', 'bench'
  FROM bench_base($1, $2, $3) b, LATERAL (SELECT b.dispatched_at + interval '1 day' AS due) d
 WHERE NOT b.answered
UNION ALL
SELECT b.id, md5('r' || b.i)::uuid, c.name, b.created_at + interval '10 minutes', b.created_at + interval '5 days', NULL,
       c.status, false, true, b.created_at + interval '2 hours', 'bench', 'bench'
  FROM bench_base($1, $2, $3) b, (VALUES ('handle', 'stopped'), ('sign', 'met')) c (name, status)
 WHERE b.returned`;

const FINGERPRINTS = `
INSERT INTO ticket_fingerprints (ticket_id, created_at, caller_phone_idx, place_address, place_town, signature, bands, version)
SELECT b.id, b.created_at, b.phone, NULL,
       CASE WHEN b.surge THEN ($4::text[])[1] WHEN bench_rnd(b.i, 31) < 0.75 THEN ${pick(32, '$4::text[]')} END,
       '{}', '{}', ${FINGERPRINT_VERSION}
  FROM bench_base($1, $2, $3) b`;

/** About 200 units under the center: 12 districts of 10 streets each, and 60 departments. */
export async function createUnits(c: pg.Client): Promise<string[]> {
  const center = (await c.query<{ id: string; path: string }>(`SELECT id, path FROM units WHERE kind = 'center' ORDER BY created_at LIMIT 1`)).rows[0]!;
  const rows: Array<[string, string | null, string, string, string]> = [];
  const handling: string[] = [];
  for (let d = 1; d <= 12; d += 1) {
    const id = randomUUID();
    const path = `${center.path}${id}/`;
    rows.push([id, center.id, path, `测试第${d}区`, 'district']);
    handling.push(id);
    for (let s = 1; s <= 10; s += 1) {
      const sid = randomUUID();
      rows.push([sid, id, `${path}${sid}/`, `测试第${d}区第${s}街道`, 'street']);
      handling.push(sid);
    }
  }
  for (let k = 1; k <= 60; k += 1) {
    const id = randomUUID();
    rows.push([id, center.id, `${center.path}${id}/`, `测试第${k}局`, 'department']);
    handling.push(id);
  }
  await c.query(
    `INSERT INTO units (id, parent_id, path, name, kind) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), rows.map((r) => r[4])],
  );
  return handling;
}

/**
 * Writes `n` tickets ending at `end` in batches, with triggers and foreign-key checks off for the
 * session (the rollups are then built at once). Reports progress through `say`.
 */
export async function generateCity(c: pg.Client, n: number, end: Date, say: (line: string) => void): Promise<void> {
  await c.query(FUNCTIONS);
  const units = await createUnits(c);
  const categories = [...CATEGORIES.flatMap((top) => (top.children ?? []).map((leaf) => leaf.value)), '行政调解/邻里纠纷', '执法办案/行政执法'];
  const towns = packagedGazetteer().divisions.filter((d) => d.code.length === 9 && d.code.startsWith('50')).slice(0, 150).map((d) => d.code);
  await c.query(`SET session_replication_role = replica`);
  await c.query(`SET synchronous_commit = off`);
  // A bulk load writes the rows first and builds the indexes once after: kept live, every batch paid for
  // random inserts into ever larger indexes (1M: 78 s a batch; at 3.5M, 580 s on a shared machine).
  // Primary keys and unique constraints stay. The queries measured later find the same indexes.
  const { rows: secondary } = await c.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    [['tickets', 'assignments', 'clocks', 'ticket_fingerprints']],
  );
  for (const ix of secondary) await c.query(`DROP INDEX ${ix.name}`);
  const BATCH = 500_000;
  for (let a = 1; a <= n; a += BATCH) {
    const b = Math.min(n, a + BATCH - 1);
    const t0 = Date.now();
    await c.query(TICKETS, [a, b, end, categories]);
    await c.query(ASSIGNMENTS, [a, b, end, units]);
    await c.query(CLOCKS, [a, b, end]);
    await c.query(FINGERPRINTS, [a, b, end, towns]);
    say(`  generated tickets ${a.toLocaleString('en')}–${b.toLocaleString('en')} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const t1 = Date.now();
  await c.query(`SET maintenance_work_mem = '1GB'`);
  for (const ix of secondary) await c.query(ix.def);
  say(`  built ${secondary.length} secondary indexes in ${((Date.now() - t1) / 1000).toFixed(0)} s`);
  await c.query(`SET session_replication_role = origin`);
  // a database in service is vacuumed by autovacuum; the bench's is vacuumed once, as it would be
  await c.query('VACUUM ANALYZE');
}
