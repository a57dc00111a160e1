import { BURST_RULE, clusterRequests } from '../../core/analytics/clusters.ts';
import { HOUR_MS } from '../../core/calendar/civil-date.ts';
import type { Queryable } from '../db/connection.ts';
import { fingerprintsBetween, summarizeCluster } from './clusters.ts';
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
  const { items } = await fingerprintsBetween(db, new Date(from), new Date(now + 1));
  const raised: RaisedAlert[] = [];
  for (const c of clusterRequests(items, BURST_RULE)) {
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
