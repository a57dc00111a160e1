/**
 * The scale half of bench:repeats: 1,000,000 tickets with fingerprints on PostgreSQL, in a schema
 * of its own (dropped afterwards), and the time of one repeat lookup through the server's own
 * findRepeats, beside a primary-key lookup of a ticket measured in the same run (the ceiling).
 *
 * Rows are made in SQL (generate_series), not through the API, so that a million takes a minute:
 * the real messages are fingerprinted in TypeScript and inserted as tickets; the synthetic tickets
 * have random signatures, and one in ten is a variant of a real message (60% of its signature slots
 * and 22% of its bands kept — the rate at which a J ≈ 0.6 near-duplicate keeps a 3-row band), so a
 * lookup meets as many band hits as on a corpus where popular matters come back again and again.
 * It also times the other layout we considered: a GIN index over the integer[] of bands, instead of
 * the one row per (band, ticket) in a b-tree that migration 005 creates.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { postgresDb, type Db } from '../src/server/db/connection.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { DEFAULT_WINDOW_DAYS, FIND_REPEATS_SQL, MAX_TEXT_HITS, findRepeats } from '../src/server/repeats/find.ts';
import { writeFingerprints } from '../src/server/repeats/store.ts';
import type { Message } from './repeats.bench.ts';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 400);
/** The GIN layout takes 5 minutes to build at 1M and 4 s a lookup: measured on request (BENCH_GIN=1). */
const WITH_GIN = process.env.BENCH_GIN === '1';
/** Synthetic tickets spread over this many days before now: a 30-day window holds a third of them. */
const SPREAD_DAYS = 90;
const DAY_MS = 86_400_000;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function timed(label: string, fn: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await fn();
  console.log(`    ${label.padEnd(58)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
}

async function time(n: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(50, n); i += 1) await op(i); // warm the cache and the plans
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    await op(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** A random int4 in SQL. */
const RND = '((random() * 4294967295)::bigint - 2147483648)::int';
/**
 * An int[] literal of n elements written out (ARRAY[e1, e2, …]): evaluated in one expression per
 * row, ten times faster than ARRAY(SELECT … FROM generate_series) with its sub-plan per row.
 */
const arrayOf = (n: number, element: (i: number) => string) => `ARRAY[${Array.from({ length: n }, (_, i) => element(i + 1)).join(', ')}]`;

/** A distinct int4 per (synthetic ticket g, band i): Knuth's multiplicative hash, a bijection mod 2³². */
const bandOf = (i: number) => `(((s.g::bigint * 42 + ${i}) * 2654435761) % 4294967296 - 2147483648)::int`;

async function build(db: Db, messages: Message[], now: number): Promise<string[]> {
  console.log(`\n  building ${TICKETS.toLocaleString('en')} synthetic tickets (${SPREAD_DAYS} days) + ${messages.length} real messages (last 30 days), with fingerprints and band rows`);
  const ids: string[] = [];
  await timed('real messages: tickets, fingerprints, bands (TypeScript)', async () => {
    for (let i = 0; i < messages.length; i += 1000) {
      const chunk = messages.slice(i, i + 1000);
      const at = chunk.map((_, k) => new Date(now - ((i + k) % 29) * DAY_MS - 3_600_000));
      const { rows } = await db.query<{ id: string; created_at: Date; title: string; content: string; caller_phone_idx: string; address: null }>(
        // the caller's id stands in for the blind index (as stored with ENCRYPTION=off)
        `INSERT INTO tickets (number, status, channel, type, title, content, caller_phone_idx, created_at, updated_at)
         SELECT 'R' || x.n, 'registered', 'web', 'complaint', x.title, x.body, x.phone, x.at, x.at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS x(n, title, body, phone, at)
         RETURNING id, created_at, title, content, caller_phone_idx, address`,
        [chunk.map((m) => m.id), chunk.map((m) => m.title), chunk.map((m) => m.body), chunk.map((m) => m.user), at],
      );
      ids.push(...rows.map((r) => r.id));
      await writeFingerprints(db, rows);
    }
  });
  await timed('synthetic tickets (INSERT … SELECT generate_series)', () =>
    db.query(
      `INSERT INTO tickets (number, status, channel, type, content, caller_phone_idx, created_at, updated_at)
       SELECT 'S' || g, 'closed', 'phone', 'help', '合成工单 ' || g, '139' || lpad((g % 400000)::text, 8, '0'), at, at
         FROM generate_series(1, $1::int) g, LATERAL (SELECT $2::timestamptz - (random() + 0 * g) * interval '${SPREAD_DAYS} days' AS at) a`,
      [TICKETS, new Date(now)],
    ));
  // Only variants meet real lookups, so only their signatures need be drawn; the others share one.
  const constant = arrayOf(128, (i) => String((i * 2654435761) % 4294967296 - 2147483648));
  await timed('synthetic fingerprints (1 in 10 a variant of a real message)', () =>
    db.query(
      `WITH seeds AS (SELECT row_number() OVER (ORDER BY ticket_id) - 1 AS k, signature, bands FROM ticket_fingerprints),
            n AS (SELECT count(*) AS c FROM seeds),
            s AS (SELECT t.id, t.created_at, t.caller_phone_idx, substr(t.number, 2)::int AS g FROM tickets t WHERE t.number LIKE 'S%')
       INSERT INTO ticket_fingerprints (ticket_id, created_at, caller_phone_idx, place_address, place_town, signature, bands, version)
       SELECT s.id, s.created_at, s.caller_phone_idx, NULL, NULL,
              CASE WHEN s.g % 10 = 0
                THEN ${arrayOf(128, (i) => `CASE WHEN random() < 0.6 THEN seeds.signature[${i}] ELSE ${RND} END`)}
                ELSE ${constant}::int[] END,
              CASE WHEN s.g % 10 = 0
                THEN ${arrayOf(42, (i) => `CASE WHEN random() < 0.216 THEN seeds.bands[${i}] ELSE ${bandOf(i)} END`)}
                ELSE ${arrayOf(42, bandOf)} END,
              1
         FROM s CROSS JOIN n JOIN seeds ON seeds.k = (s.g / 10) % n.c`,
    ));
  // Bulk load: the b-tree of migration 005 is dropped and built again after the rows (faster than row by row).
  await timed(`band rows (${(TICKETS * 42).toLocaleString('en')}) and their b-tree`, async () => {
    await db.exec('DROP INDEX ticket_bands_band');
    await db.exec(`INSERT INTO ticket_bands (band, created_at, ticket_id)
                   SELECT unnest(f.bands), f.created_at, f.ticket_id FROM ticket_fingerprints f JOIN tickets t ON t.id = f.ticket_id WHERE t.number LIKE 'S%'`);
    await db.exec(`SET maintenance_work_mem = '1GB'; CREATE INDEX ticket_bands_band ON ticket_bands (band, created_at) INCLUDE (ticket_id)`);
  });
  if (WITH_GIN) {
    await timed('the other layout: GIN on ticket_fingerprints.bands', () =>
      db.exec(`SET maintenance_work_mem = '1GB'; CREATE INDEX bench_bands_gin ON ticket_fingerprints USING gin (bands)`));
  }
  await timed('VACUUM ANALYZE', async () => {
    for (const table of ['tickets', 'ticket_fingerprints', 'ticket_bands']) await db.exec(`VACUUM ANALYZE ${table}`);
  });
  return ids;
}

/** The other layout: a GIN index over the integer[] of bands; the same lookup otherwise. */
const GIN_SQL = FIND_REPEATS_SQL.replace(
  /SELECT b\.ticket_id, max\(b\.created_at\) AS at FROM ticket_bands b\s+WHERE b\.band = ANY\(\$1::int\[\]\) AND b\.created_at >= \$3 AND b\.created_at <= \$4\s+GROUP BY b\.ticket_id/,
  `SELECT g.ticket_id, g.created_at FROM ticket_fingerprints g
       WHERE g.bands && $1::int[] AND g.created_at >= $3 AND g.created_at <= $4`,
);
if (GIN_SQL === FIND_REPEATS_SQL) throw new Error('bench: the lookup SQL changed; update GIN_SQL');
/** A GIN lookup scans the table as planned (seconds at 1M): a few suffice to show it. */
const GIN_LOOKUPS = 10;

export async function runScale(messages: Message[]): Promise<void> {
  console.log(`\nLookup latency at ${TICKETS.toLocaleString('en')} tickets on PostgreSQL (${PG_URL.replace(/:[^:@/]*@/, ':***@')})`);
  const schema = `bench_repeats_${randomBytes(4).toString('hex')}`;
  let admin: Db;
  try {
    admin = postgresDb(PG_URL, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
  } catch (error) {
    console.log(`  skipped: PostgreSQL not reachable (${(error as Error).message}); set BENCH_DATABASE_URL`);
    return;
  }
  const db = postgresDb(PG_URL, { searchPath: `${schema},public`, max: 2 });
  try {
    await migrate(db);
    const now = Date.parse('2026-11-30T12:00:00+08:00');
    const realIds = await build(db, messages, now);
    const queries = Array.from({ length: LOOKUPS }, (_, i) => (i * 7919) % messages.length);
    const found: number[] = [];
    const findOne = (windowDays: number) => async (i: number) => {
      const m = messages[queries[i]!]!;
      const candidates = await findRepeats(db, { ticketId: realIds[queries[i]!], text: `${m.title}\n${m.body}`, callerPhoneIdx: m.user, at: now, windowDays });
      if (windowDays === DEFAULT_WINDOW_DAYS) found.push(candidates.length);
    };
    const pk = await time(LOOKUPS, (i) => db.query('SELECT * FROM tickets WHERE id = $1', [realIds[queries[i]!]]));
    const w30 = await time(LOOKUPS, findOne(DEFAULT_WINDOW_DAYS));
    const w90 = await time(LOOKUPS, findOne(SPREAD_DAYS));
    const { rows: inWindow } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_fingerprints WHERE created_at >= $1', [new Date(now - 30 * DAY_MS)]);

    const fpParams = (i: number) => {
      const m = messages[queries[i]!]!;
      return [Array.from(m.bands), Array.from(m.signature), new Date(now - 30 * DAY_MS), new Date(now), m.user, realIds[queries[i]!], MAX_TEXT_HITS, null];
    };
    const bandRows = await time(LOOKUPS, (i) => db.query(FIND_REPEATS_SQL, fpParams(i)));
    const gin = WITH_GIN ? await time(GIN_LOOKUPS, (i) => db.query(GIN_SQL, fpParams(i))) : [];
    if (process.env.BENCH_EXPLAIN) {
      for (const sql of WITH_GIN ? [FIND_REPEATS_SQL, GIN_SQL] : [FIND_REPEATS_SQL]) {
        const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, fpParams(1));
        console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
    }
    const { rows: size } = await db.query<{ gin: string | null; rows: string }>(
      `SELECT pg_size_pretty(pg_relation_size(to_regclass('bench_bands_gin'))) AS gin,
              pg_size_pretty(pg_total_relation_size('ticket_bands')) AS rows`,
    );

    const line = (label: string, xs: number[]) =>
      console.log(`    ${label.padEnd(58)} p50 ${pct(xs, 50).toFixed(2).padStart(6)} ms  p95 ${pct(xs, 95).toFixed(2).padStart(6)} ms   ${(pct(xs, 50) / pct(pk, 50)).toFixed(1).padStart(5)}× / ${(pct(xs, 95) / pct(pk, 95)).toFixed(1).padStart(5)}× the ceiling`);
    console.log(`\n  ${LOOKUPS} lookups, one at a time (${inWindow[0]!.n.toLocaleString('en')} tickets in the 30-day window; ${(found.reduce((a, b) => a + b, 0) / found.length).toFixed(1)} candidates a lookup on average)`);
    line('ceiling: ticket by primary key', pk);
    line('findRepeats, 30-day window (as served)', w30);
    line(`findRepeats, ${SPREAD_DAYS}-day window (all ${TICKETS.toLocaleString('en')} in it)`, w90);
    line('SQL only: band rows + b-tree (migration 005)', bandRows);
    if (WITH_GIN) line(`SQL only: GIN on the bands array (not chosen; ${GIN_LOOKUPS} lookups)`, gin);
    else console.log('    (the GIN layout we did not choose: BENCH_GIN=1 adds it, ~6 more minutes at 1M)');
    console.log(`    size: band rows + b-tree ${size[0]!.rows}${WITH_GIN ? `; GIN index ${size[0]!.gin}` : ''}`);
  } finally {
    await db.close();
    await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
}
