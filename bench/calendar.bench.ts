/**
 * bench:calendar — our add-working-days against chinese-days' findWorkday on the same 100,000
 * random (date, n ≤ 20) pairs, in one run. Both take and return `YYYY-MM-DD` text. Prints whether
 * every answer is identical and the speed ratio (target: ≥ 50×).
 */
import { performance } from 'node:perf_hooks';
import { Calendar, dayFromYmd, formatDay } from '../src/core/calendar/index.ts';

// chinese-days reads dates with local-time methods; give it Beijing time so its answers are right.
process.env.TZ = 'Asia/Shanghai';
const { findWorkday } = await import('chinese-days');

const N = 100_000;
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(12345);
// Official years only (chinese-days treats later years as having no holidays at all).
const first = dayFromYmd(2004, 1, 1);
const last = dayFromYmd(2026, 12, 1);
const dates: string[] = [];
const ns: number[] = [];
for (let i = 0; i < N; i += 1) {
  dates.push(formatDay(first + Math.floor(random() * (last - first + 1))));
  ns.push(Math.floor(random() * 21));
}

const calendar = new Calendar();
const ours = new Array<string>(N);
const theirs = new Array<string>(N);

// Warm up both (JIT, our lazily built index, their module).
for (let i = 0; i < 2000; i += 1) {
  calendar.addWorkingDaysIso(dates[i]!, ns[i]!);
  findWorkday(ns[i], dates[i]);
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

// Interleave rounds so machine noise hits both sides alike; keep each side's best round.
let bestOurs = Infinity;
let bestTheirs = Infinity;
for (let round = 0; round < 3; round += 1) {
  bestTheirs = Math.min(bestTheirs, time(() => {
    for (let i = 0; i < N; i += 1) theirs[i] = findWorkday(ns[i], dates[i]);
  }));
  bestOurs = Math.min(bestOurs, time(() => {
    for (let i = 0; i < N; i += 1) ours[i] = calendar.addWorkingDaysIso(dates[i]!, ns[i]!);
  }));
}

let mismatches = 0;
const examples: string[] = [];
for (let i = 0; i < N; i += 1) {
  if (ours[i] !== theirs[i]) {
    mismatches += 1;
    if (examples.length < 5) examples.push(`${dates[i]} + ${ns[i]}: ours ${ours[i]}, chinese-days ${theirs[i]}`);
  }
}

const ratio = bestTheirs / bestOurs;
const perOp = (ms: number) => `${((ms * 1000) / N).toFixed(3)} µs/op`;
console.log(`bench:calendar — ${N.toLocaleString('en')} random (date 2004-01-01..2026-12-01, n 0..20) pairs, best of 3 rounds`);
console.log(`  chinese-days findWorkday : ${bestTheirs.toFixed(1)} ms (${perOp(bestTheirs)})`);
console.log(`  open12345 addWorkingDays : ${bestOurs.toFixed(1)} ms (${perOp(bestOurs)})`);
console.log(`  identical results        : ${mismatches === 0 ? 'yes' : `NO — ${mismatches} differ`} (${N - mismatches}/${N})`);
for (const e of examples) console.log(`    ${e}`);
console.log(`  speed ratio              : ${ratio.toFixed(0)}× (target ≥ 50×: ${ratio >= 50 ? 'met' : 'NOT met'})`);
process.exitCode = mismatches === 0 && ratio >= 50 ? 0 : 1;
