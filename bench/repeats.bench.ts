/**
 * bench:repeats — repeat detection on real citizen messages (../shared/data/govmsg, read at run
 * time and never copied into the repository), then lookup latency at 1 million tickets on PostgreSQL.
 *
 * 1. Grouping: every message (title + body) is fingerprinted as a ticket is (src/core/repeats) and
 *    near-duplicates are grouped through LSH bands + the server's rule (judgeRepeat: J ≥ 0.5, or
 *    ≥ 0.3 from the same user). Beside it, in the same run: brute-force exact Jaccard over all pairs
 *    with the same rule — the ceiling for what LSH can recall — and exact-title grouping, the peer.
 * 2. Scale (bench/repeats-scale.ts): 1,000,000 tickets with fingerprints in a private schema, lookups
 *    timed through findRepeats (the server's SQL) beside a primary-key lookup measured in the same run.
 *
 *   npm run bench:repeats                          # PostgreSQL from BENCH_DATABASE_URL (default: local `test`)
 *   GOVMSG_DIR=/path BENCH_TICKETS=200000 npm run bench:repeats
 *   BENCH_GIN=1 npm run bench:repeats               # also the GIN layout we did not choose (+6 min at 1M)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  bandHashes,
  estimateJaccard,
  jaccard,
  judgeRepeat,
  minhash,
  normalizeForMatching,
  requestText,
  shingles,
  BANDS,
  ROWS,
  TEXT_ALONE,
  TEXT_WITH_PLACE,
} from '../src/core/repeats/index.ts';
import { runScale } from './repeats-scale.ts';

const ROOT = join(import.meta.dirname, '..');
const DIR = process.env.GOVMSG_DIR ?? join(ROOT, '..', 'shared', 'data', 'govmsg');
const FILE = join(DIR, 'messages-with-votes.jsonl');
const DAY_MS = 86_400_000;
const WINDOW_DAYS = 30;

if (!existsSync(FILE)) {
  console.log(`bench:repeats skipped: ${FILE} not found (the govmsg data set lives in shared/data, outside the repository; set GOVMSG_DIR)`);
  process.exit(0);
}

export interface Message {
  id: string;
  user: string;
  title: string;
  body: string;
  time: string;
  at: number;
  set: Int32Array;
  signature: Int32Array;
  bands: Int32Array;
}

function load(): Message[] {
  const t0 = performance.now();
  const messages = readFileSync(FILE, 'utf8').trim().split('\n').map((line) => {
    const m = JSON.parse(line) as { id: string; user: string; title: string; body: string; time: string };
    const set = shingles(normalizeForMatching(requestText(m.title, m.body)));
    const signature = minhash(set);
    return { ...m, at: Date.parse(`${m.time.replace(' ', 'T')}+08:00`), set, signature, bands: bandHashes(signature) };
  });
  const ms = performance.now() - t0;
  console.log(`${messages.length} messages from ${FILE}; fingerprint (normalise, 3-grams, MinHash 128, ${BANDS}×${ROWS} bands): ${((ms / messages.length) * 1000).toFixed(0)} µs a message`);
  return messages;
}

/** The server's rule on a pair: similar text (place unknown here: the data set is anonymised). */
const isRepeat = (text: number, a: Message, b: Message) => judgeRepeat({ text, sameCaller: a.user === b.user, place: null })?.reasons.includes('similar-text') ?? false;
const inWindow = (a: Message, b: Message) => Math.abs(a.at - b.at) <= WINDOW_DAYS * DAY_MS;

type Pair = [number, number];
const key = ([i, j]: Pair) => i * 1_000_000 + j;

function lshPairs(ms: Message[]): Pair[] {
  const buckets = new Map<number, number[]>();
  ms.forEach((m, i) => m.bands.forEach((b, k) => {
    const h = b * 64 + k; // one bucket per (band index, value), as the database compares them
    const list = buckets.get(h);
    if (list) list.push(i);
    else buckets.set(h, [i]);
  }));
  const seen = new Set<number>();
  const pairs: Pair[] = [];
  for (const list of buckets.values()) {
    for (let x = 0; x < list.length; x += 1) for (let y = x + 1; y < list.length; y += 1) {
      const p: Pair = [list[x]!, list[y]!];
      if (seen.has(key(p))) continue;
      seen.add(key(p));
      if (isRepeat(estimateJaccard(ms[p[0]]!.signature, ms[p[1]]!.signature), ms[p[0]]!, ms[p[1]]!)) pairs.push(p);
    }
  }
  return pairs;
}

/**
 * Exact Jaccard of every pair that could reach the lowest bar: J ≤ |small| / |large|, so with the
 * sets sorted by size a pair whose sizes differ more than that is skipped (no pair is lost by it).
 */
function bruteForcePairs(ms: Message[]): Pair[] {
  const order = ms.map((_, i) => i).sort((a, b) => ms[a]!.set.length - ms[b]!.set.length);
  const pairs: Pair[] = [];
  for (let x = 0; x < order.length; x += 1) {
    const a = ms[order[x]!]!;
    for (let y = x + 1; y < order.length; y += 1) {
      const b = ms[order[y]!]!;
      if (a.set.length < TEXT_WITH_PLACE * b.set.length) break;
      if (isRepeat(jaccard(a.set, b.set), a, b)) pairs.push(order[x]! < order[y]! ? [order[x]!, order[y]!] : [order[y]!, order[x]!]);
    }
  }
  return pairs;
}

/** Connected components of the pairs (a group is one matter raised several times). */
function groups(n: number, pairs: Pair[]): number[][] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (const [a, b] of pairs) parent[find(a)] = find(b);
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i += 1) {
    const r = find(i);
    byRoot.set(r, [...(byRoot.get(r) ?? []), i]);
  }
  return [...byRoot.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length);
}

const messagesIn = (gs: number[][]) => gs.reduce((s, g) => s + g.length, 0);

function report(name: string, gs: number[][], ms: number) {
  console.log(`  ${name.padEnd(44)} ${String(messagesIn(gs)).padStart(5)} messages in ${String(gs.length).padStart(4)} groups   ${ms.toFixed(0).padStart(7)} ms`);
}

function grouping(ms: Message[]) {
  console.log(`\nGrouping near-duplicates (rule: estimated Jaccard ≥ ${TEXT_ALONE}, or ≥ ${TEXT_WITH_PLACE} from the same user)`);
  let t = performance.now();
  const lsh = lshPairs(ms);
  const lshMs = performance.now() - t;
  t = performance.now();
  const brute = bruteForcePairs(ms);
  const bruteMs = performance.now() - t;
  t = performance.now();
  const byTitle = new Map<string, number[]>();
  ms.forEach((m, i) => {
    const k = normalizeForMatching(m.title);
    byTitle.set(k, [...(byTitle.get(k) ?? []), i]);
  });
  const titleGroups = [...byTitle.values()].filter((g) => g.length > 1);
  const titleMs = performance.now() - t;

  const ours = groups(ms.length, lsh);
  const ceiling = groups(ms.length, brute);
  report('LSH + MinHash estimate (ours)', ours, lshMs);
  report('all pairs, exact Jaccard (ceiling)', ceiling, bruteMs);
  report('exact same title (peer)', titleGroups, titleMs);
  const lshKeys = new Set(lsh.map(key));
  const recalled = brute.filter((p) => lshKeys.has(key(p))).length;
  const bruteKeys = new Set(brute.map(key));
  const extra = lsh.filter((p) => !bruteKeys.has(key(p))).length;
  console.log(`  pairs: ours ${lsh.length}, ceiling ${brute.length}; recall of the ceiling's pairs ${((recalled / Math.max(1, brute.length)) * 100).toFixed(1)}%, `
    + `${extra} pairs only ours (estimate above the bar, exact value below); ours ${(bruteMs / lshMs).toFixed(0)}× faster than all pairs`);
  const grouped = new Set(ours.flat());
  const titleMsgs = titleGroups.flat();
  console.log(`  of ${titleMsgs.length} messages sharing a title with another, ${titleMsgs.filter((i) => grouped.has(i)).length} are in our groups; `
    + `${[...grouped].filter((i) => !titleMsgs.includes(i)).length} of ours have a title of their own (reworded repeats)`);
  const windowed = groups(ms.length, lsh.filter(([a, b]) => inWindow(ms[a]!, ms[b]!)));
  report(`ours, pairs within ${WINDOW_DAYS} days (the server's window)`, windowed, 0);

  // A sample to judge by eye: the largest groups, then groups whose titles differ (not a title peer's find).
  const differing = ours.filter((g) => new Set(g.map((i) => normalizeForMatching(ms[i]!.title))).size > 1);
  const sample = [...ours.slice(0, 4), ...differing.filter((g) => !ours.slice(0, 4).includes(g)).filter((_, i) => i % 3 === 0).slice(0, 6)];
  console.log('\nSample groups (titles, up to 4 per group):');
  for (const g of sample) {
    console.log(`  [${g.length}] ${g.slice(0, 4).map((i) => ms[i]!.title.slice(0, 36)).join(' ｜ ')}`);
  }
}

const messages = load();
if (!process.env.BENCH_SKIP_GROUPING) grouping(messages);
await runScale(messages);
