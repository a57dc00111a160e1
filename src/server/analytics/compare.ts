import { withPrevious } from '../../core/analytics/change.ts';
import { previousPeriod, periodText } from '../../core/analytics/periods.ts';
import type { Queryable } from '../db/connection.ts';
import { scorecard, type ScorecardQuery } from './scorecard.ts';

/**
 * The scorecard with 环比: every unit row carries its score, rank and 率 of the period just before
 * (whole months against the months before, other spans day for day) and the change — for the
 * ranking page, its export and the monthly 通报 (重庆 第二十四条; 邵阳 第二十六条).
 */
export async function scorecardWithPrevious(db: Queryable, q: ScorecardQuery) {
  const before = previousPeriod(q);
  const [card, prev] = await Promise.all([scorecard(db, q), scorecard(db, { ...q, ...before })]);
  return { settings: card.settings, previous: periodText(before), units: withPrevious(card.units, prev.units) };
}

export type ComparedRow = Awaited<ReturnType<typeof scorecardWithPrevious>>['units'][number];
