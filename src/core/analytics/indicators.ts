import { z } from 'zod';

/**
 * 考核指标: what the center measures of every unit, month by month (重庆市办法 第二十四条: 月度监测和年度评估,
 * 定期通报; 邵阳 第二十六条、第二十七条; 凉山 第二十一条; 四川 六（二）). No regulation fixes a formula or a
 * weight, so each indicator says here what it counts, and a deployment may change the weights and
 * exemptions in its evaluation settings. The counts come from the database (server/analytics);
 * everything computed from them is here, the same for the CLI, the API and the pages.
 */

/** What is counted for one unit over one period: the inputs of every rate. */
export interface ShareCounts {
  /** 主办 shares dispatched to the unit (returned ones included: they were received). */
  received: number;
  /** Shares the unit returned (退单) and the center approved. */
  returned: number;
  /** Handle clocks stopped in time (replied at or before the due, after approved extensions). */
  onTime: number;
  /** Handle clocks past their due: replied late, or still running past it. */
  overdue: number;
  /** Replies on tickets that have a caller's phone. */
  replies: number;
  /** Of those, replies recording that the unit contacted the caller. */
  contacted: number;
  /** Visits that recorded a resolution. */
  visitsWithResolution: number;
  resolved: number;
  /** Rated visits, not counting a dissatisfied one whose appeal was approved, nor exempt kinds. */
  rated: number;
  /** 满意 + 基本满意 among them. */
  satisfied: number;
  /** Shares given more time (延期) at least once. */
  extended: number;
  /** Shares whose ticket was sent back for redo (重办) at least once. */
  redone: number;
  /** Shares whose ticket was supervised (督办). */
  supervised: number;
  /** Sign clocks (签收时限) met and missed, where the preset has one. */
  signedOnTime: number;
  signedLate: number;
}

export const EMPTY_COUNTS: ShareCounts = {
  received: 0,
  returned: 0,
  onTime: 0,
  overdue: 0,
  replies: 0,
  contacted: 0,
  visitsWithResolution: 0,
  resolved: 0,
  rated: 0,
  satisfied: 0,
  extended: 0,
  redone: 0,
  supervised: 0,
  signedOnTime: 0,
  signedLate: 0,
};

export type RateKey = 'onTimeRate' | 'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'returnRate' | 'extensionRate' | 'redoRate' | 'signedOnTimeRate';

/** A rate: a fraction rounded to 4 places, or null when nothing was there to count. */
export type Rate = number | null;

export interface IndicatorDefinition {
  key: RateKey | 'received' | 'overdue' | 'supervised';
  label: string;
  /** The formula as the page shows it. */
  formula: string;
  /** Where the duty to measure it comes from. */
  basis: string;
  /** Whether a higher value is better (for the score and for colouring). */
  higherIsBetter?: boolean;
}

/** Every indicator, in the order pages and exports show them, with its formula and its article. */
export const INDICATORS: readonly IndicatorDefinition[] = [
  { key: 'received', label: '受理量', formula: '期内派给本单位的主办件数（含经同意退回的）', basis: '重庆市办法 第二十四条（办件质效）' },
  {
    key: 'onTimeRate',
    label: '按时办结率',
    formula: '按时答复的主办件 ÷（已答复的 + 已超过办理时限仍未答复的）；时限为批准延期后的时限；未到期仍在办的不计',
    basis: '重庆市办法 第十三条（二）、第二十四条',
    higherIsBetter: true,
  },
  { key: 'overdue', label: '超期件数', formula: '答复晚于办理时限、或已过时限仍未答复的主办件数', basis: '重庆市办法 第二十五条（超时办理）' },
  {
    key: 'responseRate',
    label: '响应率',
    formula: '答复中记录已联系来电人的 ÷ 答复数（无来电号码的工单不计）',
    basis: '重庆市办法 第十三条（二）（办理过程中与来电人沟通）',
    higherIsBetter: true,
  },
  { key: 'resolutionRate', label: '解决率', formula: '回访为“已解决”的 ÷ 记录了解决情况的回访', basis: '重庆市办法 第十四条', higherIsBetter: true },
  {
    key: 'satisfactionRate',
    label: '满意率',
    formula: '（满意 + 基本满意）÷ 参评回访；申诉经甄别成立的不满意不计入分子分母；设置中豁免的类别（如行政调解类、执法办案类）不计',
    basis: '重庆市办法 第十四条；凉山州办法 第十三条（三）甄别；邵阳市办法 第二十五条',
    higherIsBetter: true,
  },
  { key: 'returnRate', label: '退单率', formula: '经同意退回的主办件 ÷ 受理量', basis: '重庆市办法 第十五条（不当退单）', higherIsBetter: false },
  { key: 'extensionRate', label: '延期率', formula: '延期过的主办件 ÷（受理量 − 退回）', basis: '重庆市办法 第十五条（异常延期）', higherIsBetter: false },
  { key: 'redoRate', label: '重办率', formula: '被退回重办过的主办件 ÷（受理量 − 退回）', basis: '重庆市办法 第十四条', higherIsBetter: false },
  { key: 'supervised', label: '督办件数', formula: '工单被督办过的主办件数', basis: '重庆市办法 第十五条' },
  { key: 'signedOnTimeRate', label: '按时签收率', formula: '按时签收的 ÷（按时 + 超时签收）；时限预设无签收时限的为空', basis: '时限预设的签收时限', higherIsBetter: true },
];

export const DEFAULT_WEIGHTS: Record<RateKey, number> = {
  onTimeRate: 0.3,
  satisfactionRate: 0.3,
  resolutionRate: 0.2,
  responseRate: 0.1,
  returnRate: 0.05,
  extensionRate: 0.05,
  redoRate: 0,
  signedOnTimeRate: 0,
};

const ZERO_WEIGHTS: Record<RateKey, number> = { onTimeRate: 0, responseRate: 0, resolutionRate: 0, satisfactionRate: 0, returnRate: 0, extensionRate: 0, redoRate: 0, signedOnTimeRate: 0 };

/** A deployment's evaluation settings (stored by the server; these are the defaults). */
export const evaluationSettingsSchema = z
  .object({
    /** Weights not given are 0: the score is what the deployment chose to weigh. */
    weights: z
      .partialRecord(z.enum(['onTimeRate', 'responseRate', 'resolutionRate', 'satisfactionRate', 'returnRate', 'extensionRate', 'redoRate', 'signedOnTimeRate'], '未知的指标'), z.number('权重应为数字').min(0, '权重不能为负').max(1, '权重不能大于 1'))
      .default(DEFAULT_WEIGHTS)
      .transform((w): Record<RateKey, number> => ({ ...ZERO_WEIGHTS, ...w })),
    /** Category prefixes left out of the satisfaction rate (重庆 第十四条: 行政调解类、执法办案类 不片面追求满意率). */
    exemptCategories: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  })
  .strict();
export type EvaluationSettings = z.infer<typeof evaluationSettingsSchema>;
export const DEFAULT_SETTINGS: EvaluationSettings = { weights: DEFAULT_WEIGHTS, exemptCategories: [] };

const rate = (num: number, den: number): Rate => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

export type Rates = Record<RateKey, Rate>;

/** Every rate of one unit's counts; null where the denominator is 0. */
export function ratesOf(c: ShareCounts): Rates {
  const kept = c.received - c.returned;
  return {
    onTimeRate: rate(c.onTime, c.onTime + c.overdue),
    responseRate: rate(c.contacted, c.replies),
    resolutionRate: rate(c.resolved, c.visitsWithResolution),
    satisfactionRate: rate(c.satisfied, c.rated),
    returnRate: rate(c.returned, c.received),
    extensionRate: rate(c.extended, kept),
    redoRate: rate(c.redone, kept),
    signedOnTimeRate: rate(c.signedOnTime, c.signedOnTime + c.signedLate),
  };
}

/**
 * The composite score, 0–100: the weighted mean of the rates that exist (a rate where lower is
 * better counts as 1 − rate); weights of missing rates are left out rather than counted as 0, so a
 * unit with no visits yet is not scored as if all were dissatisfied. Null when no weighted rate exists.
 */
export function scoreOf(rates: Rates, weights: Record<RateKey, number>): number | null {
  let sum = 0;
  let total = 0;
  for (const def of INDICATORS) {
    const key = def.key as RateKey;
    const w = weights[key];
    const r = rates[key];
    if (!w || r === undefined || r === null) continue;
    sum += w * (def.higherIsBetter === false ? 1 - r : r);
    total += w;
  }
  return total > 0 ? Math.round((sum / total) * 10_000) / 100 : null;
}

/**
 * Ranks by score within each peer group (1 = best; equal scores share a rank, as in a competition);
 * a unit without a score has no rank.
 */
export function rankWithin<T extends { group: string; score: number | null }>(items: T[]): Array<T & { rank: number | null }> {
  const byGroup = new Map<string, number[]>();
  for (const it of items) if (it.score !== null) byGroup.set(it.group, [...(byGroup.get(it.group) ?? []), it.score]);
  for (const scores of byGroup.values()) scores.sort((a, b) => b - a);
  return items.map((it) => ({ ...it, rank: it.score === null ? null : byGroup.get(it.group)!.indexOf(it.score) + 1 }));
}

/** Adds counts (a district's subtree rolled up). */
export function addCounts(a: ShareCounts, b: ShareCounts): ShareCounts {
  const out = { ...a };
  for (const k of Object.keys(out) as Array<keyof ShareCounts>) out[k] = a[k] + b[k];
  return out;
}
