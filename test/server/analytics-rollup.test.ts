import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDay, parseInstant } from '../../src/core/calendar/civil-date.ts';
import { countShares, type Attribution } from '../../src/server/analytics/counts.ts';
import { dashboard, periodVolumes } from '../../src/server/analytics/dashboard.ts';
import { hotCounts, hotIssues } from '../../src/server/analytics/hot.ts';
import { hotCountsFromRollups } from '../../src/server/analytics/rollups/hot.ts';
import { countSharesFromRollups } from '../../src/server/analytics/rollups/shares.ts';
import { rebuildRollups, rollupsReady } from '../../src/server/analytics/rollups/upkeep.ts';
import { periodVolumesFromRollups } from '../../src/server/analytics/rollups/volume.ts';
import { evaluationSettings, scorecard } from '../../src/server/analytics/scorecard.ts';
import { generateHistory } from '../../src/server/demo/history.ts';
import { watchClocks } from '../../src/server/jobs/clock-watcher.ts';
import { readTable } from '../../src/server/tickets/import/read.ts';
import { importTickets } from '../../src/server/tickets/import/write.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * The rollups (migration 017) against the GROUP BY they stand for: after each step of a history made
 * through the HTTP API — dispatch, return, extension, reply, visit, appeal, supervision, a change of
 * the exempt categories, time passing past a due, an import, the demo city's engine — the scorecard,
 * the dashboard and the hot issues read from the rollups equal the ones counted from the base tables.
 * On PostgreSQL when TEST_DATABASE_URL is set.
 */
let t: TestApp;
let street: string;
let market: string;
const ids: Record<string, string> = {};
let now = parseInstant('2026-11-02T09:00:00+08:00');

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
}
async function created(overrides: Record<string, unknown> = {}) {
  const res = await t.as('agent').post('/api/tickets', newTicket(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
function at(iso: string) {
  t.setNow(iso);
  now = parseInstant(iso);
}
const reply = (contacted: boolean) => ({ process: '现场核实处理', result: '已处理', contacted });
const PERIODS = [
  ['2026-11-01', '2026-11-30'],
  ['2026-10-01', '2027-01-31'],
  ['2026-11-02', '2026-11-02'],
  ['2026-12-01', '2026-12-31'],
  // months read whole less their other days, and days read one by one (rollups/months.ts)
  ['2026-11-03', '2026-12-29'],
].map(([f, to]) => ({ from: parseDay(f!), to: parseDay(to!) }));

/** Every figure read both ways, asserting the rollups were up to date and used. */
async function expectSame(step: string) {
  expect(await rollupsReady(t.db), step).toBe(true);
  const { exemptCategories } = await evaluationSettings(t.db);
  for (const p of PERIODS) {
    for (const by of ['dispatched', 'closed'] as Attribution[]) {
      const q = { ...p, by, now, exemptCategories };
      const fast = Object.fromEntries(await countSharesFromRollups(t.db, q));
      expect(fast, `${step}: shares ${by} ${p.from}`).toEqual(Object.fromEntries(await countShares(t.db, q)));
      expect(await scorecard(t.db, { ...p, by, now }), `${step}: scorecard`).toEqual(await scorecard(t.db, { ...p, by, now }, { reference: true }));
    }
    expect(await periodVolumesFromRollups(t.db, p), `${step}: dashboard ${p.from}`).toEqual(await periodVolumes(t.db, p));
    expect(await dashboard(t.db, { ...p, granularity: 'week', now }), `${step}: dashboard`).toEqual(await dashboard(t.db, { ...p, granularity: 'week', now }, { reference: true }));
    const periods = { current: p, previous: { from: p.from - 30, to: p.from - 1 }, lastYear: { from: p.from - 365, to: p.to - 365 } };
    const order = (xs: Awaited<ReturnType<typeof hotCounts>>) => [...xs].sort((a, b) => a.category.localeCompare(b.category) || (a.town ?? '').localeCompare(b.town ?? ''));
    expect(order(await hotCountsFromRollups(t.db, periods)), `${step}: hot ${p.from}`).toEqual(order(await hotCounts(t.db, periods)));
    expect(await hotIssues(t.db, p), `${step}: hot`).toEqual(await hotIssues(t.db, p, { reference: true }));
  }
}

beforeAll(async () => {
  t = await buildTestApp({ policy: 'shaoyang-2023', now: '2026-11-02T09:00:00+08:00' });
  street = await t.unitId('解放碑街道办事处');
  market = await t.unitId('江北区市场监督管理局');
}, 60_000);
afterAll(() => t.close());

describe('the rollups equal the GROUP BY', () => {
  it('after registration, dispatch and a return', async () => {
    await expectSame('empty');
    const kinds = ['onTime', 'late', 'returned', 'extended', 'mediation', 'redo', 'running'];
    for (const k of kinds) {
      ids[k] = await created(k === 'mediation' ? { category: '行政调解/邻里纠纷', type: 'complaint' } : { category: k === 'redo' ? '环境保护/噪声扰民' : '城乡建设/路灯照明' });
    }
    await expectSame('registered');
    for (const k of kinds) await ok('dispatcher', ids[k]!, 'dispatch', { units: [{ unitId: k === 'returned' ? market : street, role: 'lead' }] });
    await expectSame('dispatched');
    for (const k of kinds.filter((k) => k !== 'returned')) await ok('handler1', ids[k]!, 'sign');
    await ok('handler2', ids.returned!, 'sign');
    await ok('handler2', ids.returned!, 'return', { reason: '属街道职责', basis: '三定方案', suggestedUnitId: street });
    await ok('dispatcher', ids.returned!, 'approve-return');
    await ok('dispatcher', ids.returned!, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
    await ok('handler1', ids.returned!, 'sign');
    await expectSame('returned and dispatched again');
  });

  it('after extensions, replies, visits, an appeal, supervision and a redo', async () => {
    at('2026-11-03T10:00:00+08:00');
    await ok('handler1', ids.extended!, 'request-extension', { days: 5, reason: '需协调供电公司' });
    await ok('dispatcher', ids.extended!, 'approve-extension', { note: '同意' });
    await ok('supervisor', ids.running!, 'supervise', { note: '三日内反馈' });
    for (const k of ['onTime', 'returned', 'extended', 'mediation', 'redo']) await ok('handler1', ids[k]!, 'reply', reply(k !== 'returned'));
    for (const k of ['onTime', 'mediation', 'redo']) await ok('dispatcher', ids[k]!, 'approve-completion');
    await ok('visitor', ids.onTime!, 'visit', { satisfaction: 'satisfied', resolution: 'resolved' });
    await ok('visitor', ids.mediation!, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', fault: 'objective' });
    await ok('visitor', ids.redo!, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', fault: 'unit' });
    await expectSame('visited');
    await ok('handler1', ids.mediation!, 'appeal', { reason: '诉求超出政策规定', evidence: '通话录音' });
    await ok('supervisor', ids.mediation!, 'approve-appeal', { note: '甄别属实' });
    await expectSame('appeal upheld');
  });

  it('after the exempt categories change', async () => {
    const put = await t.as('admin').put('/api/admin/evaluation-settings', { weights: { onTimeRate: 0.5, satisfactionRate: 0.5 }, exemptCategories: ['行政调解', '城乡建设/路灯'] });
    expect(put.statusCode, put.body).toBe(200);
    await expectSame('exempt');
  });

  it('while time passes past a due, before and after the clock watcher marks it, and after a late reply', async () => {
    at('2026-12-28T10:00:00+08:00');
    // no event: the running clocks are past their due now
    await expectSame('past due, unmarked');
    const late = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM clocks WHERE status = 'running' AND name = 'handle' AND due_at < $1`, [new Date(now)]);
    expect(late.rows[0]!.n).toBeGreaterThan(0);
    await watchClocks({ ...t.ctx, now: () => now }, now);
    const marked = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM clocks WHERE status = 'running' AND name = 'handle' AND overdue`);
    expect(marked.rows[0]!.n).toBeGreaterThan(0);
    await expectSame('marked overdue');
    // a marked clock whose due moves past now without being unmarked: late no more at `now`
    await t.db.query(`UPDATE clocks SET due_at = $2 WHERE assignment_id = (SELECT id FROM assignments WHERE ticket_id = $1 AND status <> 'returned') AND name = 'handle' AND status = 'running'`, [
      ids.running,
      new Date(now + 86_400_000),
    ]);
    await expectSame('marked, due moved later');
    await ok('handler1', ids.late!, 'reply', reply(false));
    await ok('handler1', ids.redo!, 'reply', reply(true));
    await ok('dispatcher', ids.late!, 'approve-completion');
    await ok('visitor', ids.late!, 'visit', { satisfaction: 'basic', resolution: 'partly' });
    await expectSame('replied late');
    // and through the HTTP API, as the leader reads it
    const res = await t.as('leader').get('/api/analytics/scorecard?from=2026-11-01&to=2026-12-31');
    const reference = await scorecard(t.db, { from: parseDay('2026-11-01'), to: parseDay('2026-12-31'), by: 'dispatched', now }, { reference: true });
    const expected = JSON.parse(JSON.stringify(reference.units)) as Array<Record<string, unknown>>;
    // the page's answer adds the month-on-month change beside the scorecard's own fields
    const got = (res.json().units as Array<Record<string, unknown>>).map((u, i) => Object.fromEntries(Object.keys(expected[i] ?? {}).map((k) => [k, u[k]])));
    expect(got).toEqual(expected);
  });

  it('after an import of history', async () => {
    const HEADER = '工单编号,登记时间,渠道,诉求类型,诉求分类,诉求内容,地址,来电人,来电号码,主办单位,派单时间,签收时间,办理时限,答复时间,是否联系来电人,退单次数,延期次数,重办次数,回访时间,满意度,解决情况,申诉结果,办结时间';
    const rows = [
      'L-0001,2026-11-05 09:00,电话,咨询,城乡建设/路灯照明,"新华路路灯不亮，已经一周了",渝中区解放碑街道新华路,张三,13812341234,解放碑街道办事处,2026-11-05 10:00,2026-11-05 11:00,,2026-11-10 16:00,是,0,0,0,2026-11-12 10:00,满意,已解决,,2026-11-12 10:05',
      'L-0002,2026-11-06 09:30,web,complaint,,楼下烧烤油烟扰民,,李四,13900001111,江北区市场监督管理局,2026-11-06 10:00,2026-11-07 09:00,2026-11-12 18:00,2026-11-13 09:00,否,1,1,1,2026-11-14 10:00,不满意,未解决,未通过,2026-11-20 10:00',
      'L-0003,2026-12-01 09:30,电话,求助,行政调解/邻里纠纷,邻居装修噪声,渝中区解放碑街道民族路,王五,,解放碑街道办事处,2026-12-01 10:00,2026-12-01 11:00,,2026-12-03 09:00,是,0,0,0,2026-12-04 10:00,不满意,未解决,通过,2026-12-05 10:00',
    ];
    const table = await readTable('history.csv', new TextEncoder().encode(`${HEADER}\n${rows.join('\n')}\n`));
    const summary = await importTickets({ db: t.db, policy: t.ctx.policy, calendar: t.ctx.calendar, vault: t.ctx.vault, now }, table, { file: 'history.csv' });
    expect(summary.imported).toBe(3);
    await expectSame('imported');
  });

  it('after weeks of the demo city lived through the engine', async () => {
    await generateHistory({ db: t.db, policy: t.ctx.policy, presets: t.ctx.presets, calendar: t.ctx.calendar, storage: t.ctx.storage, vault: t.ctx.vault, classifier: null }, { days: 12, end: parseInstant('2026-12-20T15:00:00+08:00'), perWorkingDay: 5 });
    await expectSame('demo history');
  }, 180_000);

  it('kept up change by change, they equal the rollups rebuilt from scratch', async () => {
    expect(await rollupsReady(t.db)).toBe(true);
    const snapshot = async () => ({
      shares: (await t.db.query(`SELECT * FROM share_rollup WHERE received <> 0 ORDER BY basis, day, unit_id`)).rows,
      satisfaction: (await t.db.query(`SELECT * FROM share_satisfaction_rollup WHERE rated <> 0 OR satisfied <> 0 ORDER BY basis, day, unit_id, category`)).rows,
      dashboard: (await t.db.query(`SELECT * FROM dashboard_rollup WHERE received <> 0 OR closed <> 0 ORDER BY dim, day, key`)).rows,
      hot: (await t.db.query(`SELECT * FROM hot_rollup WHERE n <> 0 ORDER BY day, category, place_town`)).rows,
      satisfactionMonths: (await t.db.query(`SELECT * FROM share_satisfaction_month WHERE rated <> 0 OR satisfied <> 0 ORDER BY basis, month, unit_id, category`)).rows,
      hotMonths: (await t.db.query(`SELECT * FROM hot_month WHERE n <> 0 ORDER BY month, category, place_town`)).rows,
      facts: (await t.db.query(`SELECT count(*)::int AS n FROM share_facts`)).rows,
    });
    const incremental = await snapshot();
    expect(incremental.shares.length).toBeGreaterThan(10);
    expect(incremental.hotMonths.length).toBeGreaterThan(0);
    expect(incremental.satisfactionMonths.length).toBeGreaterThan(0);
    await rebuildRollups(t.db);
    expect(await snapshot()).toEqual(incremental);
  });
});
