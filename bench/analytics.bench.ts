/**
 * bench:analytics — the indicators at the scale of a province's city (issue 12 §10): N tickets on
 * PostgreSQL (default 1,000,000), and in the same run, p50/p95 of the last full month's scorecard for
 * every unit, the dashboard and the hot issues, read from the rollups (migration 017) against the same
 * answers counted by plain GROUP BY over the base tables, with the answers compared (EQUAL/DIFFERENT);
 * then ticket creation over HTTP (32 concurrent, as bench:intake) with the rollups' upkeep on (triggers,
 * and the fold running every second as the job does) and off (triggers disabled), in turns
 * off, on, on, off: with upkeep ≥ 90% of without is the target.
 *
 *   npm run bench:analytics                         # 1,000,000 tickets, PostgreSQL from BENCH_DATABASE_URL
 *   BENCH_TICKETS=10000000 npm run bench:analytics  # 10 million (about 20 GB of disk while it runs)
 *   BENCH_KEEP=1 … / BENCH_REUSE=<database>         # keep the generated database / measure one kept earlier
 *
 * The database is one of its own (o12345_analytics_<pid>), dropped at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { Pool as HttpPool } from 'undici';
import { dayFromYmd, dayOfInstant, formatDay, ymdFromDay } from '../src/core/calendar/civil-date.ts';
import { dashboard } from '../src/server/analytics/dashboard.ts';
import { hotIssues } from '../src/server/analytics/hot.ts';
import { foldRollups, rebuildRollups } from '../src/server/analytics/rollups/upkeep.ts';
import { scorecard } from '../src/server/analytics/scorecard.ts';
import { postgresDb, type Db } from '../src/server/db/connection.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/seed.ts';
import { generateCity } from './analytics-data.ts';
import { startServer } from './server.ts';

const N = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const FAST_RUNS = Number(process.env.BENCH_RUNS ?? 20);
const REFERENCE_RUNS = Number(process.env.BENCH_REFERENCE_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONCURRENCY = 32;
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;

async function timed<T>(fn: () => Promise<T>, runs: number): Promise<{ p50: number; p95: number; result: T }> {
  let result = await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  return { p50: pct(times, 50), p95: pct(times, 95), result };
}

/** One query both ways: the rollups against the GROUP BY, timed, with the answers compared. */
async function compare(label: string, fn: (reference: boolean) => Promise<unknown>): Promise<boolean> {
  const fast = await timed(() => fn(false), FAST_RUNS);
  const reference = await timed(() => fn(true), REFERENCE_RUNS);
  const equal = isDeepStrictEqual(JSON.parse(JSON.stringify(fast.result)), JSON.parse(JSON.stringify(reference.result)));
  console.log(
    `  ${label.padEnd(34)} rollups p50 ${ms(fast.p50)}  p95 ${ms(fast.p95)}   GROUP BY p50 ${ms(reference.p50)}  p95 ${ms(reference.p95)}   ${(reference.p50 / fast.p50).toFixed(0).padStart(5)}×   ${equal ? 'EQUAL' : 'DIFFERENT'}`,
  );
  return equal && fast.p95 < 1000;
}

interface Run {
  ops: number;
  seconds: number;
  errors: number;
}

/** Ticket creation from 32 keep-alive connections for `seconds`. */
async function createLoad(url: string, cookie: string, n0: number, seconds: number): Promise<Run> {
  const pool = new HttpPool(url, { connections: CONCURRENCY, pipelining: 1, keepAliveTimeout: 30_000 });
  let ops = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = 0; performance.now() < end; i += 1) {
        const k = n0 + w * 100_000 + i;
        const body = {
          channel: 'phone',
          caller: { name: '张三', phone: `139${String(10_000_000 + (k % 89_999_999)).padStart(8, '0')}` },
          content: `解放碑新华路${k}号附近路灯不亮，已经一周了，晚上出行不安全，请尽快维修。`,
          type: 'help',
          category: '城乡建设/路灯照明',
          address: '渝中区解放碑街道新华路',
        };
        const r = await pool.request({ path: '/api/tickets', method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        await r.body.text();
        if (r.statusCode === 201) ops += 1;
        else if ((errors += 1) < 4) console.error(`    error: ${r.statusCode}`);
      }
    }),
  );
  await pool.close();
  return { ops, seconds: (performance.now() - t0) / 1000, errors };
}

const TRIGGERS = `SELECT tgrelid::regclass::text AS tbl, tgname FROM pg_trigger WHERE tgname LIKE 'rollup\\_%' AND NOT tgisinternal`;

/** Intake with the upkeep on and off, in turns off, on, on, off, the same requests and warm-up. */
async function intake(db: Db, url: string): Promise<boolean> {
  const { rows: triggers } = await db.query<{ tbl: string; tgname: string }>(TRIGGERS);
  const upkeep = async (on: boolean) => {
    for (const t of triggers) await db.query(`ALTER TABLE ${t.tbl} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${t.tgname}`);
  };
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent', password: 'demo12345' }) });
  const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
  const started = new Date();
  let n = 1_000_000;
  const runs: Record<'on' | 'off', Run[]> = { on: [], off: [] };
  for (const side of ['warm-off', 'warm-on', 'off', 'on', 'on', 'off'] as const) {
    const on = side.endsWith('on');
    await upkeep(on);
    // with the upkeep on, the fold runs beside the intake every second, as the job would
    let folding = on;
    const job = (async () => {
      while (folding) {
        await foldRollups(db);
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    n += 10_000_000;
    const run = await createLoad(url, cookie, n, side.startsWith('warm') ? 1.5 : SECONDS);
    folding = false;
    await job;
    if (!side.startsWith('warm')) runs[on ? 'on' : 'off'].push(run);
  }
  await upkeep(true);
  const rate = (xs: Run[]) => xs.reduce((t, r) => t + r.ops, 0) / xs.reduce((t, r) => t + r.seconds, 0);
  const [off, on] = [rate(runs.off), rate(runs.on)];
  const errors = [...runs.on, ...runs.off].reduce((t, r) => t + r.errors, 0);
  console.log(`  create over HTTP, upkeep off (triggers disabled) : ${off.toFixed(0).padStart(6)} tickets/s`);
  console.log(`  create over HTTP, upkeep on (triggers + fold 1/s): ${on.toFixed(0).padStart(6)} tickets/s   = ${((on / off) * 100).toFixed(0)}% of off${errors ? `  (${errors} errors)` : ''}`);
  console.log(`  target (on ≥ 90% of off, same run, turns off/on/on/off): ${on / off >= 0.9 ? 'met' : 'NOT met'}`);
  // the tickets made while the upkeep was off are folded in by hand, as a rebuild would
  await db.query(`INSERT INTO rollup_dirty SELECT id FROM tickets WHERE created_at >= $1`, [started]);
  return on / off >= 0.9 && errors === 0;
}

function lastFullMonth(now: number): { from: number; to: number } {
  const { year, month } = ymdFromDay(dayOfInstant(now));
  const first = dayFromYmd(year, month, 1);
  const prev = ymdFromDay(first - 1);
  return { from: dayFromYmd(prev.year, prev.month, 1), to: first - 1 };
}

async function main(): Promise<boolean> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const reuse = process.env.BENCH_REUSE;
  const name = reuse ?? `o12345_analytics_${process.pid}`;
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const now = Date.now();
  let ok = true;
  try {
    if (!reuse) {
      console.log(`bench:analytics — ${N.toLocaleString('en')} tickets on PostgreSQL (database ${name})`);
      await admin.query(`CREATE DATABASE ${name}`);
      const setup = postgresDb(url.toString(), { max: 2 });
      await migrate(setup);
      await seedDemo(setup);
      await setup.query('UPDATE users SET default_password = false');
      await setup.close();
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      const t0 = performance.now();
      await generateCity(c, N, new Date(now), (line) => console.log(line));
      await c.end();
      console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    } else {
      console.log(`bench:analytics — database ${name} as kept by an earlier run`);
    }
    const db = postgresDb(url.toString(), { max: 4 });
    if (!reuse) {
      const t1 = performance.now();
      await rebuildRollups(db);
      console.log(`  rollups built from the base tables in ${((performance.now() - t1) / 1000).toFixed(0)} s`);
    }
    await foldRollups(db);
    const size = await db.query<{ tickets: number; shares: number; clocks: number; rollup: number; facts: string; total: string }>(
      `SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM assignments) AS shares, (SELECT count(*)::int FROM clocks) AS clocks,
              (SELECT count(*)::int FROM share_rollup) AS rollup,
              pg_size_pretty(pg_total_relation_size('share_facts') + pg_total_relation_size('ticket_facts') + pg_total_relation_size('share_rollup')
                             + pg_total_relation_size('dashboard_rollup') + pg_total_relation_size('hot_rollup')) AS facts,
              pg_size_pretty(pg_database_size(current_database())) AS total`,
    );
    const s = size.rows[0]!;
    console.log(`  ${s.tickets.toLocaleString('en')} tickets, ${s.shares.toLocaleString('en')} shares, ${s.clocks.toLocaleString('en')} clocks; rollups and facts ${s.facts} of ${s.total}; share_rollup ${s.rollup.toLocaleString('en')} rows`);

    const month = lastFullMonth(now);
    console.log(`\n  ${formatDay(month.from)} … ${formatDay(month.to)}, ${FAST_RUNS} runs from the rollups and ${REFERENCE_RUNS} by GROUP BY, each after one warm-up:`);
    ok = (await compare("month's scorecard, all units", (reference) => scorecard(db, { ...month, by: 'dispatched', now }, { reference }))) && ok;
    ok = (await compare("month's scorecard by closing", (reference) => scorecard(db, { ...month, by: 'closed', now }, { reference }))) && ok;
    ok = (await compare('dashboard (month, by day)', (reference) => dashboard(db, { ...month, granularity: 'day', now }, { reference }))) && ok;
    ok = (await compare('hot issues (month)', (reference) => hotIssues(db, month, { reference }))) && ok;

    console.log('\n  intake with and without the upkeep (server in its own process, 32 concurrent):');
    const keyDir = mkdtempSync(join(tmpdir(), 'o12345-bench-'));
    const server = await startServer({ DATABASE_URL: url.toString(), ENCRYPTION: 'off', DATA_DIR: keyDir, WEB: 'false' });
    try {
      ok = (await intake(db, server.url)) && ok;
    } finally {
      server.proc.kill('SIGTERM');
      await new Promise((r) => server.proc.once('exit', r));
      rmSync(keyDir, { recursive: true, force: true });
    }
    const later = Date.now();
    const today = { from: dayOfInstant(later), to: dayOfInstant(later) };
    const t2 = performance.now();
    await foldRollups(db);
    console.log(`  folded the intake's tickets in ${(performance.now() - t2).toFixed(0)} ms`);
    ok = (await compare('dashboard (today, after intake)', (reference) => dashboard(db, { ...today, granularity: 'day', now: later }, { reference }))) && ok;
    await db.close();
  } finally {
    if (!reuse && !process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    else console.log(`  kept database ${name}`);
    await admin.end();
  }
  console.log(`\n  targets (p95 < 1 s from the rollups, answers EQUAL, intake ≥ 90%): ${ok ? 'met' : 'NOT met'}`);
  return ok;
}

process.exitCode = (await main()) ? 0 : 1;
