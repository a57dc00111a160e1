import { INDICATORS, type EvaluationSettings } from '../../core/analytics/indicators.ts';
import type { ComparedRow } from './compare.ts';
import { EXPIRY_NOTICE_DAYS } from '../kb/expiry.ts';
import type { KnowledgeUpkeep } from './knowledge.ts';
import { exceljs } from '../documents/libraries.ts';

const GROUPS: Record<string, string> = { department: '部门', district: '区县', street: '街道（乡镇）', community: '社区（村）', enterprise: '企业' };
const label = (key: string) => INDICATORS.find((i) => i.key === key)?.label ?? key;
const RATES = ['onTimeRate', 'responseRate', 'resolutionRate', 'satisfactionRate', 'returnRate', 'extensionRate', 'redoRate', 'signedOnTimeRate'] as const;

/**
 * The scorecard as a workbook for the monthly 通报 (重庆 第二十四条 定期通报): the ranking by peer
 * group, each indicator's formula and article, and how the score was weighted — so whoever reads
 * the file can check every figure. Rates are numbers formatted as percentages, so they sort and sum.
 */
export async function scorecardWorkbook(p: {
  from: string;
  to: string;
  by: 'dispatched' | 'closed';
  previous: { from: string; to: string };
  settings: EvaluationSettings;
  units: Array<ComparedRow & { knowledge?: KnowledgeUpkeep }>;
  generatedAt: string;
}): Promise<Buffer> {
  const book = new (await exceljs()).Workbook();
  book.created = new Date(p.generatedAt);
  const sheet = book.addWorksheet('考核排名', { views: [{ state: 'frozen', ySplit: 1, xSplit: 3 }] });
  sheet.columns = [
    { header: '类别', key: 'group', width: 12 },
    { header: '排名', key: 'rank', width: 6 },
    { header: '单位', key: 'unit', width: 28 },
    { header: label('received'), key: 'received', width: 8 },
    { header: label('overdue'), key: 'overdue', width: 8 },
    { header: label('supervised'), key: 'supervised', width: 8 },
    ...RATES.map((k) => ({ header: label(k), key: k, width: 11, style: { numFmt: '0.0%' } })),
    { header: '综合得分', key: 'score', width: 9, style: { numFmt: '0.00' } },
    // 环比: the period just before (compare.ts)
    { header: '上期排名', key: 'prevRank', width: 8 },
    { header: '排名变化', key: 'rankChange', width: 8, style: { numFmt: '+0;-0;0' } },
    { header: '上期得分', key: 'prevScore', width: 9, style: { numFmt: '0.00' } },
    { header: '得分变化', key: 'scoreChange', width: 9, style: { numFmt: '+0.00;-0.00;0.00' } },
    { header: '上期按时办结率', key: 'prevOnTimeRate', width: 13, style: { numFmt: '0.0%' } },
    { header: '上期满意率', key: 'prevSatisfactionRate', width: 11, style: { numFmt: '0.0%' } },
    // 知识库维护 (邵阳 第二十七条), as of the export: not part of the score
    { header: '知识条目（在用）', key: 'kbOwned', width: 10 },
    { header: '知识条目（过期未更新）', key: 'kbExpired', width: 12 },
    { header: `知识条目（${EXPIRY_NOTICE_DAYS}天内到期）`, key: 'kbExpiringSoon', width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  const ordered = [...p.units].sort((a, b) => a.group.localeCompare(b.group) || (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.unit.name.localeCompare(b.unit.name, 'zh-CN'));
  for (const u of ordered) {
    sheet.addRow({
      group: GROUPS[u.group] ?? u.group,
      rank: u.rank,
      unit: u.unit.name,
      received: u.received,
      overdue: u.overdue,
      supervised: u.supervised,
      ...Object.fromEntries(RATES.map((k) => [k, u[k]])),
      score: u.score,
      prevRank: u.previous?.rank ?? null,
      rankChange: u.change.rank,
      prevScore: u.previous?.score ?? null,
      scoreChange: u.change.score,
      prevOnTimeRate: u.previous?.onTimeRate ?? null,
      prevSatisfactionRate: u.previous?.satisfactionRate ?? null,
      kbOwned: u.knowledge?.owned ?? null,
      kbExpired: u.knowledge?.expired ?? null,
      kbExpiringSoon: u.knowledge?.expiringSoon ?? null,
    });
  }
  const defs = book.addWorksheet('指标口径');
  defs.columns = [
    { header: '指标', key: 'label', width: 14 },
    { header: '计算方法', key: 'formula', width: 80 },
    { header: '依据', key: 'basis', width: 40 },
    { header: '综合得分权重', key: 'weight', width: 12 },
  ];
  defs.getRow(1).font = { bold: true };
  for (const i of INDICATORS) defs.addRow({ label: i.label, formula: i.formula, basis: i.basis, weight: (p.settings.weights as Record<string, number>)[i.key] ?? null });
  const about = book.addWorksheet('说明');
  about.columns = [{ key: 'k', width: 16 }, { key: 'v', width: 80 }];
  about.addRows([
    { k: '统计期间', v: `${p.from} 至 ${p.to}（北京时间，含首尾两日）` },
    { k: '归期方式', v: p.by === 'closed' ? '按办结时间' : '按派单时间' },
    { k: '环比期间', v: `${p.previous.from} 至 ${p.previous.to}（整月与上月比，其他按同样天数与紧邻的前一段比；排名变化为正表示上升）` },
    { k: '综合得分', v: '有数据的指标按权重加权平均（退单率、延期率、重办率按 1 − 比率计），满分 100；排名在同类单位之间' },
    { k: '满意率豁免类别', v: p.settings.exemptCategories.join('、') || '无' },
    { k: '生成时间', v: p.generatedAt },
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
