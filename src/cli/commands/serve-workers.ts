import cluster, { type Worker } from 'node:cluster';
import type { ServerConfig } from '../../server/config.ts';

/**
 * `serve` with WORKERS > 1: several server processes on one port (node:cluster), so that one
 * instance uses more than one core: a server's one thread runs the HTTP parsing, the rows from
 * PostgreSQL and the writes to every live stream (issue 16). On a machine of two cores, shared with
 * the database, a second process did not raise the busy-hour factor held (README, 忙时负载): it is
 * for machines with cores to spare beyond the database's.
 *
 * Nothing the workers share lives in their memory: sessions, API keys and the portal's per-number
 * guess budget are read from the database on each request; live updates, unit presets and the
 * calendar reach every worker by NOTIFY (db/notify.ts, policy/for-unit.ts, admin/calendar-store.ts),
 * as they reach several instances behind one address. The per-address request limits of the portal
 * are per process, as they are per instance.
 */

/** This process's number (1…N) under `serve` with WORKERS; null when it serves alone. */
export function workerNumber(): number | null {
  return cluster.isWorker ? Number(process.env.O12345_WORKER) || null : null;
}

/** How long the workers have to finish their requests and jobs after SIGTERM before they are killed. */
const STOP_GRACE_MS = 30_000;
/** A worker that exits while serving is started again after this pause. */
const RESTART_DELAY_MS = 1_000;

/**
 * The primary: runs `prepare` once (migrations, the data keys, the front-end build — not raced by
 * the workers), starts the workers, says where the platform listens once every worker does, starts
 * again a worker that dies while serving, and on SIGTERM/SIGINT stops them all and exits. The jobs
 * (clock watcher, outbox, webhooks …) run in worker 1 only, and in its successor.
 */
export async function runPrimary(config: ServerConfig, prepare: () => Promise<void>, announce: () => void): Promise<never> {
  await prepare();
  const workers = new Map<number, Worker>();
  const listening = new Set<number>();
  let started = false;
  let stopping = false;

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    if (!workers.size) process.exit(code);
    for (const w of workers.values()) w.process.kill('SIGTERM');
    setTimeout(() => {
      for (const w of workers.values()) w.process.kill('SIGKILL');
      process.exit(code || 1);
    }, STOP_GRACE_MS).unref();
    const finished = () => {
      if (!workers.size) process.exit(code);
    };
    cluster.on('exit', finished);
  };

  const fork = (n: number) => {
    const w = cluster.fork({ O12345_WORKER: String(n), JOBS: n === 1 && config.jobs ? 'true' : 'false' });
    workers.set(n, w);
    w.on('listening', () => {
      listening.add(n);
      if (!started && listening.size === config.workers) {
        started = true;
        announce();
      }
    });
    w.on('exit', (code, signal) => {
      if (workers.get(n) !== w) return;
      workers.delete(n);
      if (stopping) return;
      const how = signal ? `信号 ${signal}` : `退出码 ${code}`;
      if (!started) {
        // a worker that cannot start (a port in use, a bad setting): the others stop and serve fails
        process.stderr.write(`工作进程 ${n} 未能启动（${how}），服务停止\n`);
        stop(1);
        return;
      }
      process.stderr.write(`工作进程 ${n} 意外退出（${how}），${RESTART_DELAY_MS / 1000} 秒后重新启动\n`);
      setTimeout(() => !stopping && fork(n), RESTART_DELAY_MS);
    });
  };

  for (let n = 1; n <= config.workers; n += 1) fork(n);
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  return new Promise<never>(() => {});
}
