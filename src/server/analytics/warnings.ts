import { BURST_RULE } from '../../core/analytics/clusters.ts';
import { judgeSurge, SURGE_RULE } from '../../core/analytics/warning.ts';
import type { Queryable } from '../db/connection.ts';
import { townName } from './hot.ts';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

export type RaisedAlert = {
  id: string;
  category: string | null;
  placeTown: string | null;
  count: number;
} & ({ kind: 'surge'; expected: number; p: number } | { kind: 'burst'; callers: number; title: string | null });

/**
 * An alert goes to the outbox as well as onto the screen: the duty leader hears of it when nobody is
 * looking at the board (重庆 第二十条 实时监测和预警). Written with the app's clock.
 */
export async function notifyAlert(db: Queryable, a: RaisedAlert, now: number): Promise<void> {
  const place = a.placeTown ? townName(a.placeTown) : '未识别街道';
  const body =
    a.kind === 'surge'
      ? `【12345预警】${place}“${a.category}”诉求近 ${SURGE_RULE.windowHours} 小时 ${a.count} 件，前 ${SURGE_RULE.weeks} 周同时段平均 ${a.expected.toFixed(1)} 件，请关注。`
      : `【12345预警】近 ${BURST_RULE.windowHours} 小时 ${a.callers} 位来电人反映相似诉求（${a.count} 件，${place}）：${(a.title ?? '').slice(0, 40)}，请关注是否为群体性事项。`;
  await db.query(`INSERT INTO outbox (channel, body, created_at) VALUES ('alert', $1, $2)`, [body, new Date(now)]);
}

/**
 * Looks at the last SURGE_RULE.windowHours: every category × town with at least minCount tickets is
 * compared with the same hours of the weeks before; a surge raises one alert, and the same matter at
 * the same place raises no second one until a window has passed (the first is being followed).
 * Runs with the other jobs; `now` is the app's clock.
 */
export async function watchSurges(db: Queryable, now: number): Promise<RaisedAlert[]> {
  const w = SURGE_RULE.windowHours * HOUR_MS;
  const windows = Array.from({ length: SURGE_RULE.weeks }, (_, i) => now - (i + 1) * WEEK_MS);
  const params: unknown[] = [new Date(now - w), new Date(now), SURGE_RULE.minCount];
  const past = windows.map((end) => {
    params.push(new Date(end - w), new Date(end));
    return `count(*) FILTER (WHERE t.created_at > $${params.length - 1} AND t.created_at <= $${params.length})::int`;
  });
  const { rows } = await db.query<{ category: string; town: string | null; count: number; history: number[] }>(
    `SELECT t.category, f.place_town AS town,
            count(*) FILTER (WHERE t.created_at > $1 AND t.created_at <= $2)::int AS count,
            ARRAY[${past.join(', ')}] AS history
       FROM tickets t LEFT JOIN ticket_fingerprints f ON f.ticket_id = t.id
      WHERE t.category IS NOT NULL AND (${[`(t.created_at > $1 AND t.created_at <= $2)`, ...windows.map((_, i) => `(t.created_at > $${4 + i * 2} AND t.created_at <= $${5 + i * 2})`)].join(' OR ')})
      GROUP BY t.category, f.place_town
     HAVING count(*) FILTER (WHERE t.created_at > $1 AND t.created_at <= $2) >= $3`,
    params,
  );
  const raised: RaisedAlert[] = [];
  for (const r of rows) {
    const v = judgeSurge(r.count, r.history);
    if (!v.surge) continue;
    const { rows: inserted } = await db.query<{ id: string }>(
      `INSERT INTO alerts (kind, category, place_town, window_start, window_end, count, expected, p_value, detail, raised_at)
       SELECT 'surge', $1, $2, $3, $4, $5, $6, $7, $8, $4
        WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE kind = 'surge' AND category = $1 AND place_town IS NOT DISTINCT FROM $2 AND raised_at > $3)
       RETURNING id`,
      [r.category, r.town, new Date(now - w), new Date(now), r.count, v.expected, v.p, JSON.stringify({ history: r.history, rule: SURGE_RULE })],
    );
    if (!inserted[0]) continue;
    const alert: RaisedAlert = { id: inserted[0].id, kind: 'surge', category: r.category, placeTown: r.town, count: r.count, expected: v.expected, p: v.p };
    await notifyAlert(db, alert, now);
    raised.push(alert);
  }
  return raised;
}

/**
 * 确认跟进: records who acknowledged an open alert, when, and the note; false when the alert was
 * already acknowledged (or does not exist). The route and the demo history both go through here.
 */
export async function acknowledgeAlert(db: Queryable, id: string, by: { id: string; displayName: string }, at: number, note: string | null): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE alerts SET acknowledged_by = $2, acknowledged_by_name = $3, acknowledged_at = $4, note = $5
      WHERE id = $1 AND acknowledged_at IS NULL`,
    [id, by.id, by.displayName, new Date(at), note],
  );
  return rowCount > 0;
}
