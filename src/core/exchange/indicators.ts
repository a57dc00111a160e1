import { z } from 'zod';
import { addCounts, EMPTY_COUNTS, ratesOf, type Rate, type Rates, type ShareCounts } from '../analytics/indicators.ts';

/**
 * 省市两级数据通道 (四川 (sichuan-2021) 二 打通省、市数据通道; 四（三） 跨层级的数据应用; 六（二） 对问题解决率、满意率等指标
 * 进行综合分析评价): what a city's open12345 reports to its province for one month — the counts behind the
 * indicators its own leaders see (the dashboard's volume, the scorecard's share counts summed over every unit,
 * the visits), the volume by type, channel, category and district, and the hot issues. Never a caller's data,
 * nor a ticket's number, content or address: the schema below is strict, so a field outside it is refused by
 * the province rather than stored. The province computes every rate itself from the counts, the same way for
 * each city and for the province's total.
 */

const count = z.number().int().min(0).max(1e9);
const key = z.string().max(100);
const counts = (max: number) => z.array(z.object({ key, count }).strict()).max(max);

const shareCountsSchema = z
  .object({
    received: count,
    returned: count,
    onTime: count,
    overdue: count,
    replies: count,
    contacted: count,
    visitsWithResolution: count,
    resolved: count,
    rated: count,
    satisfied: count,
    extended: count,
    redone: count,
    supervised: count,
    signedOnTime: count,
    signedLate: count,
  })
  .strict();

export const cityReportSchema = z
  .object({
    messageId: z.string({ error: '请提供 messageId' }).trim().min(1, '请提供 messageId').max(100),
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period 应为月份 YYYY-MM'),
    /** The last day counted (the month's last day once it is over). */
    through: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'through 应为日期 YYYY-MM-DD'),
    /** The month is over and this is its final figure. */
    complete: z.boolean(),
    generatedAt: z.string().max(40),
    tickets: z
      .object({
        /** Requests registered in the month (the dashboard's 受理). */
        received: count,
        closed: count,
        /** Tickets closed in the month after a visit that reached the caller, and those closed as 联系不上. */
        visited: count,
        unreachable: count,
      })
      .strict(),
    /** 主办 shares dispatched in the month, summed over every unit (the scorecard's counts). */
    shares: shareCountsSchema,
    byType: counts(20),
    byChannel: counts(20),
    byCategory: counts(20),
    byDistrict: counts(100),
    hot: z
      .array(
        z
          .object({
            category: key,
            /** The town (街道/乡镇) as the gazetteer names it, never the address. */
            place: z.string().max(100).nullable(),
            count,
            previous: count,
            lastYear: count,
            pPrevious: z.number().min(0).max(1),
            significant: z.boolean(),
          })
          .strict(),
      )
      .max(20),
  })
  .strict();

export type CityReport = z.infer<typeof cityReportSchema>;
export type CityTickets = CityReport['tickets'];

export interface CityRates extends Rates {
  /** 回访率: closed after a visit that reached the caller ÷ closed through the visit step (联系不上 included). */
  visitRate: Rate;
}

const rate = (num: number, den: number): Rate => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

export function cityRates(tickets: CityTickets, shares: ShareCounts): CityRates {
  return { ...ratesOf(shares), visitRate: rate(tickets.visited, tickets.visited + tickets.unreachable) };
}

export const EMPTY_TICKETS: CityTickets = { received: 0, closed: 0, visited: 0, unreachable: 0 };

/** The province's total: the cities' counts added, its rates computed from them (not an average of rates). */
export function provinceTotal(reports: ReadonlyArray<Pick<CityReport, 'tickets' | 'shares'>>): { tickets: CityTickets; shares: ShareCounts; rates: CityRates } {
  const tickets = { ...EMPTY_TICKETS };
  let shares: ShareCounts = EMPTY_COUNTS;
  for (const r of reports) {
    for (const k of Object.keys(tickets) as Array<keyof CityTickets>) tickets[k] += r.tickets[k];
    shares = addCounts(shares, r.shares);
  }
  return { tickets, shares, rates: cityRates(tickets, shares) };
}

/** The indicators the 全省对比 shows, with what each counts and where the duty to measure it comes from. */
export const PROVINCE_INDICATORS = [
  { key: 'received', label: '受理量', formula: '期内登记的诉求件数（各市数据看板的受理）', basis: '四川 (sichuan-2021) 六（二）' },
  { key: 'closed', label: '办结量', formula: '期内办结的工单件数', basis: '四川 (sichuan-2021) 六（二）' },
  { key: 'onTimeRate', label: '按时办结率', formula: '按时答复的主办件 ÷（已答复的 + 已超过办理时限仍未答复的）', basis: '重庆市办法 第十三条（二）、第二十四条' },
  { key: 'satisfactionRate', label: '满意率', formula: '（满意 + 基本满意）÷ 参评回访（甄别成立的不满意、豁免类别不计）', basis: '四川 (sichuan-2021) 六（二） 企业群众满意率' },
  { key: 'resolutionRate', label: '解决率', formula: '回访为“已解决”的 ÷ 记录了解决情况的回访', basis: '四川 (sichuan-2021) 六（二） 问题解决率' },
  { key: 'visitRate', label: '回访率', formula: '期内办结且回访联系到诉求人的 ÷ 期内经回访办结的（含联系不上的）', basis: '邵阳市办法 第十七条（对办结事项进行全面回访）' },
  { key: 'responseRate', label: '响应率', formula: '答复中记录已联系来电人的 ÷ 答复数', basis: '重庆市办法 第十三条（二）' },
  { key: 'overdue', label: '超期件数', formula: '答复晚于办理时限、或已过时限仍未答复的主办件数', basis: '重庆市办法 第二十五条' },
] as const;
