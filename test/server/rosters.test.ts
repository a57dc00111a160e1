import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/core/policy/custom.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * A unit's own hours and 值班表 (issue 13 items 2 and 12), through HTTP: 24-hour units (邵阳 第二十条
 * 24小时响应制度) whose working-hour clocks run through the night, the "open now" answer, duty rosters
 * with who is on duty now by the app's clock (邵阳 第二十七条 24小时值班表, 大足 第十条（二）值班制度),
 * leaders answering at the hotline (邵阳 第八条 领导接听日, 大足 第八条 领导12345热线值守) and unit
 * heads' rota (邵阳 第八条 部门负责人轮值日, 重庆 第六条（一）驻场轮值).
 */

// A deployment of 邵阳's rules that also asks for signing within 2 working hours of dispatch: a
// working-hour clock on a unit's share, the kind a unit's own hours change.
const POLICY = resolvePolicy({
  extends: 'shaoyang-2023',
  clocks: {
    sign: {
      amount: 2,
      unit: 'workingHours',
      from: 'dispatched',
      basis: { file: 'shaoyang-2023.txt', article: '第二十条', quote: '对停水、停电、停气等涉及民生的工单，要第一时间进行处理' },
    },
  },
});

let t: TestApp;
const ids = {} as Record<'water' | 'center' | 'jfb' | 'market' | 'jbMarket' | 'night', string>;
// Monday 2026-11-23, 17:00: half an hour of office hours left (built-in 08:30-12:00, 14:00-17:30)
const MONDAY_5PM = '2026-11-23T17:00:00+08:00';

beforeAll(async () => {
  t = await buildTestApp({ policy: POLICY, now: MONDAY_5PM });
  const center = await t.unitId('12345政务服务便民热线中心');
  const yuzhong = await t.unitId('渝中区');
  const made = await t.as('admin').post('/api/admin/units', { parentId: yuzhong, name: '渝中供水分公司', kind: 'enterprise', responsibilities: ['停水', '供水'] });
  expect(made.statusCode, made.body).toBe(201);
  ids.water = made.json().id;
  ids.center = center;
  ids.jfb = await t.unitId('解放碑街道办事处');
  ids.market = await t.unitId('渝中区市场监督管理局');
  ids.jbMarket = await t.unitId('江北区市场监督管理局');
}, 120_000);
afterAll(() => t.close());

const signDue = async (unitId: string) => {
  const c = (await t.as('agent').post('/api/tickets', newTicket())).json();
  const d = await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId, role: 'lead' }] });
  expect(d.statusCode, d.body).toBe(200);
  const clocks = d.json().assignments.flatMap((a: { clocks: Array<{ name: string; dueAt: string }> }) => a.clocks);
  return clocks.find((k: { name: string }) => k.name === 'sign').dueAt as string;
};
const now = async (who: string, units: string[] = []) => {
  const r = await t.as(who).get(`/api/duty/now${units.length ? `?units=${units.join(',')}` : ''}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe('邵阳 第二十条: a unit\'s own hours, 24-hour units', () => {
  it('an administrator marks a unit 24小时 or gives it its own hours; bad hours are refused in Chinese, other roles with 403, and each change is audited', async () => {
    const set = await t.as('admin').put(`/api/admin/units/${ids.water}/hours`, { mode: 'aroundTheClock' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ unitName: '渝中供水分公司', open: true, aroundTheClock: true, stateLabel: '24小时值守', hours: { mode: 'aroundTheClock', label: '24小时' } });

    const overlap = await t.as('admin').put(`/api/admin/units/${ids.market}/hours`, { mode: 'own', hours: { schedules: [{ windows: ['08:00-12:00', '11:00-18:00'] }] } });
    expect(overlap.statusCode).toBe(422);
    expect(overlap.json().message).toContain('重叠');
    const mode = await t.as('admin').put(`/api/admin/units/${ids.market}/hours`, { mode: 'nightly' });
    expect(mode.statusCode).toBe(422);
    expect(mode.json().message).toContain('作息方式');
    const center = await t.as('admin').put(`/api/admin/units/${ids.center}/hours`, { mode: 'aroundTheClock' });
    expect(center.statusCode).toBe(422);
    expect(center.json().message).toContain('办公时段');
    for (const who of ['dispatcher', 'reviewer1', 'handler1']) {
      expect((await t.as(who).put(`/api/admin/units/${ids.jfb}/hours`, { mode: 'aroundTheClock' })).statusCode, who).toBe(403);
    }
    const own = await t.as('admin').put(`/api/admin/units/${ids.market}/hours`, { mode: 'own', hours: { schedules: [{ windows: ['09:00-12:00', '13:00-17:30'] }] } });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().hours).toMatchObject({ mode: 'own', label: '本单位办公时段 09:00-12:00、13:00-17:30' });

    const log = (await t.as('auditor').get('/api/audit?action=admin.unit.hours&pageSize=200')).json().items as Array<{ action: string; detail: { status: number } }>;
    const hours = log.filter((i) => i.action === 'admin.unit.hours');
    expect(hours.map((i) => i.detail.status).sort()).toEqual([200, 200, 403, 403, 403, 422, 422, 422]);
  });

  it('a 24-hour unit\'s working-hour clock runs through the night while a normal unit\'s waits for office hours, and a unit\'s own hours are its own', async () => {
    // 17:00 + 2 h around the clock
    expect(await signDue(ids.water)).toBe('2026-11-23T19:00:00+08:00');
    // 17:00-17:30 today, then 08:30-10:00 on Tuesday
    expect(await signDue(ids.jfb)).toBe('2026-11-24T10:00:00+08:00');
    // its own hours: 17:00-17:30, then 09:00-10:30
    expect(await signDue(ids.market)).toBe('2026-11-24T10:30:00+08:00');
    // a unit returned to the deployment's hours runs on them again, from its next share
    expect((await t.as('admin').put(`/api/admin/units/${ids.market}/hours`, { mode: 'office' })).statusCode).toBe(200);
    expect(await signDue(ids.market)).toBe('2026-11-24T10:00:00+08:00');
    expect((await t.as('admin').put(`/api/admin/units/${ids.market}/hours`, { mode: 'office', hours: {} })).statusCode).toBe(422);
  });

  it('"open now" follows each unit\'s hours and the app\'s clock: at night only the 24-hour units are open, on Saturday the office opens on Monday', async () => {
    t.setNow('2026-11-23T22:00:00+08:00');
    let r = await now('agent', [ids.water, ids.jfb]);
    expect(r.at).toBe('2026-11-23T22:00:00+08:00');
    expect(r.asked.map((u: { unitName: string; open: boolean; stateLabel: string }) => [u.unitName, u.open, u.stateLabel])).toEqual([
      ['渝中供水分公司', true, '24小时值守'],
      ['解放碑街道办事处', false, '非办公时间，明天 08:30 上班'],
    ]);
    // the demo city's 24-hour units (城管、生态环境) and the new one are listed without being asked for
    expect(r.units.map((u: { unitName: string }) => u.unitName)).toEqual(expect.arrayContaining(['渝中供水分公司', '渝中区城市管理局', '江北区生态环境局']));
    expect(r.units.map((u: { unitName: string }) => u.unitName)).not.toContain('解放碑街道办事处');
    t.setNow('2026-11-24T10:00:00+08:00');
    r = await now('agent', [ids.jfb]);
    expect(r.asked[0]).toMatchObject({ open: true, stateLabel: '办公中，至 12:00', closesAt: '2026-11-24T12:00:00+08:00' });
    t.setNow('2026-11-28T10:00:00+08:00');
    r = await now('agent', [ids.jfb]);
    expect(r.asked[0]).toMatchObject({ open: false, opensAt: '2026-11-30T08:30:00+08:00', stateLabel: '非办公时间，11月30日（周一）08:30 上班' });
    expect((await t.as('agent').get('/api/duty/now?units=not-a-unit')).statusCode).toBe(422);
  });
});

describe('邵阳 第二十七条 24小时值班表, 大足 第十条（二）: duty rosters', () => {
  const NIGHT = { kind: 'duty', name: '刘洋', title: '街道值班室', phone: '13908310401', startsAt: '2026-11-30T17:30', endsAt: '2026-12-01T08:30', note: '下班后值班' };

  it('the unit\'s own 单位管理员 keeps its roster; a handler, another unit\'s administrator and the district above get 403', async () => {
    t.setNow('2026-11-30T09:00:00+08:00');
    expect((await t.as('handler1').post(`/api/units/${ids.jfb}/roster`, NIGHT)).statusCode).toBe(403);
    expect((await t.as('yuzhong').post(`/api/units/${ids.jfb}/roster`, NIGHT)).statusCode).toBe(403);
    expect((await t.as('reviewer1').post(`/api/units/${ids.jbMarket}/roster`, NIGHT)).statusCode).toBe(403);
    expect((await t.as('agent').post(`/api/units/${ids.jfb}/roster`, NIGHT)).statusCode).toBe(403);
    const made = await t.as('reviewer1').post(`/api/units/${ids.jfb}/roster`, NIGHT);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ unitName: '解放碑街道办事处', kindLabel: '值班', name: '刘洋', phone: '13908310401', startsAt: '2026-11-30T17:30:00+08:00', endsAt: '2026-12-01T08:30:00+08:00', current: false });
    ids.night = made.json().id;
    // another unit's entry: neither changed nor removed by this unit's administrator
    const other = await t.as('admin').post(`/api/units/${ids.jbMarket}/roster`, { ...NIGHT, name: '周杰', phone: '13908320101' });
    expect(other.statusCode, other.body).toBe(201);
    expect((await t.as('reviewer1').put(`/api/roster/${other.json().id}`, NIGHT)).statusCode).toBe(403);
    expect((await t.as('reviewer1').delete(`/api/roster/${other.json().id}`)).statusCode).toBe(403);
    expect((await t.as('handler2').delete(`/api/roster/${ids.night}`)).statusCode).toBe(403);
    const log = (await t.as('auditor').get('/api/audit?action=roster&pageSize=200')).json().items as Array<{ action: string; detail: { status: number } }>;
    expect(log.filter((i) => i.action === 'roster.create').map((i) => i.detail.status).sort()).toEqual([201, 201, 403, 403, 403, 403]);
  });

  it('refuses what would make a false roster, in Chinese (422)', async () => {
    const post = (body: object) => t.as('reviewer1').post(`/api/units/${ids.jfb}/roster`, { ...NIGHT, ...body });
    const cases: Array<[object, string]> = [
      [{ endsAt: '2026-11-30T17:00' }, '结束时间应晚于开始时间'],
      [{ phone: null }, '联系电话'],
      [{ phone: 'call me' }, '联系电话只能含数字'],
      [{ kind: 'party' }, '类型应为'],
      [{ endsAt: '2027-01-15T08:30' }, '最长 31 天'],
      [{ startsAt: '2026-13-01T08:00' }, '2026-12-01'],
      [{ name: '' }, '请填写姓名'],
      [{ shift: 'night' }, 'shift'],
    ];
    for (const [body, message] of cases) {
      const r = await post(body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(r.json().message, JSON.stringify(body)).toContain(message);
    }
    // a leader answering at the hotline needs no phone: they are there
    expect((await post({ kind: 'leader', phone: null, startsAt: '2026-12-02T09:00', endsAt: '2026-12-02T11:30' })).statusCode).toBe(201);
  });

  it('who is on duty now changes with the app\'s clock (never the database\'s)', async () => {
    t.setNow('2026-11-30T17:00:00+08:00');
    let r = await now('agent', [ids.jfb]);
    expect(r.asked[0].onDuty).toEqual([]);
    expect(r.units.map((u: { unitName: string }) => u.unitName)).not.toContain('解放碑街道办事处');
    t.setNow('2026-11-30T23:00:00+08:00');
    r = await now('agent', [ids.jfb]);
    expect(r.asked[0]).toMatchObject({ open: false, onDuty: [{ name: '刘洋', phone: '13908310401', current: true, kindLabel: '值班' }] });
    expect(r.units.find((u: { unitName: string }) => u.unitName === '解放碑街道办事处').onDuty[0].name).toBe('刘洋');
    t.setNow('2026-12-01T08:30:00+08:00');
    r = await now('agent', [ids.jfb]);
    expect(r.asked[0].onDuty).toEqual([]);
    // an edit moves it: on duty the next night instead
    const moved = await t.as('reviewer1').put(`/api/roster/${ids.night}`, { ...NIGHT, startsAt: '2026-12-01T17:30', endsAt: '2026-12-02T08:30' });
    expect(moved.statusCode, moved.body).toBe(200);
    t.setNow('2026-12-01T20:00:00+08:00');
    expect((await now('agent', [ids.jfb])).asked[0].onDuty.map((e: { name: string }) => e.name)).toEqual(['刘洋']);
  });

  it('phones are masked for other units as callers\' are, in full for the center, the unit itself and the units above it', async () => {
    const phoneFor = async (who: string) => {
      const r = await t.as(who).get(`/api/units/${ids.jfb}/roster?from=2026-12-01&to=2026-12-02`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().entries.find((e: { name: string }) => e.name === '刘洋') as { phone: string; phoneMasked: boolean };
    };
    for (const who of ['agent', 'dispatcher', 'handler1', 'reviewer1', 'yuzhong']) expect(await phoneFor(who), who).toMatchObject({ phone: '13908310401', phoneMasked: false });
    for (const who of ['handler2', 'jiangbei']) expect(await phoneFor(who), who).toMatchObject({ phone: '139****0401', phoneMasked: true });
    const masked = await t.as('handler2').get(`/api/duty/now?units=${ids.jfb}`);
    expect(masked.body).not.toContain('13908310401');
    expect(masked.json().asked[0].onDuty[0].phone).toBe('139****0401');
    const roster = (await t.as('handler1').get(`/api/units/${ids.jfb}/roster?from=2026-12-01&to=2026-12-02`)).json();
    expect(roster).toMatchObject({ mayEdit: false, mayEditHours: false });
    expect((await t.as('reviewer1').get(`/api/units/${ids.jfb}/roster`)).json()).toMatchObject({ mayEdit: true, mayEditHours: false });
    expect((await t.as('handler1').get(`/api/units/${ids.jfb}/roster?from=2026-12-01&to=2027-06-01`)).statusCode).toBe(422);
  });

  it('a deleted entry is gone from the roster and from now', async () => {
    const r = await t.as('reviewer1').delete(`/api/roster/${ids.night}`);
    expect(r.statusCode, r.body).toBe(200);
    expect((await now('agent', [ids.jfb])).asked[0].onDuty).toEqual([]);
    expect((await t.as('reviewer1').delete(`/api/roster/${ids.night}`)).statusCode).toBe(404);
  });
});

describe('邵阳 第八条 领导接听日、部门负责人轮值日, 大足 第八条, 重庆 第六条（一）（三）: leaders and unit heads at the hotline', () => {
  it('today\'s leader reception and rota are on the desk that day, marked while they run, and gone the next day', async () => {
    const leader = await t.as('admin').post(`/api/units/${ids.center}/roster`, { kind: 'leader', name: '刘建国', title: '市政府副秘书长', startsAt: '2026-12-09T09:00', endsAt: '2026-12-09T11:30', note: '领导接听日' });
    expect(leader.statusCode, leader.body).toBe(201);
    const rota = await t.as('admin').post(`/api/units/${ids.market}/roster`, { kind: 'rota', name: '张立', title: '副局长', phone: '023-63801234', startsAt: '2026-12-09T14:30', endsAt: '2026-12-09T17:30' });
    expect(rota.statusCode, rota.body).toBe(201);
    t.setNow('2026-12-09T08:00:00+08:00');
    let r = await now('agent');
    expect(r.today.map((e: { kindLabel: string; name: string; unitName: string; current: boolean }) => [e.kindLabel, e.name, e.unitName, e.current])).toEqual([
      ['领导接听', '刘建国', '12345政务服务便民热线中心', false],
      ['负责人轮值', '张立', '渝中区市场监督管理局', false],
    ]);
    t.setNow('2026-12-09T10:00:00+08:00');
    r = await now('agent');
    expect(r.today[0]).toMatchObject({ name: '刘建国', current: true });
    // a rota is no duty shift: the unit is not listed among those with someone on duty
    expect(r.units.map((u: { unitName: string }) => u.unitName)).not.toContain('渝中区市场监督管理局');
    t.setNow('2026-12-10T10:00:00+08:00');
    expect((await now('agent')).today).toEqual([]);
  });
});
