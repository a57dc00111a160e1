import {
  addCounts,
  DEFAULT_SETTINGS,
  EMPTY_COUNTS,
  evaluationSettingsSchema,
  rankWithin,
  ratesOf,
  scoreOf,
  type EvaluationSettings,
  type Rates,
  type ShareCounts,
} from '../../core/analytics/indicators.ts';
import type { Queryable } from '../db/connection.ts';
import { countShares, type Attribution } from './counts.ts';
import { countSharesFromRollups } from './rollups/shares.ts';
import { rollupsReady } from './rollups/upkeep.ts';

export interface ScorecardQuery {
  from: number;
  to: number;
  by: Attribution;
  now: number;
  /** Only this unit (and, for its subtree figures, the units below it). */
  unitId?: string;
}

export interface CountingOptions {
  /** Count with the plain GROUP BY over the base tables (the definition) instead of the rollups. */
  reference?: boolean;
}

export interface ScorecardRow extends Rates {
  unit: { id: string; name: string; kind: string; path: string };
  /** Peer group the rank is within: units of the same kind (departments, districts, streets…). */
  group: string;
  received: number;
  overdue: number;
  supervised: number;
  counts: ShareCounts;
  score: number | null;
  rank: number | null;
  /** Of units with units below them: the whole subtree's figures, rolled up. */
  subtree: (Rates & { received: number; overdue: number; counts: ShareCounts }) | null;
}

export async function evaluationSettings(db: Queryable): Promise<EvaluationSettings> {
  const { rows } = await db.query<{ settings: unknown }>('SELECT settings FROM evaluation_settings');
  return rows[0] ? evaluationSettingsSchema.parse(rows[0].settings) : DEFAULT_SETTINGS;
}

/**
 * Every unit's indicators for a period, scored and ranked within its peers (重庆 第二十四条 月度监测,
 * 定期通报; 凉山 第二十五条 绩效评价; 大足 第四条（八）考核; 凉山 第五条（一）综合评价; a unit reads its own subtree: 凉山 第七条（三）定期分析
 * 涉及本部门的诉求). Units that received nothing are listed with empty rates and no rank. Counted from the
 * rollups kept with the events (rollups/), or with `reference` from the base tables.
 */
export async function scorecard(db: Queryable, q: ScorecardQuery, options: CountingOptions = {}): Promise<{ settings: EvaluationSettings; units: ScorecardRow[] }> {
  const settings = await evaluationSettings(db);
  const query = { from: q.from, to: q.to, by: q.by, now: q.now, exemptCategories: settings.exemptCategories };
  // the rollups (migration 017) when they are up to date, else the GROUP BY: the same answers
  const counts = !options.reference && (await rollupsReady(db)) ? await countSharesFromRollups(db, query) : await countShares(db, query);
  const { rows: units } = await db.query<{ id: string; name: string; kind: string; path: string; active: boolean }>(
    `SELECT id, name, kind, path, active FROM units WHERE kind <> 'center' ORDER BY path`,
  );
  const listed = units.filter((u) => u.active || counts.has(u.id));
  const rows = listed.map((u) => {
    const own = counts.get(u.id) ?? EMPTY_COUNTS;
    const rates = ratesOf(own);
    const below = units.filter((d) => d.id !== u.id && d.path.startsWith(u.path));
    const subtreeCounts = below.length ? below.reduce((sum, d) => addCounts(sum, counts.get(d.id) ?? EMPTY_COUNTS), own) : null;
    return {
      unit: { id: u.id, name: u.name, kind: u.kind, path: u.path },
      group: u.kind,
      ...rates,
      received: own.received,
      overdue: own.overdue,
      supervised: own.supervised,
      counts: own,
      score: own.received > 0 ? scoreOf(rates, settings.weights) : null,
      subtree: subtreeCounts ? { ...ratesOf(subtreeCounts), received: subtreeCounts.received, overdue: subtreeCounts.overdue, counts: subtreeCounts } : null,
    };
  });
  const ranked = rankWithin(rows);
  const only = q.unitId ? ranked.filter((r) => r.unit.id === q.unitId) : ranked;
  return { settings, units: only };
}
