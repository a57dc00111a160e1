import type { Rate } from '../analytics/indicators.ts';
import { CHANNEL_LABELS } from '../ticket/labels.ts';
import { TICKET_TYPE_LABELS, type Channel, type TicketType } from '../vocabulary.ts';

/**
 * 报告: the monthly, quarterly and annual reports and the 专报 on one matter or place that the center
 * writes from its data (重庆市办法 第二十条 工作简报、专报; 凉山州办法 第十九条 月报、季报、年报和专报;
 * 凉山 第五条（二）社情民意研判; 邵阳 第五条（四）分析研判社情民意, 第二十一条 辅助各部门精准感知社情民意，为政府决策施政提供参考). The server fills it
 * (server/reports/report.ts); the page, the print view and the workbook read the same object.
 */
export const REPORT_KINDS = ['monthly', 'quarterly', 'annual', 'special'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = { monthly: '月报', quarterly: '季报', annual: '年报', special: '专报' };

export const REPORT_BASIS = '重庆市办法 第二十条（工作简报、专报）；凉山州办法 第十九条（月报、季报、年报和专报）；邵阳市办法 第二十一条（精准感知社情民意，为政府决策施政提供参考）';

export interface Totals {
  /** Requests registered in the period (the dashboard's 受理). */
  received: number;
  /** Tickets closed in the period. */
  closed: number;
  /** 主办 shares dispatched to units in the period (the scorecard's 受理量, summed). */
  shares: number;
  overdue: number;
  dissatisfied: number;
  onTimeRate: Rate;
  responseRate: Rate;
  resolutionRate: Rate;
  satisfactionRate: Rate;
}

export type Count = { key: string; count: number };

export interface ReportUnit {
  unit: { id: string; name: string };
  group: string;
  received: number;
  overdue: number;
  onTimeRate: Rate;
  satisfactionRate: Rate;
  score: number | null;
  rank: number | null;
  /** 环比 of the score (null: no score in one of the periods). */
  scoreChange: number | null;
}

export interface Report {
  kind: ReportKind;
  title: string;
  period: { from: string; to: string; label: string };
  previous: { from: string; to: string; label: string };
  lastYear: { from: string; to: string; label: string };
  /** A 专报's matter and place; null for the periodic reports. */
  scope: { category: string | null; unit: { id: string; name: string } | null; flag?: { key: string; label: string } | null } | null;
  generatedAt: string;
  totals: { current: Totals; previous: Totals; lastYear: Totals };
  granularity: 'day' | 'week' | 'month';
  trend: Array<{ start: string; received: number; closed: number }>;
  byType: Count[];
  byChannel: Count[];
  byCategory: Count[];
  byDistrict: Array<Count & { unitId: string | null }>;
  /** `all`: a 专报's every unit with work in it, most first (a 涉企诉求专报 counts by unit: 四川 方案 六（二）). */
  units: { scored: number; top: ReportUnit[]; bottom: ReportUnit[]; mostOverdue: ReportUnit[]; all?: ReportUnit[] };
  hot: Array<{ category: string; place: string | null; count: number; previous: number; lastYear: number; pPrevious: number; significant: boolean }>;
  overdue: SampleTicket[];
  dissatisfied: SampleTicket[];
  dissatisfiedByCategory: Count[];
  summary: string[];
  basis: string;
}

export interface SampleTicket {
  id: string;
  number: string;
  category: string | null;
  excerpt: string;
  unitName: string;
  dueAt: string | null;
  repliedAt: string | null;
}

export const pct = (r: Rate | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);

/** 环比/同比 of a count as a reader says it: 增长 12.5%, 下降 3.0%, 持平; 无可比数据 when the base is 0. */
export function changeText(now: number, before: number): string {
  if (before === 0) return now === 0 ? '持平' : '无可比数据';
  const r = (now - before) / before;
  if (Math.abs(r) < 0.0005) return '持平';
  return `${r > 0 ? '增长' : '下降'} ${Math.abs(r * 100).toFixed(1)}%`;
}

/** A rate's change in percentage points: 提高 2.0 个百分点. */
export function pointsText(now: Rate, before: Rate): string {
  if (now === null || before === null) return '无可比数据';
  const d = (now - before) * 100;
  if (Math.abs(d) < 0.05) return '持平';
  return `${d > 0 ? '提高' : '降低'} ${Math.abs(d).toFixed(1)} 个百分点`;
}

const share = (n: number, total: number) => (total > 0 ? `${((n / total) * 100).toFixed(1)}%` : '—');
const list = (rows: Count[], name: (k: string) => string, total: number, n = 3) =>
  rows
    .slice(0, n)
    .map((r) => `${name(r.key)} ${r.count} 件（占 ${share(r.count, total)}）`)
    .join('、');

/**
 * The text a reader reads first: what came in and how it compares, where it came from, how the
 * units did, what rose and what went wrong — every sentence with its numbers, in Chinese.
 */
export function summarize(r: Omit<Report, 'summary'>): string[] {
  const c = r.totals.current;
  const p = r.totals.previous;
  const y = r.totals.lastYear;
  const place = r.scope ? [r.scope.unit?.name, r.scope.category].filter(Boolean).join('') : '';
  // a flag's 专报 counts its own kind of request: 共受理涉企诉求 12 件
  const what = r.scope?.flag ? `${place ? `${place}方面的` : ''}${r.scope.flag.label}` : `${place ? `${place}方面` : ''}群众诉求`;
  const out: string[] = [];
  out.push(
    `${r.period.label}，12345热线共受理${what} ${c.received} 件，环比${changeText(c.received, p.received)}（上期 ${p.received} 件），同比${changeText(c.received, y.received)}（去年同期 ${y.received} 件）；办结 ${c.closed} 件。`,
  );
  if (c.received > 0) {
    out.push(
      `从诉求类型看，${list(r.byType, (k) => TICKET_TYPE_LABELS[k as TicketType] ?? k, c.received)}；从受理渠道看，${list(r.byChannel, (k) => CHANNEL_LABELS[k as Channel] ?? k, c.received)}。` +
        (r.byCategory.length ? `诉求较多的分类为${list(r.byCategory, (k) => k || '未分类', c.received)}。` : ''),
    );
  }
  if (c.shares > 0) {
    out.push(
      `期内向承办单位交办主办件 ${c.shares} 件，按时办结率 ${pct(c.onTimeRate)}（环比${pointsText(c.onTimeRate, p.onTimeRate)}），` +
        `响应率 ${pct(c.responseRate)}，解决率 ${pct(c.resolutionRate)}，满意率 ${pct(c.satisfactionRate)}（环比${pointsText(c.satisfactionRate, p.satisfactionRate)}）；` +
        `超期 ${c.overdue} 件，不满意 ${c.dissatisfied} 件。`,
    );
  }
  const significant = r.hot.filter((h) => h.significant).slice(0, 3);
  if (significant.length) {
    out.push(`热点诉求：${significant.map((h) => `${h.place ?? '未识别地点'}“${h.category}”${h.count} 件（上期 ${h.previous} 件）`).join('；')}，较上期显著上升，建议关注。`);
  }
  if (r.units.top.length) {
    out.push(
      `综合得分居前的单位：${r.units.top.map((u) => `${u.unit.name}（${u.score?.toFixed(1)} 分）`).join('、')}` +
        (r.units.bottom.length ? `；居后的单位：${r.units.bottom.map((u) => `${u.unit.name}（${u.score?.toFixed(1)} 分）`).join('、')}` : '') +
        '。',
    );
  }
  if (r.units.mostOverdue.length) {
    out.push(`超期件较多的单位：${r.units.mostOverdue.map((u) => `${u.unit.name} ${u.overdue} 件`).join('、')}，请督促按时办结。`);
  }
  if (r.dissatisfiedByCategory.length) {
    out.push(`不满意评价主要集中在${list(r.dissatisfiedByCategory, (k) => k || '未分类', c.dissatisfied)}。`);
  }
  return out;
}
