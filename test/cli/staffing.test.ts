import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run.ts';

/**
 * `open12345 staffing erlang --model erlang-a --patience S` (issue 14 item 5): checked against figures
 * this file works out another way — the M/M/N+M chain's stationary law by plain products, and each
 * waiting caller's chance of being answered within t from a transient solution (uniformisation) of
 * the places ahead of it clearing, where the command uses a closed form (Beta / negative binomial);
 * then a first-come-first-answered simulation of a million callers for the average wait.
 */
const dir = mkdtempSync(join(tmpdir(), 'o12345-staffing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  calls: number;
  aht: number;
  patience: number;
  within: number;
}

/** Stationary probabilities of k callers in the system, k = 0 … kMax, by products of λ/death rates. */
function stationaryByProducts(n: number, c: Case, kMax: number): number[] {
  const lambda = c.calls / 3600;
  const mu = 1 / c.aht;
  const theta = 1 / c.patience;
  const q = [1];
  for (let k = 1; k <= kMax; k++) q.push((q[k - 1]! * lambda) / (Math.min(k, n) * mu + Math.max(0, k - n) * theta));
  const total = q.reduce((s, x) => s + x, 0);
  return q.map((x) => x / total);
}

/**
 * Service level, abandonment and occupancy for n agents, independently: a caller who finds j waiting is
 * a chain on "places ahead" i = j … 0, each clearing at rate nμ + iθ, while the caller itself gives up at
 * rate θ; P(answered by t) from uniformisation (Poisson-weighted steps of the jump chain).
 */
function independent(n: number, c: Case) {
  const lambda = c.calls / 3600;
  const mu = 1 / c.aht;
  const theta = 1 / c.patience;
  const kMax = n + 400;
  const p = stationaryByProducts(n, c, kMax);
  const J = kMax - n;
  const rate = n * mu + (J + 1) * theta;
  // v[i]: probability of being i places from the head, among waiting callers; all start at once
  let v = Array.from({ length: J + 1 }, (_, j) => p[n + j]!);
  let answered = 0;
  let withinT = 0;
  const lt = rate * c.within;
  let poisson = Math.exp(-lt);
  let tail = 1; // P(Poisson(lt) ≥ step)
  for (let step = 0; step < 2000; step++) {
    // the next jump: ahead → one fewer (or answered from 0), own patience → gone, else a fictitious jump
    const next = Array.from({ length: J + 1 }, () => 0);
    let reached = 0;
    for (let i = 0; i <= J; i++) {
      const mass = v[i]!;
      if (mass === 0) continue;
      const clear = (n * mu + i * theta) / rate;
      const stay = 1 - clear - theta / rate;
      if (i === 0) reached += mass * clear;
      else next[i - 1]! += mass * clear;
      next[i]! += mass * stay;
    }
    tail -= poisson;
    // answered at jump step+1: counts within t when at least step+1 jumps happen by t
    withinT += reached * tail;
    answered += reached;
    poisson *= lt / (step + 1);
    v = next;
  }
  const immediate = p.slice(0, n).reduce((s, x) => s + x, 0);
  let queue = 0;
  for (let k = n + 1; k <= kMax; k++) queue += (k - n) * p[k]!;
  const abandonment = (theta * queue) / lambda;
  return {
    serviceLevel: immediate + withinT,
    answeredByChain: immediate + answered,
    abandonment,
    occupancy: (lambda * (1 - abandonment) * c.aht) / n,
  };
}

/** A million callers through n agents, first come first answered, exponential talk and patience. */
function simulate(n: number, c: Case, callers = 1_000_000, seed = 20261202) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = s;
    r = Math.imul(r ^ (r >>> 15), r | 1);
    r ^= r + Math.imul(r ^ (r >>> 7), r | 61);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const exp = (mean: number) => -mean * Math.log(1 - uniform());
  // when each agent is next free; a caller ahead who gave up took no agent
  const free = Array.from({ length: n }, () => 0);
  let now = 0;
  let answered = 0;
  let within = 0;
  let waited = 0;
  for (let i = 0; i < callers; i++) {
    now += exp(3600 / c.calls);
    let first = 0;
    for (let a = 1; a < n; a++) if (free[a]! < free[first]!) first = a;
    const wait = Math.max(0, free[first]! - now);
    if (wait > exp(c.patience)) continue;
    answered += 1;
    waited += wait;
    if (wait <= c.within) within += 1;
    free[first] = now + wait + exp(c.aht);
  }
  return { serviceLevel: within / callers, asaSeconds: waited / answered, abandonment: 1 - answered / callers };
}

const cli = (args: string[]) => runCli(['staffing', 'erlang', ...args], dir);

describe('open12345 staffing erlang --model erlang-a (issue 14 item 5)', () => {
  it('300 calls/hour, 180 s handle time, 90 s patience, 80 % in 20 s: the agent count and figures of the independent computation', async () => {
    const c: Case = { calls: 300, aht: 180, patience: 90, within: 20 };
    const out = await cli(['--calls', '300', '--aht', '180', '--answer-within', '20', '--target', '0.8', '--model', 'erlang-a', '--patience', '90']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json).sort()).toEqual(['abandonment', 'agents', 'asaSeconds', 'occupancy', 'serviceLevel']);

    // the fewest agents reaching 80 % by the independent chain
    const levels = new Map<number, ReturnType<typeof independent>>();
    for (let n = 10; n <= 22; n++) levels.set(n, independent(n, c));
    const first = [...levels].find(([, f]) => f.serviceLevel >= 0.8)![0];
    expect(json.agents).toBe(first);
    const f = levels.get(first)!;
    expect(json.serviceLevel).toBeCloseTo(f.serviceLevel, 9);
    expect(levels.get(first - 1)!.serviceLevel).toBeLessThan(0.8);
    expect(json.abandonment).toBeCloseTo(f.abandonment, 12);
    // the chain's answered share agrees with θ·E[queue]/λ: the two independent figures agree with each other
    expect(f.answeredByChain).toBeCloseTo(1 - f.abandonment, 9);
    expect(json.occupancy).toBeCloseTo(f.occupancy, 12);
    // callers who hang up lighten the load: fewer agents than Erlang C's 19 for the same target
    expect(json.agents).toBeLessThan(19);

    // the average wait of answered calls (and the rest again) from a million simulated callers
    const sim = simulate(json.agents, c);
    expect(Math.abs(json.asaSeconds - sim.asaSeconds) / sim.asaSeconds).toBeLessThan(0.05);
    expect(Math.abs(json.serviceLevel - sim.serviceLevel)).toBeLessThan(0.01);
    expect(Math.abs(json.abandonment - sim.abandonment)).toBeLessThan(0.01);
  });

  it('a 15-second target with short patience, and callers who never give up coming back to Erlang C', async () => {
    const c: Case = { calls: 120, aht: 240, patience: 30, within: 15 };
    const out = JSON.parse((await cli(['--calls', '120', '--aht', '240', '--answer-within', '15', '--target', '0.9', '--model', 'erlang-a', '--patience', '30'])).stdout);
    const first = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].find((n) => independent(n, c).serviceLevel >= 0.9)!;
    expect(out.agents).toBe(first);
    expect(out.serviceLevel).toBeCloseTo(independent(first, c).serviceLevel, 9);

    // with a day's patience, far beyond any wait, hardly anyone hangs up: Erlang C's answer (19 agents, 84.3 % in 20 s)
    const c2 = JSON.parse((await cli(['--calls', '300', '--aht', '180', '--answer-within', '20', '--target', '0.8'])).stdout);
    const a2 = JSON.parse((await cli(['--calls', '300', '--aht', '180', '--answer-within', '20', '--target', '0.8', '--model', 'erlang-a', '--patience', '86400'])).stdout);
    expect(a2.agents).toBe(c2.agents);
    expect(a2.serviceLevel).toBeCloseTo(c2.serviceLevel, 3);
    // the few who do give up are the longest waits: the answered calls' average wait is a little shorter
    expect(a2.asaSeconds).toBeLessThan(c2.asaSeconds);
    expect(a2.asaSeconds / c2.asaSeconds).toBeGreaterThan(0.98);
    expect(a2.abandonment).toBeLessThan(1e-3);
  });

  it('says what is missing or wrong, in Chinese (exit 2)', async () => {
    const base = ['--calls', '300', '--aht', '180', '--answer-within', '20', '--target', '0.8'];
    const noPatience = await cli([...base, '--model', 'erlang-a']);
    expect(noPatience.code).toBe(2);
    expect(noPatience.stderr).toContain('--patience');
    const zero = await cli([...base, '--model', 'erlang-a', '--patience', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--patience 应为正数');
    const long = await cli([...base, '--model', 'erlang-a', '--patience', '1e9']);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('不应超过 86400 秒');
    const withC = await cli([...base, '--patience', '90']);
    expect(withC.code).toBe(2);
    expect(withC.stderr).toContain('erlang-a');
    const model = await cli([...base, '--model', 'erlang-b']);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('--model 只能是');
  });
});
