import { dayOfInstant, formatDay, formatInstant } from '../../core/calendar/civil-date.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/connection.ts';
import { EXPIRY_NOTICE_DAYS } from './expiry.ts';
import { GAP_SCORE } from './usage.ts';

interface StaleRow {
  id: string;
  title: string;
  state: string;
  owner_unit_id: string;
  owner_name: string;
  expires_on: string | null;
  updated_at: Date;
  used: number;
  unhelpful: number;
  helpful: number;
  reasons: string[];
  reviewed_at: Date | null;
}

/**
 * Entries each unit must look at (谁提供、谁维护、谁更新; 凉山 第二十二条: 知识库更新不及时的督办):
 * expired or expiring within 30 days, not revised for `days` days, or more often marked not
 * helpful than helpful. Grouped by owner unit; a unit sees its own subtree, the center all.
 */
export async function staleReport(db: Db, actor: Actor, at: number, opts: { days: number; unitId?: string | undefined }) {
  const today = dayOfInstant(at);
  const params: unknown[] = [formatDay(today), formatDay(today + EXPIRY_NOTICE_DAYS), new Date(at - opts.days * 86_400_000), `${actor.unit.path}%`];
  const unitFilter = opts.unitId ? `AND e.owner_unit_id = $${params.push(opts.unitId)}` : '';
  const { rows } = await db.query<StaleRow>(
    `SELECT * FROM (
       SELECT e.id, e.title, e.state, e.owner_unit_id, u.name AS owner_name, e.expires_on::text AS expires_on, e.updated_at,
              coalesce(s.used, 0) AS used, coalesce(s.helpful, 0) AS helpful, coalesce(s.unhelpful, 0) AS unhelpful,
              array_remove(ARRAY[
                CASE WHEN e.state = 'expired' THEN 'expired' END,
                CASE WHEN e.state = 'published' AND e.expires_on BETWEEN $1::date AND $2::date THEN 'expiring' END,
                CASE WHEN greatest(e.updated_at, e.reviewed_at) < $3 THEN 'not_updated' END,
                -- marks since the last review (markReviewed): an entry found right starts afresh
                CASE WHEN coalesce(s.unhelpful, 0) - e.reviewed_unhelpful > coalesce(s.helpful, 0) - e.reviewed_helpful THEN 'unhelpful' END
              ], NULL) AS reasons, e.reviewed_at
         FROM kb_entries e JOIN units u ON u.id = e.owner_unit_id LEFT JOIN kb_entry_stats s ON s.entry_id = e.id
        WHERE e.state IN ('published', 'expired') AND u.path LIKE $4 ${unitFilter}) x
      WHERE cardinality(reasons) > 0
      ORDER BY owner_name, expires_on NULLS LAST, updated_at`,
    params,
  );
  const units = new Map<string, { unit: { id: string; name: string }; counts: Record<string, number>; entries: unknown[] }>();
  for (const r of rows) {
    const u = units.get(r.owner_unit_id) ?? { unit: { id: r.owner_unit_id, name: r.owner_name }, counts: { expired: 0, expiring: 0, not_updated: 0, unhelpful: 0 }, entries: [] };
    for (const reason of r.reasons) u.counts[reason] = (u.counts[reason] ?? 0) + 1;
    u.entries.push({
      id: r.id,
      title: r.title,
      state: r.state,
      expiresOn: r.expires_on,
      updatedAt: formatInstant(r.updated_at.getTime()),
      uses: { used: r.used, helpful: r.helpful, unhelpful: r.unhelpful },
      reasons: r.reasons,
      reviewedAt: r.reviewed_at ? formatInstant(r.reviewed_at.getTime()) : null,
    });
    units.set(r.owner_unit_id, u);
  }
  return { asOf: formatDay(today), notUpdatedDays: opts.days, units: [...units.values()] };
}

interface GapRow {
  normalized: string;
  example: string;
  searches: number;
  no_result: number;
  low_score: number;
  unhelpful: number;
  last_at: Date;
  top_entry_id: string | null;
  top_title: string | null;
  owner_unit_id: string | null;
  owner_name: string | null;
}

/**
 * The week's knowledge gaps (重庆 第十九条: 对…常见性问题进行统计分析，及时向各承办单位反馈热线知识库信息维护需求):
 * searches that found nothing good — no result, a best score below GAP_SCORE, or a result marked
 * not helpful — grouped by normalized query, each with the unit owning the entry that came closest
 * (null: nothing came close, the center decides who should write it). Units see their own gaps.
 */
export async function knowledgeGaps(db: Db, actor: Actor, at: number, opts: { days: number; unitId?: string | undefined; limit: number }) {
  const from = new Date(at - opts.days * 86_400_000);
  const params: unknown[] = [from, new Date(at), GAP_SCORE, opts.limit];
  const where: string[] = [];
  if (!actor.isCenter) where.push(`g.owner_path LIKE $${params.push(`${actor.unit.path}%`)}`);
  if (opts.unitId) where.push(`g.owner_unit_id = $${params.push(opts.unitId)}`);
  const { rows } = await db.query<GapRow>(
    `WITH s AS (
       SELECT s.*, (s.result_count = 0) AS none, (s.result_count > 0 AND s.top_score < $3) AS low
         FROM kb_searches s
        WHERE s.at >= $1 AND s.at <= $2 AND s.normalized <> '' AND (s.result_count = 0 OR s.top_score < $3 OR s.unhelpful)),
     g AS (
       SELECT s.normalized, min(s.query) AS example, count(*)::int AS searches, count(*) FILTER (WHERE none)::int AS no_result,
              count(*) FILTER (WHERE low)::int AS low_score, count(*) FILTER (WHERE unhelpful)::int AS unhelpful,
              max(s.at) AS last_at, mode() WITHIN GROUP (ORDER BY s.top_entry_id) AS top_entry_id
         FROM s GROUP BY s.normalized)
     SELECT * FROM (
       SELECT g.*, e.title AS top_title, e.owner_unit_id, u.name AS owner_name, u.path AS owner_path
         FROM g LEFT JOIN kb_entries e ON e.id = g.top_entry_id LEFT JOIN units u ON u.id = e.owner_unit_id) g
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY g.searches DESC, g.last_at DESC LIMIT $4`,
    params,
  );
  return {
    from: formatInstant(from.getTime()),
    to: formatInstant(at),
    threshold: GAP_SCORE,
    gaps: rows.map((r) => ({
      query: r.example,
      normalized: r.normalized,
      searches: r.searches,
      noResult: r.no_result,
      lowScore: r.low_score,
      unhelpful: r.unhelpful,
      lastAt: formatInstant(r.last_at.getTime()),
      closestEntry: r.top_entry_id ? { id: r.top_entry_id, title: r.top_title } : null,
      ownerUnit: r.owner_unit_id ? { id: r.owner_unit_id, name: r.owner_name } : null,
    })),
  };
}
