import { BURST_RULE, clusterRequests, type ClusterItem } from '../../core/analytics/clusters.ts';
import { HOUR_MS } from '../../core/calendar/civil-date.ts';
import type { Queryable } from '../db/connection.ts';
import { CLUSTER_LIMIT, summarizeCluster } from './clusters.ts';
import { notifyAlert, type RaisedAlert } from './warnings.ts';

/**
 * 群体性苗头: near-identical requests from at least BURST_RULE.minCallers different callers in the last
 * BURST_RULE.windowHours (src/core/analytics/clusters.ts). One burst raises one alert: a cluster that
 * shares a ticket with an alert raised within the window is the same burst still growing, and a burst
 * whose matter and place a surge alert of the window already names is that event, already raised. Runs with
 * the other jobs; `now` is the app's clock.
 */
export async function watchBursts(db: Queryable, now: number): Promise<RaisedAlert[]> {
  const from = now - BURST_RULE.windowHours * HOUR_MS;
  const items = await windowItems(db, new Date(from), new Date(now + 1));
  // a cluster sharing a ticket with a burst alert of the window is that burst, still growing: the
  // insert below would skip it, so it is not read back either (a burst of thousands, every round)
  const { rows: covered } = await db.query<{ id: string }>(`SELECT DISTINCT unnest(tickets)::text AS id FROM alerts WHERE kind = 'burst' AND raised_at > $1`, [new Date(from)]);
  const alerted = new Set(covered.map((r) => r.id));
  const raised: RaisedAlert[] = [];
  for (const c of clusterRequests(items, BURST_RULE)) {
    if (c.ids.some((id) => alerted.has(id))) continue;
    const s = await summarizeCluster(db, c.ids, c);
    const category = s.categories[0]?.key ?? null;
    const town = s.places[0]?.code ?? null;
    const detail = { rule: BURST_RULE, callers: s.callers, minSimilarity: s.minSimilarity, sample: s.samples[0] ?? null, places: s.places, categories: s.categories };
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO alerts (kind, category, place_town, window_start, window_end, count, detail, raised_at, tickets)
       SELECT 'burst', $1, $2, $3, $4, $5, $6, $4, $7::uuid[]
        WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE kind = 'burst' AND tickets && $7::uuid[] AND raised_at > $3)
          -- the same matter at the same place already raised as a surge in the window: one event, one alert
          AND NOT EXISTS (SELECT 1 FROM alerts WHERE kind = 'surge' AND $1::text IS NOT NULL AND category = $1 AND place_town IS NOT DISTINCT FROM $2 AND raised_at > $3)
       RETURNING id`,
      [category, town, new Date(from), new Date(now), s.tickets, JSON.stringify(detail), s.ticketIds],
    );
    if (!rows[0]) continue;
    const alert: RaisedAlert = { id: rows[0].id, kind: 'burst', category, placeTown: town, count: s.tickets, callers: s.callers, title: s.samples[0]?.title ?? s.samples[0]?.content ?? null };
    await notifyAlert(db, alert, now);
    raised.push(alert);
  }
  return raised;
}

/** The window's fingerprints as the last round read them, per database, by ticket with its row version. */
const lastRound = new WeakMap<object, Map<string, { version: string; item: ClusterItem }>>();

/**
 * The fingerprints of the requests registered in [from, to), newest first (at most CLUSTER_LIMIT).
 * Each round reads the window's ids and row versions (xmin) and the bands and signatures only of the
 * rows it has not read as they are now: the window's thousands of 170-number arrays were parsed again
 * every ten seconds, 0.3–0.5 s on bench:load's database (issue 16). A fingerprint rewritten (a new
 * FINGERPRINT_VERSION, a caller's index sealed) has a new xmin and is read again.
 */
async function windowItems(db: Queryable, from: Date, to: Date): Promise<ClusterItem[]> {
  const known = lastRound.get(db) ?? new Map<string, { version: string; item: ClusterItem }>();
  const { rows } = await db.query<{ id: string; version: string }>(
    `SELECT ticket_id AS id, xmin::text AS version FROM ticket_fingerprints
      WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at DESC LIMIT $3`,
    [from, to, CLUSTER_LIMIT],
  );
  const stale = rows.filter((r) => known.get(r.id)?.version !== r.version).map((r) => r.id);
  if (stale.length) {
    const { rows: read } = await db.query<{ id: string; version: string; bands: number[]; signature: number[]; caller: string | null }>(
      `SELECT ticket_id AS id, xmin::text AS version, bands, signature, caller_phone_idx AS caller FROM ticket_fingerprints WHERE ticket_id = ANY($1::uuid[])`,
      [stale],
    );
    for (const r of read) known.set(r.id, { version: r.version, item: { id: r.id, bands: Int32Array.from(r.bands), signature: Int32Array.from(r.signature), caller: r.caller } });
  }
  // what left the window is forgotten
  const kept = new Map<string, { version: string; item: ClusterItem }>();
  for (const r of rows) {
    const k = known.get(r.id);
    if (k) kept.set(r.id, k);
  }
  lastRound.set(db, kept);
  return [...kept.values()].map((k) => k.item);
}
