import { estimateJaccard, TEXT_ALONE } from '../repeats/index.ts';

/** One request as the repeat detector fingerprinted it (src/core/repeats/fingerprint.ts). */
export interface ClusterItem {
  id: string;
  signature: ArrayLike<number>;
  /** LSH band hashes of the signature; requests sharing none are never compared. */
  bands: ArrayLike<number>;
  /** Who asked (the blind index of the phone); null counts as a caller of its own. */
  caller: string | null;
}

export interface RequestCluster {
  ids: string[];
  /** Distinct callers among them: one caller calling ten times is not ten people. */
  callers: number;
  /** The lowest estimated similarity of a member to the cluster's first request. */
  minSimilarity: number;
}

/**
 * Groups near-identical requests (estimated Jaccard of their 3-gram sets ≥ `similarity`, the repeat
 * detector's TEXT_ALONE bar) by linking every pair the LSH bands make candidates and the signatures
 * confirm. Linking is transitive, so a cluster can hold rewordings of rewordings; minSimilarity says
 * how far it spread. Clusters with fewer than `minCallers` distinct callers are left out: what many
 * people raise at once is the signal (a possible 群体性 matter, a 每月一题 candidate), not one caller
 * repeating themselves — that is the repeat detector's business.
 */
export function clusterRequests(items: readonly ClusterItem[], opts: { minCallers: number; similarity?: number }): RequestCluster[] {
  const similarity = opts.similarity ?? TEXT_ALONE;
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const buckets = new Map<string, number[]>();
  items.forEach((item, i) => {
    for (let b = 0; b < item.bands.length; b += 1) {
      const key = `${b}:${item.bands[b]}`;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
  });
  // Within a bucket, each request is compared with the members seen before it, a group at a time
  // (members already linked form one group): one similar member links it to the whole group, so the
  // rest of that group need not be compared. The links are those of comparing every pair — the
  // components of the same graph — but a burst of 2,000 near-identical requests costs 2,000
  // comparisons instead of 2 million (the burst watcher runs every round of the jobs, issue 16).
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (const members of buckets.values()) {
    if (members.length < 2) continue;
    let groups: number[][] = [];
    for (const x of members) {
      const joined: number[][] = [];
      const apart: number[][] = [];
      for (const group of groups) {
        const linked = find(group[0]!) === find(x) || group.some((y) => estimateJaccard(items[x]!.signature, items[y]!.signature) >= similarity);
        (linked ? joined : apart).push(group);
      }
      const into = joined[0];
      if (!into) {
        apart.push([x]);
      } else {
        into.push(x);
        for (const group of joined.slice(1)) for (const y of group) into.push(y);
        for (const group of joined) union(group[0]!, x);
        apart.push(into);
      }
      groups = apart;
    }
  }
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  });
  const out: RequestCluster[] = [];
  for (const members of groups.values()) {
    const callers = new Set(members.map((i) => items[i]!.caller ?? `#${items[i]!.id}`)).size;
    if (callers < opts.minCallers) continue;
    const first = items[members[0]!]!;
    const minSimilarity = Math.min(...members.map((i) => estimateJaccard(first.signature, items[i]!.signature)));
    out.push({ ids: members.map((i) => items[i]!.id), callers, minSimilarity });
  }
  return out.sort((a, b) => b.callers - a.callers || b.ids.length - a.ids.length);
}

/** A cluster as the 相似诉求聚类 report and the burst watcher describe it (read back from its tickets). */
export interface ClusterSummary {
  tickets: number;
  callers: number;
  minSimilarity: number;
  firstAt: string;
  lastAt: string;
  /** The categories and towns the requests were filed under, most frequent first. */
  categories: Array<{ key: string; count: number }>;
  places: Array<{ code: string; name: string; count: number }>;
  ticketIds: string[];
  samples: Array<{ id: string; number: string; title: string | null; content: string }>;
}

/**
 * 群体性苗头: near-identical requests from at least minCallers different callers within windowHours
 * (重庆 第二十条 智能预警; 凉山 第十九条 对异常情况实时智能预警). No regulation sets the numbers; these
 * are the stated defaults.
 */
export const BURST_RULE = {
  windowHours: 3,
  minCallers: 5,
  similarity: TEXT_ALONE,
} as const;
