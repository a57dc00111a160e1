import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { rebuildRollups } from '../src/server/analytics/rollups/upkeep.ts';
import { postgresDb } from '../src/server/db/connection.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/seed.ts';
import { importEntries } from '../src/server/kb/io.ts';
import { indexClosedTickets } from '../src/server/kb/ticket-index.ts';
import { generateCity } from './analytics-data.ts';
import { kbPadding, readMessages } from './govmsg.ts';

/** bench:load's database: a center with months of history and a full knowledge base, and what took its time. */

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '—');

export async function indexHistory(db: ReturnType<typeof postgresDb>): Promise<void> {
  let n = 0;
  for (let batch = await indexClosedTickets(db, 5000); batch > 0; batch = await indexClosedTickets(db, 5000)) n += batch;
  if (n) console.log(`  ${n.toLocaleString('en')} closed tickets of the history indexed for the agent assist`);
}

export async function setUp(admin: pg.Client, name: string, url: string, sizes: { history: number; kbEntries: number }): Promise<void> {
  await admin.query(`CREATE DATABASE ${name}`);
  const setup = postgresDb(url, { max: 2 });
  await migrate(setup);
  await seedDemo(setup);
  await setup.query('UPDATE users SET default_password = false');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const t0 = performance.now();
  await generateCity(c, sizes.history, new Date(), () => {});
  await c.end();
  await rebuildRollups(setup);
  // A running center indexed its history for the agent assist as each ticket closed; the generated
  // one is indexed here, or the server's job would spend the run catching up (200 per 10 s).
  await indexHistory(setup);
  const messages = readMessages();
  if (messages && sizes.kbEntries > 0) {
    const pad = [...kbPadding(messages, sizes.kbEntries)];
    for (let i = 0; i < pad.length; i += 10_000) await importEntries(setup, pad.slice(i, i + 10_000).join('\n'));
  }
  // as autovacuum leaves a database that has run for months: statistics, and the visibility map an
  // index-only scan needs (the 督办件台账's count, migration 048) — not the state of a bulk load
  await setup.query('VACUUM ANALYZE');
  const { rows } = await setup.query<{ t: number; k: number }>('SELECT (SELECT count(*)::int FROM tickets) AS t, (SELECT count(*)::int FROM kb_entries) AS k');
  console.log(`  ${rows[0]!.t.toLocaleString('en')} tickets of history, ${rows[0]!.k.toLocaleString('en')} knowledge entries, made in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  await setup.close();
}

/**
 * The statements that took the database's time during a hold, where pg_stat_statements is loaded
 * (shared_preload_libraries): planning and execution, the slowest first. Without it, nothing is printed.
 */
export async function topStatements(admin: pg.Client, database: string): Promise<{ print: () => Promise<void> }> {
  try {
    await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await admin.query('SELECT pg_stat_statements_reset()');
  } catch {
    return { print: async () => {} };
  }
  return {
    async print() {
      const { rows } = await admin.query<{ calls: string; total: number; mean: number; max: number; query: string }>(
        `SELECT s.calls::text, s.total_plan_time + s.total_exec_time AS total, s.mean_exec_time AS mean, s.max_exec_time AS max, s.query
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = $1 ORDER BY total DESC LIMIT 10`,
        [database],
      );
      console.log('    the database\'s time by statement (pg_stat_statements: plan + execution):');
      for (const r of rows) {
        console.log(`      ${f0(r.total).padStart(7)} ms ${r.calls.padStart(7)} calls  mean ${r.mean.toFixed(1).padStart(6)} ms  max ${f0(r.max).padStart(5)} ms  ${r.query.replace(/\s+/g, ' ').slice(0, 90)}`);
      }
    },
  };
}

/**
 * Reads the database into PostgreSQL's buffers, as a server that has run for months holds its working
 * set: a bench started on a cold cache measured the disk (a knowledge search's 761 buffer misses took
 * 32 of its 58 ms). Where shared_buffers is smaller than the database (Debian's default is 128 MB,
 * this one about 1.3 GB), the reads keep evicting each other, and the line says so.
 */
export async function warmCache(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const t0 = performance.now();
    const { rows: size } = await c.query<{ db: string; buffers: string }>(
      `SELECT pg_database_size(current_database())::text AS db,
              (SELECT setting::bigint * pg_size_bytes(unit) FROM pg_settings WHERE name = 'shared_buffers')::text AS buffers`,
    );
    const db = Number(size[0]!.db);
    const buffers = Number(size[0]!.buffers);
    let warmed = 0;
    const available = await c
      .query('CREATE EXTENSION IF NOT EXISTS pg_prewarm')
      .then(() => true)
      .catch(() => false);
    if (available) {
      // the biggest last, so that what fits is the many smaller tables and indexes every request reads
      const { rows } = await c.query<{ blocks: number }>(
        `SELECT pg_prewarm(c.oid) AS blocks FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 't', 'm') ORDER BY pg_relation_size(c.oid)`,
      );
      warmed = rows.reduce((s, r) => s + Number(r.blocks), 0) * 8192;
    }
    const mb = (n: number) => `${Math.round(n / 1048576).toLocaleString('en')} MB`;
    const fits = db <= buffers * 0.9 ? 'fits in' : `does not fit in (${Math.round((buffers / db) * 100)} % of it)`;
    console.log(
      `  the database (${mb(db)}) ${fits} PostgreSQL's shared_buffers (${mb(buffers)}); ${available ? `${mb(warmed)} read into them in ${((performance.now() - t0) / 1000).toFixed(0)} s` : 'pg_prewarm is not installed: not warmed'}`,
    );
  } finally {
    await c.end();
  }
}
