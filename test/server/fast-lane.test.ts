import { afterAll, describe, expect, it } from 'vitest';
import { createUnit } from '../../src/server/units/store.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 特殊事项、特殊紧急事项 (issue 13 item 6): reported at once to the office the preset names, the units
 * told besides the order, a first response and progress reports that meet their own clocks, and the
 * preset's emergency routing — through HTTP.
 */
const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

async function app(policy: string): Promise<TestApp> {
  const t = await buildTestApp({ policy, now: '2026-11-23T09:30:00+08:00' });
  apps.push(t);
  return t;
}

const outbox = async (t: TestApp, channel: string) =>
  (await t.db.query<{ body: string; unit_id: string | null }>('SELECT body, unit_id FROM outbox WHERE channel = $1 ORDER BY id', [channel])).rows;

const clock = async (t: TestApp, id: string, name: string) => {
  const tk = (await t.as('dispatcher').get(`/api/tickets/${id}`)).json();
  return tk.assignments.flatMap((a: { clocks: Array<{ name: string; status: string }> }) => a.clocks).find((c: { name: string }) => c.name === name);
};

describe('凉山 第十二条（四）: 特殊事项 and 特殊紧急事项', { timeout: 120_000 }, () => {
  it('an emergency is reported to 州政府办公室 as it is registered: an alert on the board, the report, the timeline', async () => {
    const t = await app('liangshan-2023');
    const normal = (await t.as('agent').post('/api/tickets', newTicket())).json();
    expect((await t.as('supervisor').get('/api/analytics/alerts')).json().items).toEqual([]);
    const r = await t.as('agent').post('/api/tickets', newTicket({ urgency: 'emergency', content: '新华路小区燃气管道泄漏，多人头晕' }));
    expect(r.statusCode, r.body).toBe(201);
    const alerts = (await t.as('supervisor').get('/api/analytics/alerts')).json().items;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'special', urgency: 'emergency', sample: { id: r.json().id, number: r.json().number } });
    expect(alerts[0].explanation).toContain('州政府办公室');
    expect(alerts[0].explanation).toContain('第十二条（四）');
    const reports = await outbox(t, 'alert');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.body).toContain('致州政府办公室');
    expect(reports[0]!.body).toContain(r.json().number);
    expect(reports[0]!.body).not.toContain('13812341234'); // the caller's phone never goes to the office
    const events = (await t.as('dispatcher').get(`/api/tickets/${r.json().id}`)).json().events.map((e: { action: string }) => e.action);
    expect(events).toContain('special-report');
    expect((await t.as('dispatcher').get(`/api/tickets/${normal.id}`)).json().events.map((e: { action: string }) => e.action)).not.toContain('special-report');
    // the supervisor confirms the follow-up; the alert leaves the board
    const ack = await t.as('supervisor').post(`/api/analytics/alerts/${alerts[0].id}/acknowledge`, { note: '已电话报告州政府办公室值班室' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect((await t.as('supervisor').get('/api/analytics/alerts')).json().items).toEqual([]);
  });

  it('the unit is told besides the order, answers first within 2 hours, reports progress within 2 working days', async () => {
    const t = await app('liangshan-2023');
    const jfb = await t.unitId('解放碑街道办事处');
    const id = (await t.as('agent').post('/api/tickets', newTicket({ urgency: 'emergency', content: '解放碑步行街地面塌陷，有人受伤' }))).json().id;
    expect((await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: jfb, role: 'lead' }] })).statusCode).toBe(200);
    const calls = await outbox(t, 'call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ unit_id: jfb });
    expect(calls[0]!.body).toContain('特殊紧急事项');
    expect(await clock(t, id, 'firstResponse')).toMatchObject({ status: 'running' });
    // another unit may not answer for this one
    expect((await t.as('handler2').act(id, 'first-response', { response: '收到' })).statusCode).toBe(404);
    expect((await t.as('handler1').act(id, 'first-response', { response: ' ' })).statusCode).toBe(422);
    t.setNow('2026-11-23T10:40:00+08:00');
    const first = await t.as('handler1').act(id, 'first-response', { response: '已派网格员赶赴现场，设置围挡', onSite: true });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().assignments[0].status).toBe('handling'); // a unit that responds has signed
    expect(await clock(t, id, 'firstResponse')).toMatchObject({ status: 'met' });
    expect((await t.as('handler1').act(id, 'first-response', { response: '再次' })).statusCode).toBe(409);
    expect(await clock(t, id, 'progress')).toMatchObject({ status: 'running' });
    expect((await t.as('handler1').act(id, 'progress', { progress: '已协调住建部门抢修，明日完成' })).statusCode).toBe(200);
    expect(await clock(t, id, 'progress')).toMatchObject({ status: 'met' });
    // a later report is taken too: the center hears how far the unit has got
    expect((await t.as('handler1').act(id, 'progress', { progress: '路面已修复，正在验收' })).statusCode).toBe(200);
    const events = (await t.as('dispatcher').get(`/api/tickets/${id}`)).json().events;
    expect(events.find((e: { action: string }) => e.action === 'first-response')).toMatchObject({ response: '已派网格员赶赴现场，设置围挡', onSite: true, late: false });
    expect(events.filter((e: { action: string }) => e.action === 'progress')).toHaveLength(2);
    expect(events.map((e: { action: string }) => e.action)).toContain('tell-unit');
  });

  it('a first response after the 4 hours of a 特殊事项 is taken, and the clock shows it late', async () => {
    const t = await app('liangshan-2023');
    const jfb = await t.unitId('解放碑街道办事处');
    const id = (await t.as('agent').post('/api/tickets', newTicket({ urgency: 'special', content: '新华路片区大面积停电' }))).json().id;
    await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: jfb, role: 'lead' }] });
    t.setNow('2026-11-23T14:00:00+08:00');
    const r = await t.as('handler1').act(id, 'first-response', { response: '已联系供电公司抢修' });
    expect(r.statusCode, r.body).toBe(200);
    expect(await clock(t, id, 'firstResponse')).toMatchObject({ status: 'overdue' });
    expect(r.json().events.find((e: { action: string }) => e.action === 'first-response')).toMatchObject({ late: true });
  });

  it('an ordinary ticket has no first response to give', async () => {
    const t = await app('liangshan-2023');
    const jfb = await t.unitId('解放碑街道办事处');
    const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id;
    await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: jfb, role: 'lead' }] });
    expect((await t.as('handler1').act(id, 'first-response', { response: '收到' })).statusCode).toBe(409);
    expect((await t.as('handler1').get(`/api/tickets/${id}`)).json().access.actions.map((a: { action: string }) => a.action)).not.toContain('first-response');
    expect(await outbox(t, 'call')).toEqual([]);
  });
});

describe('邵阳 第十二条（二）: urgent matters go to the unit the regulation names', { timeout: 120_000 }, () => {
  it('自然灾害 → 应急管理局, 公共卫生事件 → 卫生健康委员会, first among the suggestions, with the article', async () => {
    const t = await app('shaoyang-2023');
    const center = (await t.db.query<{ id: string }>("SELECT id FROM units WHERE kind = 'center'")).rows[0]!.id;
    const emergency = await createUnit(t.db, { parentId: center, name: '市应急管理局', kind: 'department' });
    const health = await createUnit(t.db, { parentId: center, name: '市卫生健康委员会', kind: 'department' });
    const slide = (await t.as('agent').post('/api/tickets', newTicket({ urgency: 'emergency', content: '新华路后山发生山体滑坡，有房屋受损' }))).json().id;
    const s = (await t.as('dispatcher').get(`/api/tickets/${slide}/suggestions`)).json();
    expect(s.suggestions[0]).toMatchObject({ unitId: emergency, reasons: [{ kind: 'emergency' }] });
    expect(s.suggestions[0].reasons[0].text).toContain('第十二条（二）');
    expect(s.suggestions[0].reasons[0].text).toContain('山体滑坡');
    const preview = (await t.as('agent').post('/api/dispatch/suggestions', { content: '学校食堂多名学生食物中毒', urgency: 'emergency' })).json();
    expect(preview.suggestions[0]).toMatchObject({ unitId: health });
    // an ordinary request that mentions a word in passing is routed as usual
    const plain = (await t.as('agent').post('/api/dispatch/suggestions', { content: '小区消防通道被占，担心发生火灾' })).json();
    expect(plain.suggestions.map((x: { unitId: string }) => x.unitId)).not.toContain(emergency);
    // shaoyang-2023 names no office to report to
    expect((await t.as('supervisor').get('/api/analytics/alerts')).json().items).toEqual([]);
  });

  it('重庆 has neither report nor routing: an emergency is registered as before', async () => {
    const t = await app('chongqing-2021');
    const r = await t.as('agent').post('/api/tickets', newTicket({ urgency: 'emergency', content: '新华路燃气泄漏' }));
    expect(r.statusCode).toBe(201);
    expect((await t.as('supervisor').get('/api/analytics/alerts')).json().items).toEqual([]);
    expect(await outbox(t, 'alert')).toEqual([]);
  });
});
