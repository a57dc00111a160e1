import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Agent } from 'undici';

/**
 * The load bench's clients: signed-in people over keep-alive HTTP, and browsers holding a live
 * connection (GET /api/stream, server-sent events).
 */

export class Http {
  private readonly agent: Agent;
  constructor(private readonly base: string, connections = 256) {
    this.agent = new Agent({ connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async login(username: string, password = 'demo12345'): Promise<string> {
    const res = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.77.0.${username.length}` }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }

  /** One request; throws on an answer of 300 or more, with the answer's message. */
  async call(method: 'GET' | 'POST', path: string, opts: { cookie?: string; body?: unknown; ip?: string } = {}): Promise<unknown> {
    const { statusCode, headers, body } = await this.agent.request({
      origin: this.base,
      path,
      method,
      headers: {
        // what every browser asks for: the server compresses its answers as it would for the web
        'accept-encoding': 'gzip, deflate, br',
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.ip ? { 'x-forwarded-for': opts.ip } : {}),
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = decoded(headers['content-encoding'], Buffer.from(await body.arrayBuffer()));
    if (statusCode >= 300) throw new Error(`${method} ${path.split('?')[0]} → ${statusCode} ${text.slice(0, 160)}`);
    return text ? JSON.parse(text) : null;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** An answer's body as a browser reads it, whatever it was compressed with. */
export function decoded(encoding: string | string[] | undefined, raw: Buffer): string {
  if (encoding === 'br') return brotliDecompressSync(raw).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(raw).toString('utf8');
  if (encoding === 'deflate') return inflateSync(raw).toString('utf8');
  return raw.toString('utf8');
}

/** A ticket change as a browser receives it, with when it arrived. */
export type Arrival = (ticketId: string, status: string, at: number, stream: number) => void;

/**
 * `count` browsers with the live stream open, each with one of the given sessions (round robin); every
 * `ticket` event is handed to `onTicket` with the stream's number. Resolves once all are connected.
 */
export async function openStreams(base: string, cookies: string[], count: number, onTicket: Arrival): Promise<{ open: () => number; close: () => void }> {
  const url = new URL('/api/stream', base);
  const requests: ClientRequest[] = [];
  let open = 0;
  const connect = (cookie: string, stream: number) =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { cookie, accept: 'text/event-stream' }, agent: false }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream: ${res.statusCode}`));
          res.resume();
          return;
        }
        open += 1;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!block.startsWith('event: ticket')) continue;
            const data = block.slice(block.indexOf('data: ') + 6);
            const c = JSON.parse(data) as { ticketId: string; status: string };
            onTicket(c.ticketId, c.status, at, stream);
          }
        });
        res.on('close', () => {
          open -= 1;
        });
        resolve();
      });
      req.on('error', reject);
      req.end();
      requests.push(req);
    });
  for (let i = 0; i < count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => connect(cookies[(i + j) % cookies.length]!, i + j)));
  }
  return { open: () => open, close: () => requests.forEach((r) => r.destroy()) };
}

/**
 * CPU seconds (user + system) of a process, from /proc; null where /proc is not there. `reaped`: with
 * its ended children's, which the kernel adds to a parent when it waits for them.
 */
export function cpuSeconds(pid: number, opts: { reaped?: boolean } = {}): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime (and cutime, cstime) in clock ticks, 100 a second
    return (Number(fields[11]) + Number(fields[12]) + (opts.reaped ? Number(fields[13]) + Number(fields[14]) : 0)) / 100;
  } catch {
    return null;
  }
}

/**
 * How long a process's main thread ran and how long it waited, ready, for a core (ms), from
 * /proc/<pid>/task/<pid>/schedstat; null where that is not there. A sampling profiler counts the
 * waits as time in whatever function the thread was in: after a write that wakes PostgreSQL, `writev`.
 */
export function schedule(pid: number): { ranMs: number; waitedMs: number } | null {
  try {
    const [ran, waited] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { ranMs: ran! / 1e6, waitedMs: waited! / 1e6 };
  } catch {
    return null;
  }
}

/** The main threads' schedule of several processes (a server and its workers; PostgreSQL's backends), summed. */
export function scheduleOf(pids: readonly number[]): { ranMs: number; waitedMs: number } {
  return pids.reduce((sum, pid) => {
    const s = schedule(pid);
    return s ? { ranMs: sum.ranMs + s.ranMs, waitedMs: sum.waitedMs + s.waitedMs } : sum;
  }, { ranMs: 0, waitedMs: 0 });
}

/** A process and its children: `serve` with WORKERS is a primary and its workers. */
export function processTree(pid: number): number[] {
  const children = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && parentOf(d) === pid).map(Number);
  return [pid, ...children];
}

function parentOf(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** CPU seconds of a server with its workers (NaN where /proc is not there). */
export function serverCpuSeconds(pid: number): number {
  return processTree(pid).reduce((s, p) => s + (cpuSeconds(p) ?? NaN), 0);
}

/** Resident memory of a server with its workers, MB. */
export function serverRssMb(pid: number): number {
  return processTree(pid).reduce((s, p) => s + (rssMb(p) ?? NaN), 0);
}

export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of the given PostgreSQL backends (the server's connections), or of every postgres
 * process on the machine when none is given (another client's too) — with what the ones that have
 * ended took: the postmaster is charged their CPU when it reaps them. Without it a pool closing idle
 * connections during a run took their whole past CPU off the run's figure (bench:intake's ceiling
 * pool, idle through the lives: a life's PostgreSQL CPU read 3.79 ms, counted whole 14.08 ms).
 */
export function postgresCpuSeconds(pids?: readonly number[]): number {
  if (pids) return pids.reduce((s, pid) => s + (cpuSeconds(pid) ?? 0), 0);
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && commOf(d).startsWith('postgres')).map(Number);
  return all.reduce((s, pid) => s + (cpuSeconds(pid, { reaped: true }) ?? 0), 0);
}

function commOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8');
  } catch {
    return '';
  }
}
