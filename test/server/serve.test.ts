import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverPort } from '../ports.ts';

const BIN = join(import.meta.dirname, '../../bin/open12345.js');
const dir = mkdtempSync(join(tmpdir(), 'o12345-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Running {
  /** Resolves when the server says it is up (or exits first). */
  up: Promise<void>;
  exited: Promise<{ code: number | null; out: string }>;
  stop(): void;
}

function start(env: Record<string, string>): Running {
  // the demo city without its 90 days of history (src/server/demo/history.ts): these tests start the server often
  const p = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, HOST: '127.0.0.1', JOBS: 'false', WEB: 'false', DEMO_HISTORY: 'off', ...env } });
  let out = '';
  let markUp: () => void = () => {};
  const up = new Promise<void>((r) => (markUp = r));
  const onData = (d: Buffer) => {
    out += d.toString();
    if (/已启动/.test(out)) markUp();
  };
  p.stdout.on('data', onData);
  p.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; out: string }>((resolve) =>
    p.on('exit', (code) => {
      markUp();
      resolve({ code, out });
    }),
  );
  return { up, exited, stop: () => p.kill('SIGTERM') };
}

/** Runs `open12345 serve` until it is up (then stops it) or exits by itself. */
async function serve(env: Record<string, string>) {
  const s = start(env);
  await s.up;
  s.stop();
  return s.exited;
}

describe('open12345 serve', () => {
  const port = String(serverPort());
  const dataDir = join(dir, 'data');

  it('seeds the demo city once, holds the data folder, and in production makes default passwords change first', async () => {
    // first start: an empty embedded database gets the demo city and prints the demo accounts
    const r1 = await serve({ PORT: port, DATA_DIR: dataDir });
    expect(r1.out).toContain('演示账号');
    expect(r1.out).toContain('demo12345');

    // a second process on a folder in use is refused; the first one keeps running
    const a = start({ PORT: port, DATA_DIR: dataDir });
    await a.up;
    const b = await start({ PORT: String(serverPort()), DATA_DIR: dataDir }).exited;
    expect(b.code).not.toBe(0);
    expect(b.out).toContain('正被另一个 open12345 进程使用');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    a.stop();
    const ra = await a.exited;
    expect(ra.out).not.toContain('演示账号'); // seeded only once

    // production with accounts still on the demo password: it starts, says which, and such an
    // account can sign in only to change its password
    const prod = start({ PORT: port, DATA_DIR: dataDir, NODE_ENV: 'production' });
    await prod.up;
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent', password: 'demo12345' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const tickets = await fetch(`http://127.0.0.1:${port}/api/tickets`, { headers: { cookie } });
    expect(tickets.status).toBe(403);
    expect(((await tickets.json()) as { error: string }).error).toBe('password_change_required');
    prod.stop();
    const rp = await prod.exited;
    expect(rp.out).toContain('仍在使用系统分配的密码');
    expect(rp.out).toContain('agent');
  }, 180_000);
});
