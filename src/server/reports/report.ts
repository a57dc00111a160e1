import { withPrevious } from '../../core/analytics/change.ts';
import { addCounts, EMPTY_COUNTS, rankWithin, ratesOf, scoreOf, type EvaluationSettings, type ShareCounts } from '../../core/analytics/indicators.ts';
import { periodLabel, periodText, previousPeriod, sameLastYear, type Period } from '../../core/analytics/periods.ts';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import { REPORT_BASIS, REPORT_KIND_LABELS, summarize, type Report, type ReportKind, type ReportUnit, type Totals } from '../../core/reports/report.ts';
import { dashboard, type Granularity } from '../analytics/dashboard.ts';
import { hotIssues } from '../analytics/hot.ts';
import { evaluationSettings, scorecard } from '../analytics/scorecard.ts';
import type { Queryable } from '../db/connection.ts';
import { TICKET_FLAG_LABELS, type TicketFlag } from '../../core/flags/ticket-flags.ts';
import { highlights, scopedShareCounts, scopedVolume, type Scope } from './figures.ts';

export interface ReportSpec {
  kind: ReportKind;
  period: Period;
  /** A 专报's matter (category prefix) and place (a district's or town's unit). */
  category?: string;
  unit?: { id: string; name: string; path: string; regionCode: string | null };
  /** A 专报 of the tickets carrying one flag (涉企诉求, 国办工单, 领导批示件, 代表委员件). */
  flag?: TicketFlag;
  now: number;
}

/** The rows a ranking needs, from counts per unit: the scorecard's for whole periods, the scoped counts for a 专报. */
interface Row {
  unit: { id: string; name: string };
  group: string;
  received: number;
  overdue: number;
  counts: ShareCounts;
  score: number | null;
  rank: number | null;
  onTimeRate: number | null;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

function totalsOf(rows: Row[], volume: { trend: Array<{ received: number; closed: number }> }): Totals {
  const sum = rows.reduce((s, r) => addCounts(s, r.counts), EMPTY_COUNTS);
  const rates = ratesOf(sum);
  return {
    received: volume.trend.reduce((n, b) => n + b.received, 0),
    closed: volume.trend.reduce((n, b) => n + b.closed, 0),
    shares: sum.received,
    overdue: sum.overdue,
    dissatisfied: sum.rated - sum.satisfied,
    onTimeRate: rates.onTimeRate,
    responseRate: rates.responseRate,
    resolutionRate: rates.resolutionRate,
    satisfactionRate: rates.satisfactionRate,
  };
}

async function scopedRows(db: Queryable, p: Period, now: number, settings: EvaluationSettings, scope: Scope): Promise<Row[]> {
  const counts = await scopedShareCounts(db, p, now, settings.exemptCategories, scope);
  if (!counts.size) return [];
  const { rows: units } = await db.query<{ id: string; name: string; kind: string }>('SELECT id, name, kind FROM units WHERE id = ANY($1::uuid[])', [[...counts.keys()]]);
  return rankWithin(
    units.map((u) => {
      const c = counts.get(u.id)!;
      const rates = ratesOf(c);
      return { unit: { id: u.id, name: u.name }, group: u.kind, received: c.received, overdue: c.overdue, counts: c, ...rates, score: c.received > 0 ? scoreOf(rates, settings.weights) : null };
    }),
  );
}

const GRANULARITY: Record<Exclude<ReportKind, 'special'>, Granularity> = { monthly: 'day', quarterly: 'week', annual: 'month' };

/**
 * A report from the data: totals against the period before and the same period a year before,
 * volume by type, channel, category and district, the trend, the units ranked, hot issues, and the
 * overdue and dissatisfied tickets behind the highlights, with a generated summary. The periodic
 * reports read the dashboard and the scorecard themselves, so a report says what the boards say.
 */
export async function buildReport(db: Queryable, spec: ReportSpec): Promise<Report> {
  const p = spec.period;
  const prev = previousPeriod(p);
  const year = sameLastYear(p);
  const days = p.to - p.from + 1;
  const granularity: Granularity = spec.kind === 'special' ? (days <= 62 ? 'day' : days <= 190 ? 'week' : 'month') : GRANULARITY[spec.kind];
  const settings = await evaluationSettings(db);
  const scope: Scope = { ...(spec.category ? { category: spec.category } : {}), ...(spec.unit ? { unitPath: spec.unit.path } : {}), ...(spec.flag ? { flag: spec.flag } : {}) };
  const special = spec.kind === 'special';

  const volumeOf = (q: Period, g: Granularity) => (special ? scopedVolume(db, q, g, scope) : dashboard(db, { ...q, granularity: g, now: spec.now }));
  const rowsOf = async (q: Period): Promise<Row[]> => (special ? scopedRows(db, q, spec.now, settings, scope) : (await scorecard(db, { ...q, by: 'dispatched', now: spec.now })).units);
  const [volume, prevVolume, yearVolume, rows, prevRows, yearRows, hot, lights] = await Promise.all([
    volumeOf(p, granularity),
    volumeOf(prev, 'month'),
    volumeOf(year, 'month'),
    rowsOf(p),
    rowsOf(prev),
    rowsOf(year),
    hotIssues(db, p),
    highlights(db, p, spec.now, settings.exemptCategories, scope),
  ]);

  const compared = withPrevious(rows, prevRows);
  const present = (r: (typeof compared)[number]): ReportUnit => ({
    unit: { id: r.unit.id, name: r.unit.name },
    group: r.group,
    received: r.received,
    overdue: r.overdue,
    onTimeRate: r.onTimeRate,
    satisfactionRate: r.satisfactionRate,
    score: r.score,
    rank: r.rank,
    scoreChange: r.change.score,
  });
  const scored = compared.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score! || b.received - a.received);
  // with few units scored, top and bottom split them rather than name the same ones twice
  const top = scored.slice(0, Math.min(5, Math.ceil(scored.length / 2)));
  const bottom = scored.slice(top.length).slice(-5).reverse();
  const mostOverdue = compared.filter((r) => r.overdue > 0).sort((a, b) => b.overdue - a.overdue || a.unit.name.localeCompare(b.unit.name, 'zh-CN')).slice(0, 5);

  const region = spec.unit?.regionCode ?? null;
  // hot issues are the city's, cut by matter and place only: a flag's 专报 leaves them out
  const hotItems = hot.items
    .filter(() => !spec.flag)
    .filter((h) => !spec.category || h.category.startsWith(spec.category))
    .filter((h) => !spec.unit || (region !== null && h.place !== null && h.place.code.startsWith(region)))
    .map((h) => ({ category: h.category, place: h.place?.name ?? null, count: h.count, previous: h.previous, lastYear: h.lastYear, pPrevious: h.pPrevious, significant: h.significant }));

  const label = periodLabel(p);
  const flagLabel = spec.flag ? TICKET_FLAG_LABELS[spec.flag] : '';
  const title = special
    ? `${label}${spec.unit?.name ?? ''}${spec.category ? `“${spec.category}”类` : ''}${flagLabel ? `${flagLabel}专报` : '诉求专报'}`
    : `${label}12345政务服务便民热线运行${REPORT_KIND_LABELS[spec.kind]}`;
  const report: Omit<Report, 'summary'> = {
    kind: spec.kind,
    title,
    period: { ...periodText(p), label },
    previous: { ...periodText(prev), label: periodLabel(prev) },
    lastYear: { ...periodText(year), label: periodLabel(year) },
    scope: special
      ? { category: spec.category ?? null, unit: spec.unit ? { id: spec.unit.id, name: spec.unit.name } : null, ...(spec.flag ? { flag: { key: spec.flag, label: flagLabel } } : {}) }
      : null,
    generatedAt: formatInstant(spec.now),
    totals: { current: totalsOf(rows, volume), previous: totalsOf(prevRows, prevVolume), lastYear: totalsOf(yearRows, yearVolume) },
    granularity,
    trend: volume.trend,
    byType: volume.byType,
    byChannel: volume.byChannel,
    byCategory: volume.byCategory,
    byDistrict: volume.byDistrict,
    units: {
      scored: scored.length,
      top: top.map(present),
      bottom: bottom.map(present),
      mostOverdue: mostOverdue.map(present),
      ...(special ? { all: [...compared].sort((a, b) => b.received - a.received || a.unit.name.localeCompare(b.unit.name, 'zh-CN')).map(present) } : {}),
    },
    hot: hotItems,
    overdue: lights.overdue,
    dissatisfied: lights.dissatisfied,
    dissatisfiedByCategory: lights.dissatisfiedByCategory,
    basis: REPORT_BASIS,
  };
  return { ...report, summary: summarize(report) };
}
