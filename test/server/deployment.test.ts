import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { newTicket } from '../helpers.ts';
import { serverPort } from '../ports.ts';

/**
 * The README's "Deploying on PostgreSQL", command by command, on a database of its own:
 * createdb → admin create → units import → users create → serve (production) → sign in → forced
 * password change → register a ticket → backup → drop → createdb → restore → the ticket is there.
 * Runs only against a real server (TEST_DATABASE_URL; CI's PostgreSQL pass).
 */
const SERVER = process.env.TEST_DATABASE_URL;
const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/open12345.js');
const dir = mkdtempSync(join(tmpdir(), 'o12345-pgdeploy-'));
const dbName = `o12345_deploy_${randomBytes(4).toString('hex')}`;
const databaseUrl = SERVER ? Object.assign(new URL(SERVER), { pathname: `/${dbName}` }).toString() : '';

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const createdb = () => admin(`CREATE DATABASE ${dbName}`);
const dropdb = () => admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (SERVER) await dropdb();
});

/** `DATABASE_URL=… npx open12345 …` as the README writes it. */
async function open12345(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: join(dir, 'data') } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const oneTimePassword = (stdout: string) => /一次性密码：(\S+)/.exec(stdout)?.[1] ?? '';

/** `NODE_ENV=production npm start` on a free port. */
function serve(port: number) {
  const p = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATA_DIR: join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1', WEB: 'false' },
  });
  let out = '';
  const up = new Promise<string>((resolve) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/已启动/.test(out)) resolve(out);
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('exit', () => resolve(out));
  });
  const exited = new Promise<void>((resolve) => p.on('exit', () => resolve()));
  return { up, stop: () => (p.kill('SIGTERM'), exited) };
}

/** A browser's worth of HTTP: one cookie jar. */
function client(base: string) {
  let cookie = '';
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('o12345_sid='));
    if (set) cookie = set;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

describe.skipIf(!SERVER)('a fresh PostgreSQL deployment with the README commands', () => {
  it('admin, units, users, sign-in with a forced password change, a ticket; backup, drop, restore: the ticket is there', async () => {
    await createdb();
    // the data keys first: a production server never makes its own (README: Personal data encrypted at rest)
    const keys = await open12345(['keys', 'init']);
    expect(keys.code, keys.stderr).toBe(0);
    expect((await open12345(['migrate'])).code).toBe(0);
    const made = await open12345(['admin', 'create', '--username', 'admin', '--name', '张管理', '--unit', '示范市12345热线中心']);
    expect(made.code).toBe(0);
    const adminPassword = oneTimePassword(made.stdout);
    expect(adminPassword).toMatch(/^[A-Za-z0-9]{12,}$/);
    expect((await open12345(['units', 'import', join(ROOT, 'examples/units.csv')])).stdout).toContain('新建 11');
    const agentMade = await open12345(['users', 'create', '--username', 'agent01', '--name', '李话务', '--unit', '示范市12345热线中心', '--roles', 'agent']);
    expect(agentMade.code).toBe(0);
    const agentPassword = oneTimePassword(agentMade.stdout);

    const port = serverPort();
    let server = serve(port);
    expect(await server.up).toContain('已启动');
    const base = `http://127.0.0.1:${port}`;

    const asAdmin = client(base);
    expect((await asAdmin('POST', '/api/auth/login', { username: 'admin', password: adminPassword })).status).toBe(200);
    // a one-time password opens nothing but the password change
    const before = await asAdmin('GET', '/api/admin/users');
    expect([before.status, before.body?.error]).toEqual([403, 'password_change_required']);
    expect((await asAdmin('POST', '/api/auth/password', { currentPassword: adminPassword, newPassword: 'Shifan2026Guanli' })).status).toBe(200);
    const users = await asAdmin('GET', '/api/admin/users');
    expect(users.status).toBe(200);
    expect((users.body as { username: string }[]).map((u) => u.username).sort()).toEqual(['admin', 'agent01']);

    const asAgent = client(base);
    expect((await asAgent('POST', '/api/auth/login', { username: 'agent01', password: agentPassword })).status).toBe(200);
    expect((await asAgent('POST', '/api/tickets', newTicket())).status).toBe(403);
    expect((await asAgent('POST', '/api/auth/password', { currentPassword: agentPassword, newPassword: 'Huawu2026Lihua' })).status).toBe(200);
    const created = await asAgent('POST', '/api/tickets', newTicket({ content: '东湖区和平街道安居社区路灯不亮已经一周了' }));
    expect(created.status).toBe(201);
    const { id, number } = created.body as { id: string; number: string };
    await server.stop();

    const backup = await open12345(['backup', '--out', join(dir, 'open12345.dump')]);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain('附件不在其中');
    await dropdb();
    await createdb();
    const restored = await open12345(['restore', join(dir, 'open12345.dump')]);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    // restoring again onto the restored database is refused, not mixed in
    const again = await open12345(['restore', join(dir, 'open12345.dump')]);
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('目标数据库不是空的')]);

    server = serve(port);
    expect(await server.up).toContain('已启动');
    const later = client(base);
    expect((await later('POST', '/api/auth/login', { username: 'agent01', password: 'Huawu2026Lihua' })).status).toBe(200);
    const ticket = await later('GET', `/api/tickets/${id}`);
    expect([ticket.status, ticket.body?.number]).toEqual([200, number]);

    // a reset from the command line ends the running session at once and forces a new password
    const reset = await open12345(['users', 'reset-password', 'agent01']);
    expect(reset.code).toBe(0);
    expect((await later('GET', '/api/me')).status).toBe(401);
    expect((await later('POST', '/api/auth/login', { username: 'agent01', password: 'Huawu2026Lihua' })).status).toBe(401);
    expect((await later('POST', '/api/auth/login', { username: 'agent01', password: oneTimePassword(reset.stdout) })).status).toBe(200);
    expect((await later('GET', `/api/tickets/${id}`)).body?.error).toBe('password_change_required');
    await server.stop();
  }, 600_000);
});
