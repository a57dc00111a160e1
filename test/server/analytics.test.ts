import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 考核指标 on a hand-made history, walked through the engine under 邵阳 (whose regulation provides
 * the appeal, 第二十五条): every rate is derived here by hand from what happened.
 */
let t: TestApp;
let street: string; // 解放碑街道办事处 (handler1)
let market: string; // 江北区市场监督管理局 (handler2)
const ids: Record<string, string> = {};

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}
async function created(overrides: Record<string, unknown> = {}) {
  const res = await t.as('agent').post('/api/tickets', newTicket(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const reply = (contacted: boolean) => ({ process: '现场核实处理', result: '已处理', contacted });

beforeAll(async () => {
  t = await buildTestApp({ policy: 'shaoyang-2023', now: '2026-11-02T09:00:00+08:00' });
  street = await t.unitId('解放碑街道办事处');
  market = await t.unitId('江北区市场监督管理局');
  for (const k of ['onTime', 'late', 'returned', 'extended', 'mediation']) {
    ids[k] = await created(k === 'mediation' ? { category: '行政调解/邻里纠纷', type: 'complaint' } : {});
    await ok('dispatcher', ids[k]!, 'dispatch', { units: [{ unitId: k === 'returned' ? market : street, role: 'lead' }] });
  }
  for (const k of ['onTime', 'late', 'extended', 'mediation']) await ok('handler1', ids[k]!, 'sign');
  // the market bureau returns one; the center agrees and sends it to the street office
  await ok('handler2', ids.returned!, 'sign');
  await ok('handler2', ids.returned!, 'return', { reason: '属街道职责', basis: '三定方案', suggestedUnitId: street });
  await ok('dispatcher', ids.returned!, 'approve-return');
  await ok('dispatcher', ids.returned!, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
  await ok('handler1', ids.returned!, 'sign');

  t.setNow('2026-11-03T10:00:00+08:00');
  await ok('handler1', ids.onTime!, 'reply', reply(true));
  await ok('handler1', ids.returned!, 'reply', reply(true));
  await ok('handler1', ids.extended!, 'request-extension', { days: 5, reason: '需协调供电公司' });
  await ok('dispatcher', ids.extended!, 'approve-extension', { note: '同意' });
  await ok('handler1', ids.extended!, 'reply', reply(true));
  await ok('handler1', ids.mediation!, 'reply', reply(true));
  for (const k of ['onTime', 'mediation']) await ok('dispatcher', ids[k]!, 'approve-completion');
  await ok('visitor', ids.onTime!, 'visit', { satisfaction: 'satisfied', resolution: 'resolved' });
  await ok('visitor', ids.mediation!, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', fault: 'objective', comment: '调解结果不满意' });

  // weeks past its due: replied late, without reaching the caller; rated dissatisfied; the appeal is upheld
  t.setNow('2026-12-28T10:00:00+08:00');
  await ok('handler1', ids.late!, 'reply', reply(false));
  await ok('dispatcher', ids.late!, 'approve-completion');
  await ok('visitor', ids.late!, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', fault: 'objective' });
  await ok('handler1', ids.late!, 'appeal', { reason: '诉求超出政策规定', evidence: '通话录音' });
  await ok('supervisor', ids.late!, 'approve-appeal', { note: '甄别属实' });

  // dispatched today, not yet due: left out of the on-time rate
  ids.running = await created();
  await ok('dispatcher', ids.running, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
});
afterAll(() => t.close());

type Row = { unit: { id: string; path: string }; group: string; rank: number | null; subtree: { received: number } | null; [k: string]: unknown };
async function card(query: string, user = 'leader') {
  const res = await t.as(user).get(`/api/analytics/scorecard?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { units: Row[] };
}
const of = (c: { units: Row[] }, unitId: string) => c.units.find((u) => u.unit.id === unitId)!;

describe('考核指标 per unit and period (凉山 第二十五条、第五条（一）综合评价; 大足 第四条（八）考核、第九条)', () => {
  it('derives every rate of the street office from its history', async () => {
    const a = of(await card('from=2026-11-01&to=2026-12-31'), street);
    expect(a).toMatchObject({
      received: 6, // five in November (one after the market bureau returned it) and one today
      onTimeRate: 0.8, // 4 on time of 5 decided; the running one left out
      overdue: 1,
      responseRate: 0.8, // 4 of 5 replies reached the caller
      resolutionRate: 0.3333, // 1 resolved of 3 visits
      satisfactionRate: 0.5, // 满意 1 of 2 rated: the dissatisfied visit whose appeal was upheld is not counted
      returnRate: 0,
      extensionRate: 0.1667, // 1 of 6
      redoRate: 0,
    });
    // default weights: (0.3 × 0.8 + 0.3 × 0.5 + 0.2 × 0.3333 + 0.1 × 0.8 + 0.05 × (1 − 0) + 0.05 × (1 − 0.1667)) ÷ 1
    expect(a.score).toBe(62.83);
    expect(a.rank).toBe(1);
  });

  it('counts a returned share against the unit that returned it, not the one that did the work', async () => {
    const b = of(await card('from=2026-11-01&to=2026-12-31'), market);
    expect(b).toMatchObject({ received: 1, returnRate: 1, onTimeRate: null, satisfactionRate: null, extensionRate: null });
  });

  it('attributes shares by the month they were dispatched, or by the month their ticket closed', async () => {
    const nov = of(await card('from=2026-11-01&to=2026-11-30'), street);
    expect(nov.received).toBe(5);
    const closedNov = of(await card('from=2026-11-01&to=2026-11-30&by=closed'), street);
    // closed in November: the on-time one and the mediation (closed after the objective dissatisfied visit)
    expect(closedNov.received).toBe(2);
    expect(closedNov.satisfactionRate).toBe(0.5);
  });

  it('leaves exempt kinds out of the satisfaction rate once the settings say so (重庆 第十四条)', async () => {
    const put = await t.as('admin').put('/api/admin/evaluation-settings', { weights: { onTimeRate: 0.5, satisfactionRate: 0.5 }, exemptCategories: ['行政调解'] });
    expect(put.statusCode, put.body).toBe(200);
    const a = of(await card('from=2026-11-01&to=2026-12-31'), street);
    expect(a.satisfactionRate).toBe(1);
    // the score is the weighted mean of the weighted rates: (0.5 × 0.8 + 0.5 × 1) / 1
    expect(a.score).toBe(90);
    const bad = await t.as('admin').put('/api/admin/evaluation-settings', { weights: { onTimeRate: -1 } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toMatch(/权重/);
    expect((await t.as('leader').put('/api/admin/evaluation-settings', { weights: {} })).statusCode).toBe(403);
  });

  it('ranks units within their peer group, and shows a unit only its own subtree (凉山 第七条（三）承办单位定期分析本单位诉求)', async () => {
    const all = await card('from=2026-11-01&to=2026-12-31');
    const streets = all.units.filter((u) => u.group === 'street' && u.rank !== null);
    expect(streets.map((u) => u.rank)).toContain(1);
    const own = await card('from=2026-11-01&to=2026-12-31', 'yuzhong');
    expect(own.units.length).toBeGreaterThan(0);
    // 渝中区 first, then only units below it; it rolls up the street office's shares
    const top = own.units[0]!;
    expect(own.units.every((u) => u.unit.path.startsWith(top.unit.path))).toBe(true);
    expect(own.units.some((u) => u.unit.id === market)).toBe(false);
    expect(top.subtree!.received).toBeGreaterThanOrEqual(6);
    expect((await t.as('handler1').get('/api/analytics/scorecard?from=2026-11-01&to=2026-11-30')).statusCode).toBe(403);
  });

  it('exports the ranking for the monthly 通报 as xlsx, with the formulas, and records the export', async () => {
    const res = await t.as('leader').get('/api/analytics/scorecard.xlsx?from=2026-11-01&to=2026-12-31');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('考核排名-2026-11-01-2026-12-31.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('考核排名')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['单位', '受理量', '按时办结率', '满意率', '综合得分']));
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(3).value === '解放碑街道办事处')!;
    const cell = (name: string) => row.getCell(header.indexOf(name) + 1).value;
    expect(cell('受理量')).toBe(6);
    expect(cell('按时办结率')).toBe(0.8);
    expect(row.getCell(header.indexOf('按时办结率') + 1).numFmt).toBe('0.0%');
    expect(book.getWorksheet('指标口径')!.getColumn(2).values.join()).toContain('批准延期后的时限');
    const { rows } = await t.db.query(`SELECT actor_name, detail FROM audit_log WHERE action = 'analytics.export'`);
    expect(rows).toHaveLength(1);
    expect((await t.as('handler1').get('/api/analytics/scorecard.xlsx?from=2026-11-01&to=2026-11-30')).statusCode).toBe(403);
  });

  it('数据看板: volume by month or week, by type, channel and district, and today', async () => {
    const res = await t.as('leader').get('/api/analytics/dashboard?from=2026-11-01&to=2026-12-31&granularity=month');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.trend).toEqual([
      { start: '2026-11-01', received: 5, closed: 2 },
      { start: '2026-12-01', received: 1, closed: 1 },
    ]);
    expect(d.byChannel).toEqual([{ key: 'phone', count: 6 }]);
    expect(d.byDistrict).toEqual([expect.objectContaining({ key: '渝中区', count: 6 })]);
    expect(d.byType.reduce((n: number, x: { count: number }) => n + x.count, 0)).toBe(6);
    expect(d.today).toMatchObject({ day: '2026-12-28', received: 1, dispatched: 1 });
    const weeks = (await t.as('leader').get('/api/analytics/dashboard?from=2026-11-01&to=2026-11-30&granularity=week')).json();
    // weeks start on Monday: 2026-11-01 is a Sunday
    expect(weeks.trend[0].start).toBe('2026-10-26');
    expect(weeks.trend.map((w: { start: string }) => w.start)).toContain('2026-11-02');
    expect((await t.as('yuzhong').get('/api/analytics/dashboard?from=2026-11-01&to=2026-11-30')).statusCode).toBe(403);
  });

  it('refuses a bad period in Chinese', async () => {
    const r = await t.as('leader').get('/api/analytics/scorecard?from=2026-12-01&to=2026-11-01');
    expect(r.statusCode).toBe(422);
    expect(r.json().message).toContain('结束日期早于开始日期');
    expect((await t.as('leader').get('/api/analytics/scorecard?from=2026-02-30&to=2026-03-01')).statusCode).toBe(422);
  });
});
