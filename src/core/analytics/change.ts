import type { Rate } from './indicators.ts';

/**
 * 环比: each unit's figures against the period just before (core/analytics/periods.ts previousPeriod),
 * for the ranking and the monthly 通报 (重庆 第二十四条 月度监测、定期通报; 邵阳 第二十六条 每月通报).
 * Only the figures a reader compares month by month: the score, the rank and the four 率.
 */
export const CHANGE_RATES = ['onTimeRate', 'responseRate', 'resolutionRate', 'satisfactionRate'] as const;
export type ChangeRate = (typeof CHANGE_RATES)[number];

export interface UnitFigures extends Record<ChangeRate, Rate> {
  unit: { id: string };
  received: number;
  score: number | null;
  rank: number | null;
}

export type PreviousFigures = Pick<UnitFigures, 'received' | 'score' | 'rank' | ChangeRate>;

/** Differences, this period minus the previous one; rank: places moved up (positive) or down. Null where either side has none. */
export interface Change extends Record<ChangeRate, number | null> {
  score: number | null;
  rank: number | null;
  received: number;
}

const diff = (a: number | null, b: number | null, places: number) => (a === null || b === null ? null : Math.round((a - b) * 10 ** places) / 10 ** places);

export function changeOf(now: PreviousFigures, before: PreviousFigures | null): Change {
  const b = before ?? { received: 0, score: null, rank: null, onTimeRate: null, responseRate: null, resolutionRate: null, satisfactionRate: null };
  return {
    received: now.received - b.received,
    score: diff(now.score, b.score, 2),
    // rank 1 is best: from 5th to 2nd is 3 places up
    rank: now.rank === null || b.rank === null ? null : b.rank - now.rank,
    ...(Object.fromEntries(CHANGE_RATES.map((k) => [k, diff(now[k], b[k], 4)])) as Record<ChangeRate, number | null>),
  };
}

const figures = (r: UnitFigures): PreviousFigures => ({
  received: r.received,
  score: r.score,
  rank: r.rank,
  ...(Object.fromEntries(CHANGE_RATES.map((k) => [k, r[k]])) as Record<ChangeRate, Rate>),
});

/** Each row with its previous figures (null: the unit was not listed then) and the change. */
export function withPrevious<T extends UnitFigures>(rows: T[], previous: UnitFigures[]): Array<T & { previous: PreviousFigures | null; change: Change }> {
  const before = new Map(previous.map((r) => [r.unit.id, figures(r)]));
  return rows.map((r) => {
    const p = before.get(r.unit.id) ?? null;
    return { ...r, previous: p, change: changeOf(figures(r), p) };
  });
}
