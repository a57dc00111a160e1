import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/**
 * Starts `open12345 serve` as its own process, as deployed, on a random port with the jobs off, and
 * waits for /healthz (up to 3 minutes: on a busy machine the first start — migrations, demo seed — is slow).
 */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<{ url: string; proc: ChildProcess; readyMs: number }> {
  const spawned = Date.now();
  // below Linux's ephemeral ports (32768–60999): the bench's own 2,000 client sockets take those
  const port = 20000 + Math.floor(Math.random() * 12000);
  const proc = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin/open12345.js'), 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', JOBS: 'false', ...env },
    // stdout unread: a pipe nobody drains would stall the server's request log; BENCH_SERVER_LOG: to that file
    stdio: ['ignore', process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'w') : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 900; i += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, proc, readyMs: Date.now() - spawned };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill();
  throw new Error('server did not start');
}
