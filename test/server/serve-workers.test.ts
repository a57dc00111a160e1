import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDb } from '../../src/server/db/connection.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { seedDemo } from '../../src/server/demo/seed.ts';
import { newTicket } from '../helpers.ts';
import { serverPort } from '../ports.ts';

/**
 * `serve` with WORKERS (issue 16): several processes on one port. What a user would notice if the
 * workers did not share what they must: a browser connected to one worker missing a change made
 * on another, or a ticket's clock computed with office hours an administrator changed elsewhere.
 */
const BIN = join(import.meta.dirname, '../../bin/open12345.js');
const SERVER = process.env.TEST_DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'o12345-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function serve(env: Record<string, string>): { proc: ChildProcess; up: Promise<string>; exited: Promise<{ code: number | null; out: string }> } {
  const proc = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, HOST: '127.0.0.1', WEB: 'false', JOBS: 'false', DATA_DIR: join(dir, 'data'), ...env } });
  let out = '';
  let markUp: (s: string) => void = () => {};
  const up = new Promise<string>((r) => (markUp = r));
  const onData = (d: Buffer) => {
    out += d.toString();
    // both lines of the start message (they may come in two chunks)
    if (/已启动[\s\S]*时限预设：\S+\n/.test(out)) markUp(out);
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; out: string }>((resolve) =>
    proc.on('exit', (code) => {
      markUp(out);
      resolve({ code, out });
    }),
  );
  return { proc, up, exited };
}

/** The children of a process (Linux /proc): the primary's workers. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const until = async (what: string, check: () => Promise<boolean> | boolean, ms = 20_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (await check()) return;
  throw new Error(`timed out: ${what}`);
};

describe('serve with WORKERS: refused where it cannot work', () => {
  it('says the embedded database is opened by one process', async () => {
    const r = await serve({ WORKERS: '2', PORT: '0' }).exited;
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('WORKERS 大于 1 时须使用 PostgreSQL（DATABASE_URL）');
  });

  it('says what WORKERS takes', async () => {
    const r = await serve({ WORKERS: 'two', PORT: '0' }).exited;
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('WORKERS 应为 1 到 64 之间的整数：two');
  });
});

describe.skipIf(!SERVER)('serve with WORKERS=2 on PostgreSQL', () => {
  const name = `o12345_workers_${randomBytes(4).toString('hex')}`;
  const url = SERVER ? Object.assign(new URL(SERVER), { pathname: `/${name}` }).toString() : '';
  const port = serverPort();
  const base = `http://127.0.0.1:${port}`;
  let server: ReturnType<typeof serve>;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: SERVER });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    const db = postgresDb(url, { max: 2 });
    await migrate(db);
    await seedDemo(db);
    await db.query('UPDATE users SET default_password = false');
    await db.close();
    // 凉山: 派单 within 3 working hours (第十二条（一）), so office hours show in a new ticket's clock
    server = serve({ DATABASE_URL: url, WORKERS: '2', PORT: String(port), POLICY: 'liangshan-2023' });
  }, 120_000);
  afterAll(async () => {
    server?.proc.kill('SIGKILL');
    for (const pid of server ? childrenOf(server.proc.pid!) : []) process.kill(pid, 'SIGKILL');
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  const login = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };
  /** Each its own connection: the primary hands connections to the workers in turn. */
  const connections = (n: number) => Array.from({ length: n }, () => new Client(base, { pipelining: 1 }));
  const register = async (c: Client, cookie: string) => {
    const res = await c.request({ path: '/api/tickets', method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(newTicket()) });
    const body = (await res.body.json()) as { id: string; clocks: Array<{ name: string; dueAt: string }> };
    expect(res.statusCode).toBe(201);
    return body;
  };

  it('starts two workers and says so once', async () => {
    const out = await server.up;
    expect(out).toContain('工作进程：2 个');
    expect(out.match(/已启动/g)).toHaveLength(1);
    expect(childrenOf(server.proc.pid!)).toHaveLength(2);
  }, 120_000);

  it('brings a change to every browser, whichever worker holds its stream', async () => {
    const cookie = await login('dispatcher');
    const heard: Array<Set<string>> = [];
    const streams = Array.from({ length: 4 }, (_, i) => {
      heard[i] = new Set();
      const req = httpRequest(`${base}/api/stream`, { headers: { cookie, accept: 'text/event-stream' }, agent: false }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          for (const m of chunk.matchAll(/event: ticket\ndata: (.*)\n/g)) heard[i]!.add((JSON.parse(m[1]!) as { ticketId: string }).ticketId);
        });
      });
      req.end();
      return req;
    });
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const clients = connections(2);
      const made = [await register(clients[0]!, await login('agent')), await register(clients[1]!, await login('agent'))];
      await Promise.all(clients.map((c) => c.close()));
      await until('every stream heard of both tickets', () => heard.every((h) => made.every((t) => h.has(t.id))));
    } finally {
      streams.forEach((s) => s.destroy());
    }
  }, 60_000);

  it('computes new clocks with the office hours an administrator set on any worker', async () => {
    const agent = await login('agent');
    const clients = connections(4);
    try {
      const dueOf = async (c: Client) => (await register(c, agent)).clocks.find((k) => k.name === 'dispatch')!.dueAt;
      const before = await dueOf(clients[0]!);
      const set = await fetch(`${base}/api/admin/office-hours`, {
        method: 'PUT',
        headers: { cookie: await login('admin'), 'content-type': 'application/json' },
        body: JSON.stringify({ schedules: [{ windows: ['09:00-09:30'] }] }),
      });
      expect(set.status).toBe(200);
      // half an hour a day: three working hours end days later than with the built-in hours
      await until('every worker counts in the new office hours', async () => {
        const dues = await Promise.all(clients.map(dueOf));
        return dues.every((d) => d === dues[0] && d !== before);
      });
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  }, 60_000);

  it('starts a worker again when one dies, and stops them all on SIGTERM', async () => {
    const [first] = childrenOf(server.proc.pid!);
    process.kill(first!, 'SIGKILL');
    await until('a new worker', () => {
      const now = childrenOf(server.proc.pid!);
      return now.length === 2 && !now.includes(first!);
    });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const workers = childrenOf(server.proc.pid!);
    server.proc.kill('SIGTERM');
    const r = await server.exited;
    expect(r.code).toBe(0);
    expect(r.out).toContain('工作进程');
    expect(workers.filter((pid) => readdirSync('/proc').includes(String(pid)))).toEqual([]);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 60_000);
});
