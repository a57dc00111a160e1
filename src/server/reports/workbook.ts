import type ExcelJS from 'exceljs';
import { changeText, type Count, type Report, type ReportUnit, type SampleTicket, type Totals } from '../../core/reports/report.ts';
import { CHANNEL_LABELS } from '../../core/ticket/labels.ts';
import { TICKET_TYPE_LABELS, type Channel, type TicketType } from '../../core/vocabulary.ts';
import { exceljs } from '../documents/libraries.ts';

const GROUPS: Record<string, string> = { department: '部门', district: '区县', street: '街道（乡镇）', community: '社区（村）', enterprise: '企业' };
const PCT = '0.0%';

function header(sheet: ExcelJS.Worksheet, columns: Array<{ header: string; key: string; width: number; numFmt?: string }>): void {
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  sheet.getRow(1).font = { bold: true };
}

/**
 * A report as a workbook: 概要 (the summary and the totals against the previous period and a year
 * before), then one sheet per table. Rates are numbers formatted as percentages, so they sort and
 * sum; tickets appear by number with their request masked (no caller), as in the report itself.
 */
export async function reportWorkbook(r: Report): Promise<Buffer> {
  const book = new (await exceljs()).Workbook();
  book.created = new Date(r.generatedAt);

  const about = book.addWorksheet('概要');
  about.columns = [{ key: 'k', width: 18 }, { key: 'v', width: 90 }];
  about.addRow({ k: r.title }).font = { bold: true, size: 14 };
  about.addRows([
    { k: '统计期间', v: `${r.period.from} 至 ${r.period.to}（北京时间，含首尾两日）` },
    { k: '环比期间', v: `${r.previous.from} 至 ${r.previous.to}` },
    { k: '同比期间', v: `${r.lastYear.from} 至 ${r.lastYear.to}` },
    ...(r.scope ? [{ k: '专报范围', v: [r.scope.unit?.name, r.scope.category && `分类“${r.scope.category}”`, r.scope.flag?.label].filter(Boolean).join('，') }] : []),
    { k: '生成时间', v: r.generatedAt },
    { k: '依据', v: r.basis },
  ]);
  about.addRow({});
  r.summary.forEach((text, i) => about.addRow({ k: i === 0 ? '摘要' : '', v: text }));
  about.getColumn('v').alignment = { wrapText: true, vertical: 'top' };

  const totals = book.addWorksheet('主要指标');
  header(totals, [
    { header: '指标', key: 'label', width: 16 },
    { header: '本期', key: 'current', width: 12 },
    { header: '上期', key: 'previous', width: 12 },
    { header: '去年同期', key: 'lastYear', width: 12 },
    { header: '环比', key: 'mom', width: 14 },
    { header: '同比', key: 'yoy', width: 14 },
  ]);
  const t = r.totals;
  const counts: Array<[keyof Totals, string]> = [
    ['received', '受理诉求（件）'],
    ['closed', '办结（件）'],
    ['shares', '交办主办件（件）'],
    ['overdue', '超期（件）'],
    ['dissatisfied', '不满意（件）'],
  ];
  for (const [k, label] of counts) {
    totals.addRow({ label, current: t.current[k], previous: t.previous[k], lastYear: t.lastYear[k], mom: changeText(t.current[k] as number, t.previous[k] as number), yoy: changeText(t.current[k] as number, t.lastYear[k] as number) });
  }
  const rates: Array<[keyof Totals, string]> = [
    ['onTimeRate', '按时办结率'],
    ['responseRate', '响应率'],
    ['resolutionRate', '解决率'],
    ['satisfactionRate', '满意率'],
  ];
  for (const [k, label] of rates) {
    const row = totals.addRow({ label, current: t.current[k], previous: t.previous[k], lastYear: t.lastYear[k] });
    for (const c of [2, 3, 4]) row.getCell(c).numFmt = PCT;
  }

  const trend = book.addWorksheet('趋势');
  header(trend, [
    { header: r.granularity === 'day' ? '日期' : r.granularity === 'week' ? '周（起）' : '月份', key: 'start', width: 14 },
    { header: '受理', key: 'received', width: 10 },
    { header: '办结', key: 'closed', width: 10 },
  ]);
  trend.addRows(r.trend);

  const spread = book.addWorksheet('诉求分布');
  header(spread, [
    { header: '维度', key: 'dim', width: 12 },
    { header: '项目', key: 'name', width: 28 },
    { header: '件数', key: 'count', width: 10 },
    { header: '占比', key: 'share', width: 10, numFmt: PCT },
  ]);
  const add = (dim: string, rows: Count[], name: (k: string) => string) => {
    const total = rows.reduce((n, x) => n + x.count, 0);
    for (const x of rows) spread.addRow({ dim, name: name(x.key), count: x.count, share: total ? x.count / total : null });
  };
  add('诉求类型', r.byType, (k) => TICKET_TYPE_LABELS[k as TicketType] ?? k);
  add('受理渠道', r.byChannel, (k) => CHANNEL_LABELS[k as Channel] ?? k);
  add('诉求分类', r.byCategory, (k) => k || '未分类');
  add('区县', r.byDistrict, (k) => k || '未派单');

  const units = book.addWorksheet('单位排名');
  header(units, [
    { header: '名单', key: 'list', width: 12 },
    { header: '类别', key: 'group', width: 12 },
    { header: '同类排名', key: 'rank', width: 9 },
    { header: '单位', key: 'unit', width: 28 },
    { header: '受理量', key: 'received', width: 8 },
    { header: '超期件数', key: 'overdue', width: 9 },
    { header: '按时办结率', key: 'onTimeRate', width: 11, numFmt: PCT },
    { header: '满意率', key: 'satisfactionRate', width: 10, numFmt: PCT },
    { header: '综合得分', key: 'score', width: 9, numFmt: '0.00' },
    { header: '得分环比', key: 'scoreChange', width: 9, numFmt: '+0.00;-0.00;0.00' },
  ]);
  const unitRows = (list: string, rows: ReportUnit[]) =>
    rows.forEach((u) => units.addRow({ list, group: GROUPS[u.group] ?? u.group, rank: u.rank, unit: u.unit.name, received: u.received, overdue: u.overdue, onTimeRate: u.onTimeRate, satisfactionRate: u.satisfactionRate, score: u.score, scoreChange: u.scoreChange }));
  unitRows('得分居前', r.units.top);
  unitRows('得分居后', r.units.bottom);
  unitRows('超期较多', r.units.mostOverdue);
  if (r.units.all) unitRows('全部单位', r.units.all);

  const hot = book.addWorksheet('热点诉求');
  header(hot, [
    { header: '分类', key: 'category', width: 24 },
    { header: '街道（乡镇）', key: 'place', width: 24 },
    { header: '本期', key: 'count', width: 8 },
    { header: '上期', key: 'previous', width: 8 },
    { header: '去年同期', key: 'lastYear', width: 9 },
    { header: 'p 值（较上期）', key: 'pPrevious', width: 13 },
    { header: '显著上升', key: 'significant', width: 9 },
  ]);
  for (const h of r.hot) hot.addRow({ ...h, place: h.place ?? '未识别', significant: h.significant ? '是' : '否' });

  const tickets = (name: string, rows: SampleTicket[], due: boolean) => {
    const sheet = book.addWorksheet(name);
    header(sheet, [
      { header: '工单编号', key: 'number', width: 16 },
      { header: '分类', key: 'category', width: 22 },
      { header: '诉求摘要', key: 'excerpt', width: 50 },
      { header: '主办单位', key: 'unitName', width: 26 },
      ...(due ? [{ header: '办理时限', key: 'dueAt', width: 20 }] : []),
      { header: '答复时间', key: 'repliedAt', width: 20 },
    ]);
    for (const x of rows) sheet.addRow({ ...x, repliedAt: x.repliedAt ?? '未答复' });
  };
  tickets('超期工单', r.overdue, true);
  tickets('不满意工单', r.dissatisfied, false);
  return Buffer.from(await book.xlsx.writeBuffer());
}
