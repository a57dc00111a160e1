import type { ShareCounts } from '../../core/analytics/indicators.ts';
import type { Period } from '../../core/analytics/periods.ts';
import type { SampleTicket } from '../../core/reports/report.ts';
import { formatDay, formatInstant, startOfDay } from '../../core/calendar/civil-date.ts';
import { maskPhonesIn } from '../../core/ticket/privacy.ts';
import type { Queryable } from '../db/connection.ts';
import type { TicketFlag } from '../../core/flags/ticket-flags.ts';
import { flagCondition } from '../tickets/flags.ts';
import { countShares } from '../analytics/counts.ts';
import { bucketOf, type Granularity } from '../analytics/dashboard.ts';

/**
 * The figures of a 专报 (one matter and/or one place) that the city-wide boards do not cut: volume
 * and share counts narrowed by a category prefix and/or a unit's subtree, and the overdue and
 * dissatisfied tickets behind the highlights of every report. Monthly, quarterly and annual reports
 * take their volume and indicators from the dashboard and the scorecard themselves (report.ts).
 */
export interface Scope {
  /** A category and everything under it: 城乡建设 takes 城乡建设/供水. */
  category?: string;
  /** The path of a unit (a district or a town's office): tickets whose 主办 share is in its subtree. */
  unitPath?: string;
  /** Tickets carrying this flag (涉企诉求 …): the enterprise requests reported apart. */
  flag?: TicketFlag;
}

type Count = { key: string; count: number };
const like = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const DAY_OF = (col: string) => `floor((extract(epoch FROM ${col}) * 1000 + 28800000) / 86400000)::int`;
const at = (day: number) => new Date(startOfDay(day));

/** SQL conditions on tickets `t` (and on the share `a` where there is one) for a scope; params appended. */
function scopeSql(scope: Scope, params: unknown[], share: 'a' | null): string {
  const out: string[] = [];
  if (scope.category) out.push(`t.category LIKE $${params.push(like(scope.category))}`);
  if (scope.unitPath) {
    const p = `$${params.push(like(scope.unitPath))}`;
    out.push(
      share
        ? `EXISTS (SELECT 1 FROM units su WHERE su.id = ${share}.unit_id AND su.path LIKE ${p})`
        : `EXISTS (SELECT 1 FROM assignments sa JOIN units su ON su.id = sa.unit_id WHERE sa.ticket_id = t.id AND sa.role = 'lead' AND sa.parent_id IS NULL AND sa.status <> 'returned' AND su.path LIKE ${p})`,
    );
  }
  if (scope.flag) out.push(flagCondition([scope.flag]));
  return out.length ? `AND ${out.join(' AND ')}` : '';
}

/** Tickets registered and closed in the period, by bucket, type, channel, category and district — the dashboard's definitions, narrowed. */
export async function scopedVolume(db: Queryable, p: Period, g: Granularity, scope: Scope) {
  const q = async <R,>(sql: (w: string) => string, extra: unknown[] = []) => {
    const params: unknown[] = [at(p.from), at(p.to + 1), ...extra];
    const w = scopeSql(scope, params, null);
    return (await db.query<R>(sql(w), params)).rows;
  };
  const [trend, byType, byChannel, byCategory, byDistrict] = await Promise.all([
    q<{ day: number; received: number; closed: number }>(
      (w) => `SELECT day, sum(received)::int AS received, sum(closed)::int AS closed FROM (
         SELECT ${DAY_OF('t.created_at')} AS day, 1 AS received, 0 AS closed FROM tickets t WHERE t.created_at >= $1 AND t.created_at < $2 ${w}
         UNION ALL
         SELECT ${DAY_OF('t.closed_at')}, 0, 1 FROM tickets t WHERE t.closed_at >= $1 AND t.closed_at < $2 ${w}
       ) x GROUP BY day ORDER BY day`,
    ),
    q<Count>((w) => `SELECT t.type AS key, count(*)::int AS count FROM tickets t WHERE t.created_at >= $1 AND t.created_at < $2 ${w} GROUP BY t.type ORDER BY count DESC`),
    q<Count>((w) => `SELECT t.channel AS key, count(*)::int AS count FROM tickets t WHERE t.created_at >= $1 AND t.created_at < $2 ${w} GROUP BY t.channel ORDER BY count DESC`),
    // within one matter the finer categories say more than the top level
    q<Count>(
      (w) => `SELECT COALESCE(${scope.category ? 't.category' : "split_part(t.category, '/', 1)"}, '') AS key, count(*)::int AS count FROM tickets t
        WHERE t.created_at >= $1 AND t.created_at < $2 ${w} GROUP BY 1 ORDER BY count DESC LIMIT 12`,
    ),
    q<Count & { id: string | null }>(
      (w) => `SELECT d.id, COALESCE(d.name, '') AS key, count(*)::int AS count
         FROM tickets t
         LEFT JOIN LATERAL (SELECT a.unit_id FROM assignments a WHERE a.ticket_id = t.id AND a.role = 'lead' AND a.parent_id IS NULL AND a.status <> 'returned' ORDER BY a.created_at DESC LIMIT 1) l ON true
         LEFT JOIN units u ON u.id = l.unit_id
         LEFT JOIN units d ON d.kind = 'district' AND u.path LIKE d.path || '%'
        WHERE t.created_at >= $1 AND t.created_at < $2 ${w}
        GROUP BY d.id, d.name ORDER BY count DESC`,
    ),
  ]);
  const buckets = new Map<number, { received: number; closed: number }>();
  for (let d = p.from; d <= p.to; d += 1) buckets.set(bucketOf(d, g), { received: 0, closed: 0 });
  for (const r of trend) {
    const b = buckets.get(bucketOf(r.day, g));
    if (!b) continue;
    b.received += r.received;
    b.closed += r.closed;
  }
  return {
    trend: [...buckets.entries()].map(([day, v]) => ({ start: formatDay(day), ...v })),
    byType,
    byChannel,
    byCategory,
    byDistrict: byDistrict.map((r) => ({ unitId: r.id, key: r.key, count: r.count })),
  };
}

/**
 * Share counts per unit for shares dispatched in the period, narrowed to a scope: counted by the
 * definition itself (analytics/counts.ts), as the per-unit rollups cut no matter or place.
 */
export function scopedShareCounts(db: Queryable, p: Period, now: number, exemptCategories: readonly string[], scope: Scope): Promise<Map<string, ShareCounts>> {
  return countShares(db, { from: p.from, to: p.to, by: 'dispatched', now, exemptCategories, scope });
}

const MAX_SAMPLES = 10;

/**
 * The tickets behind the highlights: 主办 shares dispatched in the period whose handle clock ran
 * past its due (most overdue first), and those rated dissatisfied (not counting an upheld appeal, as
 * the satisfaction rate does), with the categories the dissatisfaction falls in.
 */
export async function highlights(db: Queryable, p: Period, now: number, exemptCategories: readonly string[], scope: Scope) {
  const base = (params: unknown[]) => `FROM assignments a JOIN tickets t ON t.id = a.ticket_id JOIN units u ON u.id = a.unit_id
      WHERE a.role = 'lead' AND a.parent_id IS NULL AND a.status <> 'returned' AND a.created_at >= $1 AND a.created_at < $2 ${scopeSql(scope, params, 'a')}`;
  const sample = (r: { id: string; number: string; category: string | null; title: string | null; content: string; unit_name: string; due_at: Date | null; replied_at: Date | null }): SampleTicket => ({
    id: r.id,
    number: r.number,
    category: r.category,
    excerpt: maskPhonesIn((r.title || r.content).slice(0, 60)),
    unitName: r.unit_name,
    dueAt: r.due_at ? formatInstant(r.due_at.getTime()) : null,
    repliedAt: r.replied_at ? formatInstant(r.replied_at.getTime()) : null,
  });
  type Row = Parameters<typeof sample>[0];
  const overdueParams: unknown[] = [at(p.from), at(p.to + 1), new Date(now)];
  const overdueSql = `SELECT * FROM (
       SELECT t.id, t.number, t.category, t.title, t.content, u.name AS unit_name, a.replied_at,
              (SELECT max(k.due_at) FROM clocks k WHERE k.assignment_id = a.id AND k.name = 'handle'
                  AND (k.status = 'overdue' OR (k.status = 'running' AND k.due_at < $3))) AS due_at
       ${base(overdueParams)}) x
     WHERE x.due_at IS NOT NULL ORDER BY COALESCE(x.replied_at, $3) - x.due_at DESC, x.number LIMIT ${MAX_SAMPLES}`;
  const dissParams: unknown[] = [at(p.from), at(p.to + 1), [...exemptCategories]];
  const dissWhere = `${base(dissParams)} AND t.satisfaction = 'dissatisfied' AND t.appeal_status IS DISTINCT FROM 'approved' AND t.exempt_kind IS NULL
      AND NOT (t.category IS NOT NULL AND EXISTS (SELECT 1 FROM unnest($3::text[]) e WHERE t.category LIKE e || '%'))`;
  const [overdue, dissatisfied, dissByCategory] = await Promise.all([
    db.query<Row>(overdueSql, overdueParams),
    db.query<Row>(`SELECT t.id, t.number, t.category, t.title, t.content, u.name AS unit_name, NULL::timestamptz AS due_at, a.replied_at ${dissWhere} ORDER BY t.closed_at DESC NULLS LAST, t.number LIMIT ${MAX_SAMPLES}`, dissParams),
    db.query<Count>(`SELECT COALESCE(split_part(t.category, '/', 1), '') AS key, count(*)::int AS count ${dissWhere} GROUP BY 1 ORDER BY count DESC LIMIT 5`, dissParams),
  ]);
  return {
    overdue: overdue.rows.map(sample),
    dissatisfied: dissatisfied.rows.map(sample),
    dissatisfiedByCategory: dissByCategory.rows,
  };
}
