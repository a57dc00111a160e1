import type { CallFigures, CallGrouping } from '../../core/telephony/call-stats.ts';
import { exceljs } from '../documents/libraries.ts';

export const GROUPING_LABELS: Record<CallGrouping, string> = { day: '日期', month: '月份', halfhour: '时段（半小时）', queue: '队列', agent: '坐席', dialled: '拨打号码' };

/**
 * 话务统计 as a workbook: the groups and the span's total, then how each figure is counted — so
 * whoever reads the file can check it. Rates are numbers formatted as percentages.
 */
export async function callStatsWorkbook(p: { from: string; to: string; by: CallGrouping; total: CallFigures; groups: Array<{ key: string } & CallFigures>; generatedAt: string }): Promise<Buffer> {
  const book = new (await exceljs()).Workbook();
  book.created = new Date(p.generatedAt);
  const sheet = book.addWorksheet('话务统计', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: GROUPING_LABELS[p.by], key: 'key', width: 16 },
    { header: '呼入量', key: 'offered', width: 9 },
    { header: '接通', key: 'answered', width: 9 },
    { header: '放弃', key: 'abandoned', width: 9 },
    { header: '接通率', key: 'answerRate', width: 9, style: { numFmt: '0.0%' } },
    { header: '15 秒内接通', key: 'answeredWithin15', width: 11 },
    { header: '15 秒接通率', key: 'answerRate15', width: 11, style: { numFmt: '0.0%' } },
    { header: '平均等待（秒）', key: 'avgWaitSeconds', width: 13, style: { numFmt: '0.0' } },
    { header: '平均通话（秒）', key: 'avgTalkSeconds', width: 13, style: { numFmt: '0.0' } },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const g of p.groups) sheet.addRow({ ...g, key: g.key || '（未知）' });
  const total = sheet.addRow({ ...p.total, key: `合计 ${p.from} 至 ${p.to}` });
  total.font = { bold: true };
  const notes = book.addWorksheet('口径');
  notes.columns = [{ width: 14 }, { width: 90 }];
  for (const row of [
    ['统计区间', `${p.from} 至 ${p.to}（北京时间，按来电振铃时间）；导出时间 ${p.generatedAt}`],
    ['呼入量', '区间内振铃的来电数（含尚未接听的来电）'],
    ['接通率', '接通数 ÷ 呼入量；凉山 第十条：接通率不低于 95%'],
    ['15 秒接通率', '振铃后 15 秒内接通的来电数 ÷ 呼入量（GB/T 33358-2016）'],
    ['放弃', '未接通即挂机的来电（电话平台报 abandoned，或未接听即 ended）'],
    ['平均等待', '已接通来电从振铃到接听的平均秒数'],
    ['平均通话', '已结束的接通来电从接听到挂机的平均秒数'],
  ])
    notes.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}
