/**
 * bench:intake's measurements (intake.bench.ts): 32 workers for a fixed time, each operation's latency
 * and the CPU of the server under measurement, PostgreSQL and this bench while they ran.
 */
import { performance } from 'node:perf_hooks';
import { cpuSeconds, postgresCpuSeconds } from './load-clients.ts';

export const CONCURRENCY = 32;
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);

export interface Run {
  ops: number;
  seconds: number;
  latencies: number[];
  errors: number;
  /** CPU seconds spent during the run: the app server (none for a ceiling), PostgreSQL (every postgres process; the embedded engine runs inside its host), and this bench's own process */
  cpu: { server: number; pg: number; bench: number };
}

/** The app server under measurement, whose CPU each run counts (null while a ceiling runs). */
export const measured: { serverPid: number | null } = { serverPid: null };
const cpuNow = () => ({ server: measured.serverPid ? (cpuSeconds(measured.serverPid) ?? 0) : 0, pg: postgresCpuSeconds(), bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6 });

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
export const rate = (r: Run) => r.ops / r.seconds;

/** Runs `op` from 32 workers for a fixed time; each op's latency is recorded. */
export async function load(op: (worker: number, i: number) => Promise<void>, seconds = SECONDS): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const c0 = cpuNow();
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
  const wall = (performance.now() - t0) / 1000;
  const c1 = cpuNow();
  return { ops: latencies.length, seconds: wall, latencies, errors, cpu: { server: c1.server - c0.server, pg: c1.pg - c0.pg, bench: c1.bench - c0.bench } };
}

/** Where one operation's CPU went, in ms: the figure that says which process to make cheaper. */
export const cpuPerOp = (r: Run) => {
  const ms = (s: number) => ((s * 1000) / Math.max(1, r.ops)).toFixed(2);
  return `CPU per op: server ${ms(r.cpu.server)} ms, PostgreSQL ${ms(r.cpu.pg)} ms, bench ${ms(r.cpu.bench)} ms`;
};

/** Runs of the same measurement taken together: their operations, time, latencies, errors and CPU. */
export function sumRuns(xs: Run[]): Run {
  return {
    ops: xs.reduce((t, r) => t + r.ops, 0),
    seconds: xs.reduce((t, r) => t + r.seconds, 0),
    latencies: xs.flatMap((r) => r.latencies),
    errors: xs.reduce((t, r) => t + r.errors, 0),
    cpu: { server: xs.reduce((t, r) => t + r.cpu.server, 0), pg: xs.reduce((t, r) => t + r.cpu.pg, 0), bench: xs.reduce((t, r) => t + r.cpu.bench, 0) },
  };
}

/** Every process's CPU per operation: the server's, the database's and this bench's, which share the cores. */
export const cpuMsPerOp = (r: Run) => ((r.cpu.server + r.cpu.pg + r.cpu.bench) * 1000) / Math.max(1, r.ops);

/** A registration as an agent types it (bench:intake and bench:load). */
export function ticketBody(i: number) {
  return {
    channel: 'phone',
    caller: { name: '张三', phone: `138${String(10_000_000 + (i % 89_999_999)).padStart(8, '0')}` },
    content: `解放碑新华路${i}号附近路灯不亮，已经一周了，晚上出行不安全，请尽快维修。`,
    type: 'help',
    address: '渝中区解放碑街道新华路',
  };
}
