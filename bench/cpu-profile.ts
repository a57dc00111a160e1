/**
 * A `--cpu-prof` summary for a bench's output (issue 16: where the server's CPU goes): self time by
 * area (our source by folder, each npm package, the garbage collector, node's internals) and the
 * functions that take the most, self and inclusive (ours only for inclusive: the handlers and the
 * helpers they call). Idle time is left out of every share.
 *
 * The profiler samples the clock, not the CPU: "busy" is also the time the thread was ready but
 * waiting for a core, counted in the function it was in. On two cores shared with PostgreSQL that is
 * mostly `writev`: a query's write wakes its backend, which takes the core (issue 16: a knowledge
 * search loop's main thread ran 1,659 ms and waited 583 ms for a core in 5 s, /proc schedstat).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = join(import.meta.dirname, '..');

/** Where a frame's code lives: `src/server/tickets`, an npm package, `node:internal`, or a V8 pseudo-frame. */
export function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  // the embedded engine: PostgreSQL compiled to WebAssembly
  if (url.startsWith('wasm://')) return '(wasm: PGlite)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith('node:')) return path.split('/')[0]!.replace(/^node:internal.*/, 'node:internal');
  const rel = relative(ROOT, path);
  if (rel.startsWith('..')) return path;
  const parts = rel.split('/');
  return parts.slice(0, Math.min(3, parts.length - 1)).join('/') || rel;
}

function label(f: CallFrame): string {
  const file = f.url ? relative(ROOT, f.url.replace(/^file:\/\//, '')).replace(/^.*node_modules\//, '') : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

export interface CpuSummary {
  busyMs: number;
  idleMs: number;
  areas: Array<[string, number]>;
  self: Array<[string, number]>;
  inclusive: Array<[string, number]>;
  /**
   * The longest stretches the thread ran without once going idle: what held every other request
   * waiting (a request's p99 is made there, not in the totals). Each with when it started (ms after
   * the skipped start) and our functions seen most in it, outermost (the task) and innermost (the work).
   */
  stretches: Array<{ ms: number; at: number; outer: string; inner: string }>;
}

/** `skipMs`: the samples of the first milliseconds left out (the server's start, before it served). */
export function summarize(profile: Profile, top = 15, skipMs = 0): CpuSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map<number, number>();
  const ours = (cf: CallFrame) => cf.url.includes('/src/') && !cf.url.includes('node_modules');
  const stretches: CpuSummary['stretches'] = [];
  let open: { ms: number; at: number; outer: Map<string, number>; inner: Map<string, number> } | null = null;
  const most = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '—';
  const close = () => {
    if (open) stretches.push({ ms: open.ms, at: open.at, outer: most(open.outer), inner: most(open.inner) });
    open = null;
  };
  let clock = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    clock += dt;
    if (clock < skipMs) continue;
    const id = profile.samples[i]!;
    selfMs.set(id, (selfMs.get(id) ?? 0) + dt);
    if (byId.get(id)!.callFrame.functionName === '(idle)') {
      close();
      continue;
    }
    open ??= { ms: 0, at: clock - skipMs, outer: new Map(), inner: new Map() };
    open.ms += dt;
    let inner: string | null = null;
    let outer: string | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const cf = byId.get(at)!.callFrame;
      if (!ours(cf)) continue;
      inner ??= label(cf);
      outer = label(cf);
    }
    if (inner) open.inner.set(inner, (open.inner.get(inner) ?? 0) + dt);
    if (outer) open.outer.set(outer, (open.outer.get(outer) ?? 0) + dt);
  }
  close();
  let idleMs = 0;
  let busyMs = 0;
  const areas = new Map<string, number>();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    const area = areaOf(f.url, f.functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    self.set(label(f), (self.get(label(f)) ?? 0) + ms);
    // every one of our functions on the stack gets the sample once (recursion counted once)
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const cf = byId.get(at)!.callFrame;
      if (!cf.url.includes('/src/') || cf.url.includes('node_modules')) continue;
      const l = label(cf);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
    }
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { busyMs, idleMs, areas: sorted(areas), self: sorted(self), inclusive: sorted(inclusive), stretches: stretches.sort((a, b) => b.ms - a.ms).slice(0, 8) };
}

export function printSummary(s: CpuSummary, indent = '    '): void {
  const share = (ms: number) => `${((ms / s.busyMs) * 100).toFixed(1).padStart(5)} %`;
  console.log(`${indent}server CPU profile, from when it was ready: ${(s.busyMs / 1000).toFixed(1)} s busy, ${(s.idleMs / 1000).toFixed(1)} s idle`);
  console.log(`${indent}  (busy includes waiting for a core, counted where the thread was: writev after waking PostgreSQL)`);
  console.log(`${indent}  self time by area:`);
  for (const [k, ms] of s.areas) console.log(`${indent}    ${share(ms)}  ${k}`);
  console.log(`${indent}  self time by function:`);
  for (const [k, ms] of s.self) console.log(`${indent}    ${share(ms)}  ${k}`);
  console.log(`${indent}  inclusive, our functions:`);
  for (const [k, ms] of s.inclusive) console.log(`${indent}    ${share(ms)}  ${k}`);
  console.log(`${indent}  the longest stretches without a pause (every other request waited through them):`);
  for (const t of s.stretches) console.log(`${indent}    ${t.ms.toFixed(0).padStart(5)} ms at ${(t.at / 1000).toFixed(1).padStart(6)} s  ${t.outer}  →  ${t.inner}`);
}

/**
 * The main thread's profile among those written into `dir` (tsx's module loader runs in a worker
 * thread, which writes one of its own): the one with the most busy time.
 */
export function readMainSummary(dir: string, top = 15, skipMs = 0): CpuSummary | null {
  const summaries = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summarize(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile, top, skipMs));
  return summaries.sort((a, b) => b.busyMs - a.busyMs)[0] ?? null;
}
