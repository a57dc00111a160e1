/**
 * bench:intake — ticket creation over HTTP (keep-alive, 32 concurrent) and the full life
 * (create → dispatch → sign → reply → approve → visit), on embedded PGlite and on PostgreSQL, each
 * beside the ceiling measured in the same run: the same rows inserted with no HTTP (through `pg`
 * for PostgreSQL, PGlite's own client for PGlite). The server runs as its own process, as deployed.
 *
 *   npm run bench:intake                      # both engines; PostgreSQL from BENCH_DATABASE_URL
 *   BENCH_SECONDS=10 npm run bench:intake     # longer runs
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool as HttpPool } from 'undici';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { postgresDb } from '../src/server/db/connection.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/seed.ts';

const CONCURRENCY = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROOT = join(import.meta.dirname, '..');

interface Run {
  ops: number;
  seconds: number;
  latencies: number[];
  errors: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const rate = (r: Run) => r.ops / r.seconds;

/** Runs `op` from 32 workers for a fixed time; each op's latency is recorded. */
async function load(op: (worker: number, i: number) => Promise<void>, seconds = SECONDS): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = 0; performance.now() < end; i += 1) {
        const s = performance.now();
        try {
          await op(w, i);
          latencies.push(performance.now() - s);
        } catch (error) {
          errors += 1;
          if (errors < 4) console.error(`    error: ${(error as Error).message}`);
        }
      }
    }),
  );
  return { ops: latencies.length, seconds: (performance.now() - t0) / 1000, latencies, errors };
}

function ticketBody(i: number) {
  return {
    channel: 'phone',
    caller: { name: '张三', phone: `138${String(10_000_000 + (i % 89_999_999)).padStart(8, '0')}` },
    content: `解放碑新华路${i}号附近路灯不亮，已经一周了，晚上出行不安全，请尽快维修。`,
    type: 'help',
    address: '渝中区解放碑街道新华路',
  };
}

async function startServer(env: Record<string, string>): Promise<{ url: string; proc: ChildProcess }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const proc = spawn(process.execPath, [join(ROOT, 'bin/open12345.js'), 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', JOBS: 'false', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  // up to 3 minutes: on a busy machine the first start (migrations, demo seed) is slow
  for (let i = 0; i < 900; i += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, proc };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill();
  throw new Error('server did not start');
}

async function httpClient(url: string, username: string) {
  const pool = new HttpPool(url, { connections: CONCURRENCY, pipelining: 1, keepAliveTimeout: 30_000 });
  const login = await pool.request({ path: '/api/auth/login', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  await login.body.text();
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await pool.request({ path, method, headers: { cookie, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await r.body.text();
    if (r.statusCode >= 300) throw new Error(`${method} ${path}: ${r.statusCode} ${text.slice(0, 200)}`);
    return JSON.parse(text);
  };
  return { call, close: () => pool.close() };
}

async function measureHttp(url: string) {
  const agent = await httpClient(url, 'agent');
  const dispatcher = await httpClient(url, 'dispatcher');
  const handler = await httpClient(url, 'handler1');
  const visitor = await httpClient(url, 'visitor');
  const units = await agent.call('GET', '/api/units');
  const find = (nodes: Array<{ id: string; name: string; children: never[] }>, name: string): string | undefined => {
    for (const n of nodes) {
      if (n.name === name) return n.id;
      const hit = find(n.children, name);
      if (hit) return hit;
    }
    return undefined;
  };
  const street = find(units, '解放碑街道办事处')!;
  // warm up the server's JIT and caches
  await load((w, i) => agent.call('POST', '/api/tickets', ticketBody(w * 1000 + i)), 1.5);
  const create = await load((w, i) => agent.call('POST', '/api/tickets', ticketBody(w * 100_000 + i)));
  const life = await load(async (w, i) => {
    const t = await agent.call('POST', '/api/tickets', ticketBody(w * 100_000 + i));
    await dispatcher.call('POST', `/api/tickets/${t.id}/actions/dispatch`, { units: [{ unitId: street, role: 'lead' }] });
    await handler.call('POST', `/api/tickets/${t.id}/actions/sign`, {});
    await handler.call('POST', `/api/tickets/${t.id}/actions/reply`, { process: '现场维修', result: '已修复', contacted: true });
    await dispatcher.call('POST', `/api/tickets/${t.id}/actions/approve-completion`, {});
    await visitor.call('POST', `/api/tickets/${t.id}/actions/visit`, { satisfaction: 'satisfied', resolution: 'resolved' });
  });
  for (const c of [agent, dispatcher, handler, visitor]) await c.close();
  return { create, life };
}

/** The ceiling: the rows a registration writes (a ticket and its event), in one transaction each, no HTTP. */
const CEILING_SQL = {
  ticket: `INSERT INTO tickets (number, status, channel, type, urgency, content, address, caller_name, caller_phone, query_code, created_at, updated_at)
           VALUES ($1, 'registered', 'phone', 'help', 'normal', $2, $3, $4, $5, '000000', now(), now()) RETURNING id`,
  event: `INSERT INTO events (ticket_id, action, actor_name, data) VALUES ($1, 'register', 'bench', '{}')`,
};

async function ceilingPostgres(url: string): Promise<Run> {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  const run = await load(async (w, i) => {
    const b = ticketBody(w * 100_000 + i);
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const id = (await c.query(CEILING_SQL.ticket, [`C${w}-${i}`, b.content, b.address, b.caller.name, b.caller.phone])).rows[0].id;
      await c.query(CEILING_SQL.event, [id]);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  });
  await pool.end();
  return run;
}

async function ceilingPglite(dataDir: string): Promise<Run> {
  const db = await PGlite.create({ dataDir });
  const run = await load(async (w, i) => {
    const b = ticketBody(w * 100_000 + i);
    await db.transaction(async (tx) => {
      const id = (await tx.query<{ id: string }>(CEILING_SQL.ticket, [`C${w}-${i}`, b.content, b.address, b.caller.name, b.caller.phone])).rows[0]!.id;
      await tx.query(CEILING_SQL.event, [id]);
    });
  });
  await db.close();
  return run;
}

function report(engine: string, http: { create: Run; life: Run }, ceiling: Run, target: boolean) {
  const c = http.create;
  const share = rate(c) / rate(ceiling);
  const p50 = pct(c.latencies, 50);
  const p99 = pct(c.latencies, 99);
  console.log(`\n  ${engine}`);
  console.log(`    ceiling (same rows, no HTTP)      : ${rate(ceiling).toFixed(0).padStart(6)} tickets/s   p50 ${pct(ceiling.latencies, 50).toFixed(1)} ms  p99 ${pct(ceiling.latencies, 99).toFixed(1)} ms`);
  console.log(`    create over HTTP, 32 concurrent   : ${rate(c).toFixed(0).padStart(6)} tickets/s   p50 ${p50.toFixed(1)} ms  p99 ${p99.toFixed(1)} ms   = ${(share * 100).toFixed(0)}% of ceiling${c.errors ? `  (${c.errors} errors)` : ''}`);
  console.log(`    full life (6 requests) over HTTP  : ${rate(http.life).toFixed(0).padStart(6)} lives/s     p50 ${pct(http.life.latencies, 50).toFixed(1)} ms  p99 ${pct(http.life.latencies, 99).toFixed(1)} ms${http.life.errors ? `  (${http.life.errors} errors)` : ''}`);
  if (target) {
    const met = rate(c) >= 500 && p99 < 100 && share >= 0.3;
    console.log(`    target (≥ 500/s, p99 < 100 ms, ≥ 30% of ceiling): ${met ? 'met' : 'NOT met'}`);
    return met && c.errors === 0 && http.life.errors === 0;
  }
  return c.errors === 0 && http.life.errors === 0;
}

/** Everything issue 10 adds to each request that can be switched off (AUDIT; encryption adds its own). */
const SECURITY_OFF: Record<string, string> = { AUDIT: 'false' };

function reportSecurity(off: { create: Run; life: Run }, on: { create: Run; life: Run }): boolean {
  const share = rate(on.create) / rate(off.create);
  const lifeShare = rate(on.life) / rate(off.life);
  console.log(`    with ${Object.keys(SECURITY_OFF).join(', ')} off              : ${rate(off.create).toFixed(0).padStart(6)} tickets/s   p99 ${pct(off.create.latencies, 99).toFixed(1)} ms; full life ${rate(off.life).toFixed(0)} lives/s`);
  console.log(`    security on / off (same run)      : create ${(share * 100).toFixed(0)}%, full life ${(lifeShare * 100).toFixed(0)}%   target ≥ 80%: ${share >= 0.8 ? 'met' : 'NOT met'}`);
  return share >= 0.8;
}

console.log(`bench:intake — ${CONCURRENCY} concurrent keep-alive connections, ${SECONDS} s per measurement, server in its own process`);
let ok = true;

// Embedded PGlite (BENCH_ENGINES=postgres skips it)
if ((process.env.BENCH_ENGINES ?? 'pglite,postgres').includes('pglite')) {
  const dir = mkdtempSync(join(tmpdir(), 'o12345-bench-'));
  const server = await startServer({ DATA_DIR: join(dir, 'app') });
  const http = await measureHttp(server.url);
  server.proc.kill('SIGTERM');
  await new Promise((r) => server.proc.once('exit', r));
  const ceilDir = join(dir, 'ceiling');
  const setup = await PGlite.create({ dataDir: ceilDir });
  await setup.close();
  const { pgliteDb } = await import('../src/server/db/connection.ts');
  const prep = await pgliteDb(ceilDir);
  await migrate(prep);
  await prep.close();
  const ceiling = await ceilingPglite(ceilDir);
  ok = report('PGlite (embedded)', http, ceiling, false) && ok;
  rmSync(dir, { recursive: true, force: true });
}

// PostgreSQL: a fresh database for this run
{
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const name = `o12345_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  try {
    const db = postgresDb(url.toString());
    await migrate(db);
    await seedDemo(db);
    // The server refuses default passwords outside demo mode; the bench accounts are marked changed.
    await db.query('UPDATE users SET default_password = false');
    await db.close();
    // The security features' cost, in the same run: first with them off, then on (as deployed).
    const off = await startServer({ DATABASE_URL: url.toString(), ...SECURITY_OFF });
    const httpOff = await measureHttp(off.url);
    off.proc.kill('SIGTERM');
    await new Promise((r) => off.proc.once('exit', r));
    const server = await startServer({ DATABASE_URL: url.toString() });
    const http = await measureHttp(server.url);
    server.proc.kill('SIGTERM');
    await new Promise((r) => server.proc.once('exit', r));
    const ceiling = await ceilingPostgres(url.toString());
    ok = report('PostgreSQL', http, ceiling, true) && ok;
    ok = reportSecurity(httpOff, http) && ok;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
process.exitCode = ok ? 0 : 1;
