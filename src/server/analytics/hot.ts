import { riseP } from '../../core/analytics/rise.ts';
import { dayFromYmd, formatDay, startOfDay, ymdFromDay } from '../../core/calendar/civil-date.ts';
import { packagedGazetteer } from '../../core/territory/index.ts';
import type { Queryable } from '../db/connection.ts';
import { hotCountsFromRollups, samplesFromRollups } from './rollups/hot.ts';
import { rollupsReady } from './rollups/upkeep.ts';
import type { CountingOptions } from './scorecard.ts';

/** A rise this unlikely by chance is called significant (one-sided). */
export const SIGNIFICANCE = 0.01;
/** Fewer tickets than this in the period are not a hot issue, however steep the rise. */
export const MIN_COUNT = 3;
const MAX_ITEMS = 20;

export interface HotIssue {
  category: string;
  /** The town (街道/乡镇) the addresses name, or null for requests whose address names none. */
  place: { code: string; name: string } | null;
  count: number;
  previous: number;
  lastYear: number;
  /** One-sided p-values of the rise against the previous period and the same period a year before. */
  pPrevious: number;
  pLastYear: number;
  significant: boolean;
  samples: Array<{ id: string; number: string; title: string | null; content: string }>;
}

let townNames: Map<string, string> | null = null;
export function townName(code: string): string {
  townNames ??= new Map(packagedGazetteer().divisions.filter((d) => d.code.length === 9).map((d) => [d.code, `${d.parent?.name ?? ''}${d.name}`]));
  return townNames.get(code) ?? code;
}

/** The same dates a year before (29 February falls back to the 28th). */
function yearBefore(day: number): number {
  const { year, month, day: d } = ymdFromDay(day);
  return month === 2 && d === 29 ? dayFromYmd(year - 1, 2, 28) : dayFromYmd(year - 1, month, d);
}

/**
 * 热点诉求: the category × town pairs that rose most in the period, against the period just before
 * (as long) and the same dates a year before, each with the exact one-sided p-value of the rise
 * (core/analytics/rise.ts) — candidates for 每月一题 and 专报 (重庆 第二十条 简报、专报; 凉山 第十九条).
 * The town is the one the repeat detector read from the address (ticket_fingerprints.place_town).
 */
export async function hotIssues(db: Queryable, q: { from: number; to: number }, options: CountingOptions = {}): Promise<{ previous: { from: string; to: string }; lastYear: { from: string; to: string }; items: HotIssue[] }> {
  const days = q.to - q.from + 1;
  const prev = { from: q.from - days, to: q.from - 1 };
  const year = { from: yearBefore(q.from), to: yearBefore(q.to) };
  const at = (d: number) => new Date(startOfDay(d));
  const periods = { current: q, previous: prev, lastYear: year };
  // the rollups (migration 017) when they are up to date, else the GROUP BY: the same answers
  const fast = !options.reference && (await rollupsReady(db));
  const rows = fast ? await hotCountsFromRollups(db, periods) : await hotCounts(db, periods);
  const yearDays = year.to - year.from + 1;
  const ranked = rows
    .filter((r) => r.count > r.previous)
    .map((r) => ({ ...r, pPrevious: riseP(r.count, r.previous), pLastYear: riseP(r.count, r.last_year, days, yearDays) }))
    .sort((a, b) => a.pPrevious - b.pPrevious || b.count - a.count || a.category.localeCompare(b.category) || (a.town ?? '').localeCompare(b.town ?? ''))
    .slice(0, MAX_ITEMS);
  // from the rollups, the samples of every pair at once (each a small indexed read); the GROUP BY's one by one, as defined
  const samples: Sample[][] = [];
  if (fast) samples.push(...(await Promise.all(ranked.map((r) => samplesFromRollups(db, r.category, r.town, q)))));
  else for (const r of ranked) samples.push(await samplesOf(db, r.category, r.town, at(q.from), at(q.to + 1)));
  const items: HotIssue[] = ranked.map((r, i) => ({
    category: r.category,
    place: r.town ? { code: r.town, name: townName(r.town) } : null,
    count: r.count,
    previous: r.previous,
    lastYear: r.last_year,
    pPrevious: Number(r.pPrevious.toPrecision(3)),
    pLastYear: Number(r.pLastYear.toPrecision(3)),
    significant: r.pPrevious < SIGNIFICANCE,
    samples: samples[i]!,
  }));
  return { previous: { from: formatDay(prev.from), to: formatDay(prev.to) }, lastYear: { from: formatDay(year.from), to: formatDay(year.to) }, items };
}

interface Days {
  from: number;
  to: number;
}
/** The three periods a hot issue is counted over. */
export interface HotPeriods {
  current: Days;
  previous: Days;
  lastYear: Days;
}
/** Tickets per category × town in each period, of the pairs with at least MIN_COUNT in the current one. */
export interface HotCount {
  category: string;
  town: string | null;
  count: number;
  previous: number;
  last_year: number;
}

/** The counts behind the hot issues, with one GROUP BY over the tickets: the definition rollups/hot.ts is held to. */
export async function hotCounts(db: Queryable, p: HotPeriods): Promise<HotCount[]> {
  const at = (d: number) => new Date(startOfDay(d));
  const { rows } = await db.query<HotCount>(
    `SELECT t.category, f.place_town AS town,
            count(*) FILTER (WHERE t.created_at >= $1 AND t.created_at < $2)::int AS count,
            count(*) FILTER (WHERE t.created_at >= $3 AND t.created_at < $1)::int AS previous,
            count(*) FILTER (WHERE t.created_at >= $4 AND t.created_at < $5)::int AS last_year
       FROM tickets t LEFT JOIN ticket_fingerprints f ON f.ticket_id = t.id
      WHERE t.category IS NOT NULL AND ((t.created_at >= $3 AND t.created_at < $2) OR (t.created_at >= $4 AND t.created_at < $5))
      GROUP BY t.category, f.place_town
     HAVING count(*) FILTER (WHERE t.created_at >= $1 AND t.created_at < $2) >= $6`,
    [at(p.current.from), at(p.current.to + 1), at(p.previous.from), at(p.lastYear.from), at(p.lastYear.to + 1), MIN_COUNT],
  );
  return rows;
}

export type Sample = HotIssue['samples'][number];

/** The latest three tickets of a category × town in a period, from the base tables. */
async function samplesOf(db: Queryable, category: string, town: string | null, start: Date, end: Date): Promise<Sample[]> {
  const { rows } = await db.query<Sample>(
    `SELECT t.id, t.number, t.title, left(t.content, 80) AS content FROM tickets t LEFT JOIN ticket_fingerprints f ON f.ticket_id = t.id
      WHERE t.category = $1 AND f.place_town IS NOT DISTINCT FROM $2 AND t.created_at >= $3 AND t.created_at < $4
      ORDER BY t.created_at DESC, t.number DESC LIMIT 3`,
    [category, town, start, end],
  );
  return rows;
}
