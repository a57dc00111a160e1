import { z } from 'zod';
import type { Rate } from '../analytics/indicators.ts';
import { pct } from './report.ts';

/**
 * 通报: the monthly bulletin on the units' work that the center sends to every unit (重庆市办法
 * 第二十四条 月度监测…并定期通报; 大足 第九条 定期通报; 凉山州办法 第二十一条 对…业务指标进行通报;
 * 邵阳 第五条（一）工作通报和考核, 第二十六条 每月…汇总承办单位工作情况并在全市进行通报, 第二十七条 定期考评). Drafted from
 * the scorecard with its 环比, with the units to praise and to criticise by stated thresholds; the
 * text is the analyst's to edit before a leader reviews and publishes it.
 */
export const BULLETIN_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'published'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];
export const BULLETIN_STATUS_LABELS: Record<BulletinStatus, string> = { draft: '草稿', submitted: '待审核', returned: '已退回', approved: '待发布', published: '已发布' };
export const BULLETIN_ACTION_LABELS: Record<string, string> = {
  create: '生成草稿',
  update: '修改',
  regenerate: '重新生成',
  submit: '提交审核',
  return: '退回修改',
  approve: '审核通过',
  publish: '发布',
};

/** The article each preset's regulation gives the 通报 (policies/*.json ids). */
export const BULLETIN_ARTICLES: Record<string, string> = {
  'chongqing-2021': '第二十四条',
  'dazu-2021': '第九条',
  'liangshan-2023': '第二十一条',
  'shaoyang-2023': '第二十六条、第二十七条',
};

export const bulletinThresholdsSchema = z
  .object({
    /** 表扬: a score at least this, and no overdue share. */
    praiseScore: z.number('表扬分数线应为数字').min(0, '分数线在 0–100 之间').max(100, '分数线在 0–100 之间').default(90),
    /** 通报批评: a score below this … */
    criticizeScore: z.number('批评分数线应为数字').min(0, '分数线在 0–100 之间').max(100, '分数线在 0–100 之间').default(60),
    /** … or at least this many overdue shares. */
    overdueLimit: z.number('超期件数应为数字').int('超期件数应为整数').min(1, '超期件数至少为 1').max(10_000).default(3),
    /** Units that received fewer shares are ranked but neither praised nor criticised (too few to judge). */
    minReceived: z.number('最少受理量应为数字').int('最少受理量应为整数').min(1, '最少受理量至少为 1').max(10_000).default(3),
  })
  .strict()
  .refine((t) => t.criticizeScore <= t.praiseScore, { message: '批评分数线不能高于表扬分数线', path: ['criticizeScore'] });
export type BulletinThresholds = z.infer<typeof bulletinThresholdsSchema>;

export interface BulletinRow {
  unit: { id: string; name: string };
  group: string;
  rank: number | null;
  received: number;
  overdue: number;
  onTimeRate: Rate;
  satisfactionRate: Rate;
  score: number | null;
  previousRank: number | null;
  previousScore: number | null;
  scoreChange: number | null;
  rankChange: number | null;
}

export interface BulletinContent {
  month: string;
  period: { from: string; to: string };
  previous: { from: string; to: string };
  basis: string;
  thresholds: BulletinThresholds;
  generatedAt: string;
  totals: { units: number; shares: number; overdue: number; onTimeRate: Rate; satisfactionRate: Rate };
  ranking: BulletinRow[];
  praised: Array<{ unit: { id: string; name: string }; reason: string }>;
  criticized: Array<{ unit: { id: string; name: string }; reason: string }>;
}

export const GROUP_LABELS: Record<string, string> = { department: '部门', district: '区县', street: '街道（乡镇）', community: '社区（村）', enterprise: '企业' };
const GROUP_ORDER = ['district', 'department', 'street', 'community', 'enterprise'];

/** Praise and criticism by the thresholds, each with the reason in figures. */
export function judge(rows: BulletinRow[], t: BulletinThresholds): Pick<BulletinContent, 'praised' | 'criticized'> {
  const judged = rows.filter((r) => r.received >= t.minReceived && r.score !== null);
  const praised = judged
    .filter((r) => r.score! >= t.praiseScore && r.overdue === 0)
    .sort((a, b) => b.score! - a.score!)
    .map((r) => ({ unit: r.unit, reason: `综合得分 ${r.score!.toFixed(1)} 分，无超期件` }));
  const criticized = judged
    .filter((r) => r.score! < t.criticizeScore || r.overdue >= t.overdueLimit)
    .sort((a, b) => a.score! - b.score!)
    .map((r) => ({
      unit: r.unit,
      reason: [r.score! < t.criticizeScore ? `综合得分 ${r.score!.toFixed(1)} 分，低于 ${t.criticizeScore} 分` : null, r.overdue >= t.overdueLimit ? `超期 ${r.overdue} 件` : null].filter(Boolean).join('；'),
    }));
  return { praised, criticized };
}

/** Units with shares in the month, by peer group and rank. */
export function orderRanking(rows: BulletinRow[]): BulletinRow[] {
  const g = (x: string) => (GROUP_ORDER.includes(x) ? GROUP_ORDER.indexOf(x) : 99);
  return rows.filter((r) => r.received > 0).sort((a, b) => g(a.group) - g(b.group) || (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.unit.name.localeCompare(b.unit.name, 'zh-CN'));
}

/** A paragraph's first-line indent in a Chinese document: two full-width spaces. */
const INDENT = '\u3000\u3000';

const move = (r: BulletinRow) => (r.rankChange === null ? '' : r.rankChange > 0 ? `，较上月上升 ${r.rankChange} 位` : r.rankChange < 0 ? `，较上月下降 ${-r.rankChange} 位` : '，与上月持平');

/** The title and the text of the draft, every statement with its figures. */
export function bulletinText(c: BulletinContent, center: string, documentTitle: string, issuedOn: string): { title: string; body: string } {
  const [year, month] = c.month.split('-').map(Number) as [number, number];
  const when = `${year}年${month}月`;
  const groups = [...new Set(c.ranking.map((r) => r.group))];
  const lines: string[] = [];
  lines.push('各承办单位：');
  lines.push(`${INDENT}根据《${documentTitle}》${c.basis}，现将${when}12345热线承办单位办理工作情况通报如下：`);
  lines.push('一、总体情况');
  lines.push(
    `${INDENT}${when}，热线中心向 ${c.totals.units} 个承办单位交办主办件 ${c.totals.shares} 件，按时办结率 ${pct(c.totals.onTimeRate)}，满意率 ${pct(c.totals.satisfactionRate)}，超期 ${c.totals.overdue} 件。`,
  );
  lines.push('二、考核排名');
  if (!groups.length) lines.push(`${INDENT}本月无交办工单。`);
  for (const g of groups) {
    const ranked = c.ranking.filter((r) => r.group === g && r.rank !== null).slice(0, 3);
    if (!ranked.length) continue;
    lines.push(`${INDENT}${GROUP_LABELS[g] ?? g}：${ranked.map((r) => `第 ${r.rank} 名 ${r.unit.name}（${r.score!.toFixed(1)} 分${move(r)}）`).join('；')}。`);
  }
  lines.push(`${INDENT}各单位的得分、排名及环比详见附表。`);
  lines.push('三、通报表扬');
  lines.push(
    c.praised.length
      ? `${INDENT}以下单位综合得分不低于 ${c.thresholds.praiseScore} 分且无超期件，予以通报表扬：${c.praised.map((p) => `${p.unit.name}（${p.reason}）`).join('；')}。`
      : `${INDENT}本月无符合通报表扬条件的单位。`,
  );
  lines.push('四、通报批评');
  lines.push(
    c.criticized.length
      ? `${INDENT}以下单位综合得分低于 ${c.thresholds.criticizeScore} 分或超期件达 ${c.thresholds.overdueLimit} 件以上，予以通报批评：${c.criticized.map((p) => `${p.unit.name}（${p.reason}）`).join('；')}。请上述单位认真分析原因，限期整改，并将整改情况报热线中心。`
      : `${INDENT}本月无符合通报批评条件的单位。`,
  );
  lines.push('五、工作要求');
  lines.push(`${INDENT}各承办单位要对照考核指标，落实首接负责和限时办结要求，加强与来电人沟通，切实提高按时办结率、解决率和满意率。`);
  lines.push('');
  // the issuer and the date at the foot, as a document ends
  lines.push(`${center}`);
  lines.push(issuedOn);
  return { title: `关于${when}12345热线承办单位办理工作情况的通报`, body: lines.join('\n') };
}
