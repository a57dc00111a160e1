import { clusterRequests, type ClusterItem, type ClusterSummary } from '../../core/analytics/clusters.ts';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import type { Queryable } from '../db/connection.ts';
import { townName } from './hot.ts';

/** The most recent requests a period's clustering reads; a month of a large city stays within it. */
export const CLUSTER_LIMIT = 50_000;

interface BandsRow {
  id: string;
  bands: number[];
  caller: string | null;
}

/**
 * The fingerprints of the requests registered in [from, to), newest first, at most `limit`. Read in
 * two steps (`read` says how many): the bands of all (42 numbers each), then the 128-number signatures only of those that
 * share a band with another — most requests share none, and a month's signatures would be tens of MB.
 */
export async function fingerprintsBetween(db: Queryable, from: Date, to: Date, limit = CLUSTER_LIMIT): Promise<{ read: number; items: ClusterItem[] }> {
  const { rows } = await db.query<BandsRow>(
    `SELECT f.ticket_id AS id, f.bands, f.caller_phone_idx AS caller
       FROM ticket_fingerprints f
      WHERE f.created_at >= $1 AND f.created_at < $2
      ORDER BY f.created_at DESC LIMIT $3`,
    [from, to, limit],
  );
  const seen = new Map<string, number>();
  for (const r of rows) r.bands.forEach((band, i) => seen.set(`${i}:${band}`, (seen.get(`${i}:${band}`) ?? 0) + 1));
  const candidates = rows.filter((r) => r.bands.some((band, i) => seen.get(`${i}:${band}`)! > 1));
  if (!candidates.length) return { read: rows.length, items: [] };
  const { rows: signatures } = await db.query<{ id: string; signature: number[] }>(
    'SELECT ticket_id AS id, signature FROM ticket_fingerprints WHERE ticket_id = ANY($1::uuid[])',
    [candidates.map((c) => c.id)],
  );
  const byId = new Map(signatures.map((r) => [r.id, r.signature]));
  return { read: rows.length, items: candidates.map((c) => ({ ...c, signature: byId.get(c.id) ?? [] })) };
}

/** What a cluster's tickets have in common, read back from the tickets, with a few samples. */
export async function summarizeCluster(db: Queryable, ids: readonly string[], cluster: { callers: number; minSimilarity: number }): Promise<ClusterSummary> {
  const { rows } = await db.query<{ id: string; number: string; title: string | null; content: string; category: string | null; town: string | null; created_at: Date }>(
    `SELECT t.id, t.number, t.title, left(t.content, 80) AS content, t.category, f.place_town AS town, t.created_at
       FROM tickets t LEFT JOIN ticket_fingerprints f ON f.ticket_id = t.id
      WHERE t.id = ANY($1::uuid[]) ORDER BY t.created_at`,
    [ids],
  );
  const tally = (keys: Array<string | null>) => {
    const m = new Map<string, number>();
    for (const k of keys) if (k) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([key, count]) => ({ key, count }));
  };
  return {
    tickets: rows.length,
    callers: cluster.callers,
    minSimilarity: Math.round(cluster.minSimilarity * 100) / 100,
    firstAt: formatInstant(rows[0]!.created_at.getTime()),
    lastAt: formatInstant(rows.at(-1)!.created_at.getTime()),
    categories: tally(rows.map((r) => r.category)),
    places: tally(rows.map((r) => r.town)).map((p) => ({ code: p.key, name: townName(p.key), count: p.count })),
    ticketIds: rows.map((r) => r.id),
    samples: rows.slice(-3).reverse().map((r) => ({ id: r.id, number: r.number, title: r.title, content: r.content })),
  };
}

/**
 * 相似诉求聚类: near-identical requests that many different callers raised in the period — the
 * candidates for 每月一题 and 专报 that a category × place count misses when the requests are filed
 * under different categories or name no town (重庆 第二十条 简报、专报; 凉山 第十九条).
 */
export async function similarClusters(db: Queryable, q: { from: Date; to: Date; minCallers: number; limit: number }): Promise<{ read: number; truncated: boolean; items: ClusterSummary[] }> {
  const { read, items } = await fingerprintsBetween(db, q.from, q.to);
  const clusters = clusterRequests(items, { minCallers: q.minCallers }).slice(0, q.limit);
  const out: ClusterSummary[] = [];
  for (const c of clusters) out.push(await summarizeCluster(db, c.ids, c));
  return { read, truncated: read === CLUSTER_LIMIT, items: out };
}
