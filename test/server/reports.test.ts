import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 环比 and 报告 on a hand-made two-month history (重庆 preset): in October 观音桥 replies in time and
 * reaches the caller while 解放碑 replies weeks late without reaching anyone; in November it is the
 * other way round. So each street office's November rank and score move by a known amount, and the
 * monthly report says what the dashboard and the scorecard say.
 */
let t: TestApp;
let jfb: string; // 解放碑街道办事处 (handler1)
let gyq: string; // 观音桥街道办事处 (gyq1)
const ids: Record<string, string> = {};

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
}
async function sent(key: string, unit: string, handler: string, extra: Record<string, unknown> = {}) {
  const res = await t.as('agent').post('/api/tickets', newTicket({ category: '城乡建设/路灯', ...extra }));
  expect(res.statusCode, res.body).toBe(201);
  const id: string = res.json().id;
  ids[key] = id;
  await ok('dispatcher', id, 'dispatch', { units: [{ unitId: unit, role: 'lead' }] });
  await ok(handler, id, 'sign');
}
const reply = (contacted: boolean) => ({ process: '现场核实处理', result: '已处理', contacted });

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-10-12T09:00:00+08:00' });
  jfb = await t.unitId('解放碑街道办事处');
  gyq = await t.unitId('观音桥街道办事处');
  await t.addUser('gyq1', '观音桥街道办事处', ['handler']);
  await t.addUser('analyst1', '12345政务服务便民热线中心', ['analyst']);
  await t.addUser('admin2', '12345政务服务便民热线中心', ['admin']);

  // October: 观音桥 on time, 解放碑 late
  for (const k of ['a1', 'a2']) await sent(k, jfb, 'handler1');
  for (const k of ['b1', 'b2']) {
    await sent(k, gyq, 'gyq1', { type: 'consultation' });
    await ok('gyq1', ids[k]!, 'reply', reply(true));
  }
  // November: 解放碑 on time, 观音桥 late; 解放碑 replies October's weeks late
  t.setNow('2026-11-03T10:00:00+08:00');
  for (const k of ['c1', 'c2']) {
    await sent(k, jfb, 'handler1', { channel: 'web' });
    await ok('handler1', ids[k]!, 'reply', reply(true));
  }
  for (const k of ['d1', 'd2']) await sent(k, gyq, 'gyq1', { content: '观音桥步行街夜间施工噪音扰民，投诉电话13912345678', type: 'complaint', category: '生态环境/噪声' });
  for (const k of ['a1', 'a2']) await ok('handler1', ids[k]!, 'reply', reply(false));
  await ok('dispatcher', ids.c1!, 'approve-completion');
  await ok('visitor', ids.c1!, 'visit', { satisfaction: 'satisfied', resolution: 'resolved' });
  // December: 观音桥 replies November's late; one is rated dissatisfied
  t.setNow('2026-12-10T10:00:00+08:00');
  for (const k of ['d1', 'd2']) await ok('gyq1', ids[k]!, 'reply', reply(false));
  await ok('dispatcher', ids.d1!, 'approve-completion');
  await ok('visitor', ids.d1!, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', fault: 'objective', comment: '噪音仍在' });
}, 120_000);
afterAll(() => t.close());

type Row = { unit: { id: string }; score: number | null; rank: number | null; onTimeRate: number | null; previous: Record<string, number | null> | null; change: Record<string, number | null> };
async function card(query: string) {
  const res = await t.as('leader').get(`/api/analytics/scorecard?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { previous: { from: string; to: string }; units: Row[] };
}

describe('环比 in the scorecard', () => {
  it("carries each unit's previous month and the change", async () => {
    const nov = await card('from=2026-11-01&to=2026-11-30');
    expect(nov.previous).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    const a = nov.units.find((u) => u.unit.id === jfb)!;
    const b = nov.units.find((u) => u.unit.id === gyq)!;
    // October: 解放碑 0 % on time and reached no caller (score (0.05 + 0.05) ÷ 0.5 = 20); 观音桥 100
    expect(a.previous).toMatchObject({ received: 2, score: 20, rank: 2, onTimeRate: 0, responseRate: 0 });
    expect(a).toMatchObject({ score: 100, rank: 1, onTimeRate: 1 });
    expect(a.change).toMatchObject({ score: 80, rank: 1, onTimeRate: 1, responseRate: 1, received: 0 });
    expect(b.previous).toMatchObject({ score: 100, rank: 1 });
    // November: late, no caller reached, and the one visit dissatisfied and unresolved: 0.1 ÷ 1 = 10
    expect(b).toMatchObject({ score: 10, rank: 2 });
    expect(b.change).toMatchObject({ score: -90, rank: -1, onTimeRate: -1 });
    // a unit that received nothing either month: no score, no change
    const other = nov.units.find((u) => u.unit.id !== jfb && u.unit.id !== gyq)!;
    expect(other.change).toMatchObject({ score: null, rank: null });
  });

  it('exports the previous rank and score beside this month’s', async () => {
    const res = await t.as('leader').get('/api/analytics/scorecard.xlsx?from=2026-11-01&to=2026-11-30');
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('考核排名')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(3).value === '观音桥街道办事处')!;
    const cell = (name: string) => row.getCell(header.indexOf(name) + 1).value;
    expect([cell('综合得分'), cell('上期得分'), cell('得分变化'), cell('排名'), cell('上期排名'), cell('排名变化')]).toEqual([10, 100, -90, 2, 1, -1]);
  });
});

type Report = {
  title: string;
  totals: Record<'current' | 'previous' | 'lastYear', Record<string, number | null>>;
  trend: Array<{ start: string; received: number; closed: number }>;
  byType: unknown;
  byChannel: unknown;
  byCategory: unknown;
  byDistrict: unknown;
  units: { top: Array<{ unit: { id: string }; score: number; scoreChange: number | null }>; bottom: Array<{ unit: { id: string }; score: number }>; mostOverdue: Array<{ unit: { id: string }; overdue: number }> };
  hot: unknown[];
  overdue: Array<{ number: string; excerpt: string; unitName: string }>;
  dissatisfied: Array<{ number: string; excerpt: string }>;
  summary: string[];
  scope: unknown;
};
async function report(kind: string, query: string, user = 'leader') {
  const res = await t.as(user).get(`/api/analytics/reports/${kind}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Report;
}

describe('报告 (重庆 第二十条 简报、专报; 凉山 第十九条、第五条（二）社情民意研判; 邵阳 第五条（四）、第二十一条、第二十六条)', () => {
  it('the monthly report says what the dashboard, the scorecard and hot issues say for the month', async () => {
    const r = await report('monthly', 'month=2026-11');
    expect(r.title).toBe('2026年11月12345政务服务便民热线运行月报');
    const dash = (await t.as('leader').get('/api/analytics/dashboard?from=2026-11-01&to=2026-11-30&granularity=day')).json();
    expect(r.trend).toEqual(dash.trend);
    for (const k of ['byType', 'byChannel', 'byCategory', 'byDistrict'] as const) expect(r[k], k).toEqual(dash[k]);
    const hot = (await t.as('leader').get('/api/analytics/hot?from=2026-11-01&to=2026-11-30')).json();
    expect(r.hot).toHaveLength(hot.items.length);
    // four requests in November, four in October, none a year before; one closed (the visited one)
    expect(r.totals.current).toMatchObject({ received: 4, closed: 1, shares: 4, overdue: 2, dissatisfied: 1, onTimeRate: 0.5, satisfactionRate: 0.5 });
    expect(r.totals.previous).toMatchObject({ received: 4, shares: 4, overdue: 2, onTimeRate: 0.5 });
    expect(r.totals.lastYear).toMatchObject({ received: 0, shares: 0, onTimeRate: null });
    const sc = (await card('from=2026-11-01&to=2026-11-30')).units;
    const score = (id: string) => sc.find((u) => u.unit.id === id)!.score;
    expect(r.units.top.map((u) => [u.unit.id, u.score, u.scoreChange])).toEqual([[jfb, score(jfb), 80]]);
    expect(r.units.bottom.map((u) => [u.unit.id, u.score])).toEqual([[gyq, score(gyq)]]);
    expect(r.units.mostOverdue).toEqual([expect.objectContaining({ unit: expect.objectContaining({ id: gyq }), overdue: 2 })]);
    // the tickets behind the highlights, the caller's number masked in the request
    expect(r.overdue.map((x) => x.unitName)).toEqual(['观音桥街道办事处', '观音桥街道办事处']);
    expect(r.overdue[0]!.excerpt).toContain('139****5678');
    expect(JSON.stringify(r)).not.toContain('13912345678');
    expect(r.dissatisfied).toHaveLength(1);
    expect(r.summary[0]).toBe('2026年11月，12345热线共受理群众诉求 4 件，环比持平（上期 4 件），同比无可比数据（去年同期 0 件）；办结 1 件。');
    expect(r.summary.join('')).toContain('按时办结率 50.0%');
    expect(r.summary.join('')).toContain('超期件较多的单位：观音桥街道办事处 2 件');
  });

  it('quarterly and annual reports cover their months; the trend is by week and by month', async () => {
    const q = await report('quarterly', 'quarter=2026-Q4');
    expect(q.totals.current).toMatchObject({ received: 8, shares: 8 });
    expect(q.totals.previous).toMatchObject({ received: 0 });
    const y = await report('annual', 'year=2026');
    expect(y.trend.map((b) => b.start)).toContain('2026-10-01');
    expect(y.trend.find((b) => b.start === '2026-11-01')).toEqual({ start: '2026-11-01', received: 4, closed: 1 });
  });

  it('a 专报 narrows to one matter and/or one place', async () => {
    const noise = await report('special', 'from=2026-11-01&to=2026-11-30&category=生态环境');
    expect(noise.title).toBe('2026年11月“生态环境”类诉求专报');
    expect(noise.totals.current).toMatchObject({ received: 2, shares: 2, overdue: 2 });
    expect(noise.byCategory).toEqual([{ key: '生态环境/噪声', count: 2 }]);
    const yz = await report('special', `from=2026-10-01&to=2026-11-30&unitId=${jfb}`);
    expect(yz.totals.current).toMatchObject({ received: 4, shares: 4 });
    expect(yz.units.top.map((u) => u.unit.id)).toEqual([jfb]);
    expect(yz.scope).toEqual({ category: null, unit: { id: jfb, name: '解放碑街道办事处' } });
  });

  it('refuses bad periods and scopes in Chinese', async () => {
    const bad = async (path: string, text: string) => {
      const res = await t.as('leader').get(path);
      expect(res.statusCode, path).toBe(422);
      expect(res.json().message, path).toContain(text);
    };
    await bad('/api/analytics/reports/monthly', '请指定月份');
    await bad('/api/analytics/reports/monthly?month=2026-13', 'YYYY-MM');
    await bad('/api/analytics/reports/monthly?month=2027-05', '尚未开始');
    await bad('/api/analytics/reports/quarterly?quarter=2026Q4', '季度');
    await bad('/api/analytics/reports/special?from=2026-11-01&to=2026-11-30', '分类');
    await bad(`/api/analytics/reports/special?from=2026-11-01&to=2026-11-30&unitId=${await t.unitId('江北区市场监督管理局')}`, '区县或街道');
    await bad('/api/analytics/reports/weekly?month=2026-11', '报告种类');
  });

  it('lets leaders, analysts and supervisors read; everyone else is refused', async () => {
    for (const u of ['analyst1', 'supervisor']) await report('monthly', 'month=2026-11', u);
    for (const u of ['handler1', 'yuzhong', 'dispatcher', 'agent', 'admin2']) {
      const res = await t.as(u).get('/api/analytics/reports/monthly?month=2026-11');
      expect(res.statusCode, u).toBe(403);
      expect(res.json().message).toContain('报告仅限');
    }
  });

  it('exports the report as a workbook of several sheets, and records the export', async () => {
    const res = await t.as('leader').get('/api/analytics/reports/monthly/xlsx?month=2026-11');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('月报-2026-11-01-2026-11-30.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['概要', '主要指标', '趋势', '诉求分布', '单位排名', '热点诉求', '超期工单', '不满意工单']);
    expect(book.getWorksheet('概要')!.getCell('A1').value).toBe('2026年11月12345政务服务便民热线运行月报');
    const totals = book.getWorksheet('主要指标')!;
    const line = (label: string) => totals.getRows(2, totals.rowCount - 1)!.find((r) => r.getCell(1).value === label)!;
    expect([line('受理诉求（件）').getCell(2).value, line('受理诉求（件）').getCell(3).value, line('受理诉求（件）').getCell(5).value]).toEqual([4, 4, '持平']);
    expect(line('按时办结率').getCell(2).value).toBe(0.5);
    expect(line('按时办结率').getCell(2).numFmt).toBe('0.0%');
    const trend = book.getWorksheet('趋势')!;
    expect(trend.rowCount).toBe(31);
    const units = book.getWorksheet('单位排名')!;
    expect(units.getRow(2).values).toEqual(expect.arrayContaining(['得分居前', '解放碑街道办事处', 100, 80]));
    const overdue = book.getWorksheet('超期工单')!;
    expect(String(overdue.getRow(2).getCell(3).value)).toContain('139****5678');
    const { rows } = await t.db.query<{ object_type: string; detail: { kind: string; from: string } }>(`SELECT object_type, detail FROM audit_log WHERE action = 'analytics.export' AND object_type = 'report'`);
    expect(rows).toEqual([expect.objectContaining({ detail: expect.objectContaining({ kind: 'monthly', from: '2026-11-01' }) })]);
    expect((await t.as('handler1').get('/api/analytics/reports/monthly/xlsx?month=2026-11')).statusCode).toBe(403);
  });
});
