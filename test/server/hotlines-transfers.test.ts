import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTelephonyBody, TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from '../../src/server/telephony/signature.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 热线号码目录、专家座席、转接与三方通话 (issue 14 items 3 and 7): through HTTP, as the people who use
 * them. The app's clock is a Monday, 09:30 Beijing time.
 */
const SECRET = 'test-telephony-secret-transfers-0123456789';
const NOW = '2026-11-23T09:30:00+08:00';
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ now: NOW, server: { telephonyEventsSecret: SECRET } });
});
afterAll(() => t.close());

function postEvent(body: Record<string, unknown>) {
  const payload = JSON.stringify(body);
  const ts = String(Math.floor(Date.parse(NOW) / 1000));
  return t.app.inject({
    method: 'POST',
    url: '/api/telephony/events',
    headers: { 'content-type': 'application/json', [TELEPHONY_TIMESTAMP_HEADER]: ts, [TELEPHONY_SIGNATURE_HEADER]: signTelephonyBody(SECRET, ts, payload) },
    payload,
  });
}

async function register(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.as('agent').post('/api/tickets', newTicket(extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function timeline(id: string): Promise<Array<Record<string, unknown>>> {
  const res = await t.as('agent').get(`/api/tickets/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  return (body.timeline ?? body.events) as Array<Record<string, unknown>>;
}

let subcentreId = '';
let expertId = '';

describe('热线号码目录 (凉山 第六条（一）: 分中心与 12345 建立电话转接机制、7×24 小时; 邵阳 第七条 110/119/120/122 联动)', () => {
  it('lists 12345 and the emergency lines from the start; the desk reads it, only the administrator edits (403)', async () => {
    const list = await t.as('agent').get('/api/hotlines');
    expect(list.statusCode).toBe(200);
    const numbers = (list.json().items as Array<{ number: string; kind: string }>).map((h) => `${h.number}:${h.kind}`);
    expect(numbers).toEqual(expect.arrayContaining(['12345:main', '110:emergency', '119:emergency', '120:emergency', '122:emergency']));
    expect(list.json().mayEdit).toBe(false);

    const body = { number: '12315', name: '12315 市场监管投诉举报分中心', kind: 'subcentre', unitId: await t.unitId('江北区市场监督管理局'), hours: { aroundTheClock: true } };
    for (const who of ['agent', 'dispatcher', 'yuzhong', 'handler2']) expect((await t.as(who).post('/api/admin/hotlines', body)).statusCode, who).toBe(403);
    const made = await t.as('admin').post('/api/admin/hotlines', body);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ kindLabel: '分中心', unitName: '江北区市场监督管理局', hoursLabel: '7×24 小时', answersNow: true });
    subcentreId = made.json().id;
  });

  it('refuses bad input with 422 in Chinese: a sub-centre without its unit, a number taken, letters in a number, bad hours', async () => {
    const base = { number: '12366', name: '12366 纳税服务热线', kind: 'parallel' };
    const noUnit = await t.as('admin').post('/api/admin/hotlines', base);
    expect(noUnit.statusCode).toBe(422);
    expect(noUnit.json().message).toContain('须指定主管（承办）单位');
    const taken = await t.as('admin').post('/api/admin/hotlines', { ...base, number: '12315', unitId: await t.unitId('渝中区') });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().message).toContain('已在目录中');
    expect((await t.as('admin').post('/api/admin/hotlines', { ...base, number: '12a66', unitId: await t.unitId('渝中区') })).statusCode).toBe(422);
    const hours = await t.as('admin').post('/api/admin/hotlines', { ...base, unitId: await t.unitId('渝中区'), hours: { days: [1], from: '18:00', to: '09:00' } });
    expect(hours.statusCode).toBe(422);
    expect(hours.json().message).toContain('结束时间应晚于开始时间');
    const ok = await t.as('admin').post('/api/admin/hotlines', { ...base, unitId: await t.unitId('渝中区'), hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ kindLabel: '双号并行', hoursLabel: '周一至周五 09:00–17:00', answersNow: true });
  });

  it('edits and deletes a line (admin); 12345 itself can be neither deleted nor retyped', async () => {
    const list = (await t.as('admin').get('/api/hotlines')).json().items as Array<{ id: string; number: string }>;
    const main = list.find((h) => h.number === '12345')!;
    expect((await t.as('admin').delete(`/api/admin/hotlines/${main.id}`)).statusCode).toBe(422);
    expect((await t.as('admin').put(`/api/admin/hotlines/${main.id}`, { number: '12345', name: '12345', kind: 'emergency' })).statusCode).toBe(422);
    const tmp = await t.as('admin').post('/api/admin/hotlines', { number: '96096', name: '临时热线', kind: 'merged', unitId: await t.unitId('渝中区') });
    expect(tmp.statusCode).toBe(201);
    const edited = await t.as('admin').put(`/api/admin/hotlines/${tmp.json().id}`, { number: '96096', name: '96096 已整体并入', kind: 'merged', unitId: await t.unitId('渝中区'), active: false });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: '96096 已整体并入', active: false });
    // a stopped line leaves the desk's list, stays in the administrator's
    expect(((await t.as('agent').get('/api/hotlines')).json().items as Array<{ number: string }>).some((h) => h.number === '96096')).toBe(false);
    expect(((await t.as('admin').get('/api/hotlines?all=true')).json().items as Array<{ number: string }>).some((h) => h.number === '96096')).toBe(true);
    expect((await t.as('agent').delete(`/api/admin/hotlines/${tmp.json().id}`)).statusCode).toBe(403);
    expect((await t.as('admin').delete(`/api/admin/hotlines/${tmp.json().id}`)).statusCode).toBe(200);
  });
});

describe('专家座席 (大足 第四条（五）, 凉山 第七条（五）, 邵阳 第六条（五）: 按需设置专家座席，专家选派和管理)', () => {
  it("a unit's 单位管理员 designates its experts; not another unit's, not a handler (403); no way to reach the expert is 422", async () => {
    const own = await t.unitId('解放碑街道办事处');
    const expert = { name: '张建国', title: '城建科科长', topics: ['路灯', '市政设施'], extension: '6601', phone: '023-63001234', hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:30' } };
    const made = await t.as('reviewer1').post(`/api/units/${own}/experts`, expert);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ unitName: '解放碑街道办事处', onDutyNow: true, hoursLabel: '周一至周五 09:00–17:30' });
    expertId = made.json().id;

    expect((await t.as('reviewer1').post(`/api/units/${await t.unitId('江北区市场监督管理局')}/experts`, expert)).statusCode).toBe(403);
    expect((await t.as('handler1').post(`/api/units/${own}/experts`, { ...expert, extension: '6602' })).statusCode).toBe(403);
    const unreachable = await t.as('reviewer1').post(`/api/units/${own}/experts`, { name: '李四', topics: ['物业'] });
    expect(unreachable.statusCode).toBe(422);
    expect(unreachable.json().message).toContain('分机号或联系电话');
    const noTopic = await t.as('reviewer1').post(`/api/units/${own}/experts`, { name: '李四', topics: [], phone: '13800001111' });
    expect(noTopic.statusCode).toBe(422);
    const sameExt = await t.as('admin').post(`/api/units/${own}/experts`, { ...expert, name: '王五' });
    expect(sameExt.statusCode).toBe(422);
    expect(sameExt.json().message).toContain('已被专家 张建国使用');
    // the administrator designates for any unit; a night expert is off duty at 09:30
    const night = await t.as('admin').post(`/api/units/${await t.unitId('江北区市场监督管理局')}/experts`, {
      name: '周敏',
      topics: ['食品安全', '路灯'],
      phone: '13800002222',
      hours: { days: [1, 2, 3, 4, 5, 6, 7], from: '18:00', to: '22:00' },
    });
    expect(night.statusCode, night.body).toBe(201);
    expect(night.json().onDutyNow).toBe(false);
  });

  it('the unit sees who its experts are; another unit does not; the desk finds the expert for the matter, on duty first', async () => {
    const mine = (await t.as('handler1').get('/api/experts')).json().items as Array<{ name: string; phone: string }>;
    expect(mine.map((e) => e.name)).toEqual(['张建国']);
    expect(mine[0]!.phone).toBe('023-63001234');
    expect(((await t.as('handler2').get('/api/experts')).json().items as Array<{ name: string }>).map((e) => e.name)).toEqual(['周敏']);
    const found = await t.as('agent').get(`/api/experts?text=${encodeURIComponent('新华路路灯不亮已经一周了')}`);
    expect(found.statusCode).toBe(200);
    const items = found.json().items as Array<{ name: string; matched: string[]; onDutyNow: boolean }>;
    expect(items.map((e) => e.name)).toEqual(['张建国', '周敏']);
    expect(items[0]).toMatchObject({ matched: ['路灯'], onDutyNow: true });
  });

  it('edits and stops an expert (unit_admin of the unit); another unit_admin is refused (403)', async () => {
    const body = { name: '张建国', topics: ['路灯', '市政设施', '井盖'], extension: '6601', active: true };
    const edited = await t.as('reviewer1').put(`/api/experts/${expertId}`, body);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().topics).toEqual(['路灯', '市政设施', '井盖']);
    expect((await t.as('yuzhong').put(`/api/experts/${expertId}`, body)).statusCode).toBe(403);
    expect((await t.as('yuzhong').delete(`/api/experts/${expertId}`)).statusCode).toBe(403);
  });
});

describe('重庆 第十二条（一） 三方通话、呼叫转接: recorded on the ticket with the outcome', () => {
  it('a three-way call with the expert, answered: on the ticket and its timeline; a unit or the leader may not record one (404/403)', async () => {
    const id = await register();
    const res = await t.as('agent').post(`/api/tickets/${id}/transfers`, { mode: 'conference', expertId, outcome: 'answered', note: '专家答复了路灯报修流程' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ targetKind: 'expert', target: '6601', targetName: '张建国（解放碑街道办事处）', outcome: 'answered', source: 'desk', summary: '三方通话 专家座席 张建国（解放碑街道办事处）（6601）：已解答' });
    const list = await t.as('agent').get(`/api/tickets/${id}/transfers`);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().mayRecord).toBe(true);
    expect((await timeline(id)).some((e) => e.action === 'transfer' && e.outcome === 'answered')).toBe(true);

    // a ticket not sent to the unit is not there for it (404); the leader reads but does not record (403)
    expect((await t.as('handler1').post(`/api/tickets/${id}/transfers`, { expertId, outcome: 'answered' })).statusCode).toBe(404);
    expect((await t.as('leader').post(`/api/tickets/${id}/transfers`, { expertId, outcome: 'answered' })).statusCode).toBe(403);
  });

  it('refuses a transfer without its outcome, with two targets, or to 12345 itself (422)', async () => {
    const id = await register();
    const noOutcome = await t.as('agent').post(`/api/tickets/${id}/transfers`, { expertId });
    expect(noOutcome.statusCode).toBe(422);
    expect((await t.as('agent').post(`/api/tickets/${id}/transfers`, { expertId, target: '6601', outcome: 'connected' })).statusCode).toBe(422);
    const main = ((await t.as('agent').get('/api/hotlines')).json().items as Array<{ id: string; number: string }>).find((h) => h.number === '12345')!;
    expect((await t.as('agent').post(`/api/tickets/${id}/transfers`, { hotlineId: main.id, outcome: 'connected' })).statusCode).toBe(422);
  });
});

describe('凉山 第六条（三） 分中心按时办理 12345 转办的诉求: a transfer to the sub-centre, handed over, and the sub-centre unit handles it on its clock', () => {
  it('转办 to 12315: the dispatcher sends it to the unit that runs the sub-centre; that unit reads it and its handling clock runs', async () => {
    const id = await register({ content: '超市出售过期食品，要求处理', type: 'complaint' });
    const res = await t.as('agent').post(`/api/tickets/${id}/transfers`, { hotlineId: subcentreId, outcome: 'handed_over' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ targetKind: 'subcentre', summary: '呼叫转接 分中心 12315 市场监管投诉举报分中心（12315）：转办' });
    const line = ((await t.as('dispatcher').get('/api/hotlines')).json().items as Array<{ id: string; unitId: string }>).find((h) => h.id === subcentreId)!;
    const sent = await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: line.unitId, role: 'lead' }] });
    expect(sent.statusCode, sent.body).toBe(200);
    const read = await t.as('handler2').get(`/api/tickets/${id}`);
    expect(read.statusCode).toBe(200);
    expect(JSON.stringify(read.json())).toContain('"handle"');
    // the unit reads whom the call went to, as the center recorded it
    const seen = await t.as('handler2').get(`/api/tickets/${id}/transfers`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ mayRecord: false, items: [{ targetKind: 'subcentre', outcome: 'handed_over' }] });
    expect((await t.as('handler2').post(`/api/tickets/${id}/transfers`, { hotlineId: subcentreId, outcome: 'connected' })).statusCode).toBe(403);
  });
});

describe('邵阳 第七条 110、119、120、122 联动与 110 互联互通: a transfer to 110 and a matter 110 hands to 12345, both on the ticket', () => {
  it('a call transferred to 110 (接通) and a 110 linkage registered as a ticket with the 110 reference', async () => {
    const lines = (await t.as('agent').get('/api/hotlines')).json().items as Array<{ id: string; number: string }>;
    const police = lines.find((h) => h.number === '110')!;
    const out = await register({ content: '小区门口有人打架，已有人受伤' });
    const to110 = await t.as('agent').post(`/api/tickets/${out}/transfers`, { hotlineId: police.id, outcome: 'connected' });
    expect(to110.statusCode, to110.body).toBe(201);
    expect(to110.json()).toMatchObject({ targetKind: 'emergency', target: '110', outcome: 'connected' });

    const fromPolice = await register({ content: '110 转来：小区路面塌陷无人处理，非警情', channel: 'phone' });
    const handed = await t.as('agent').post(`/api/tickets/${fromPolice}/transfers`, { direction: 'in', hotlineId: police.id, outcome: 'handed_over', reference: 'JQ20261123-0457' });
    expect(handed.statusCode, handed.body).toBe(201);
    expect(handed.json()).toMatchObject({ direction: 'in', reference: 'JQ20261123-0457', summary: '110 报警服务台（110） 联动转入 12345' });
    const event = (await timeline(fromPolice)).find((e) => e.action === 'transfer')!;
    expect(event).toMatchObject({ direction: 'in', reference: 'JQ20261123-0457' });
    // a linkage comes in only from a line of the directory
    expect((await t.as('agent').post(`/api/tickets/${fromPolice}/transfers`, { direction: 'in', target: '13900001111', outcome: 'handed_over' })).statusCode).toBe(422);
  });
});

describe('话务事件 transferred / conference onto the ticket (重庆 第十二条（一）; 邵阳 第七条 分中心数据向 12345 归集)', () => {
  it("an event `transferred` to an expert's extension lands on the ticket, before or after the link, once; the ticket keeps the number dialled", async () => {
    const at = (m: number) => `2026-11-23T09:${String(m).padStart(2, '0')}:00+08:00`;
    expect((await postEvent({ kind: 'ringing', callId: 'xfer-1', at: at(10), caller: '13900003333', dialled: '12315', extension: '8001' })).statusCode).toBe(200);
    await postEvent({ kind: 'answered', callId: 'xfer-1', at: at(11), extension: '8001' });
    // transferred before the ticket exists: it lands when the ticket is registered with the call
    await postEvent({ kind: 'conference', callId: 'xfer-1', at: at(12), target: '6601' });
    const id = await register({ callId: 'xfer-1' });
    await postEvent({ kind: 'transferred', callId: 'xfer-1', at: at(14), target: '110' });
    const again = await postEvent({ kind: 'transferred', callId: 'xfer-1', at: at(14), target: '110' });
    expect(again.json().duplicate).toBe(true);
    await postEvent({ kind: 'transferred', callId: 'xfer-1', at: at(15), target: '8999' });

    const res = await t.as('agent').get(`/api/tickets/${id}/transfers`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ dialled: '12315', dialledName: '12315 市场监管投诉举报分中心' });
    expect(body.items.map((x: { mode: string; targetKind: string; target: string; source: string; outcome: string | null }) => `${x.mode}:${x.targetKind}:${x.target}:${x.source}:${x.outcome}`)).toEqual([
      'conference:expert:6601:telephony:null',
      'transfer:emergency:110:telephony:null',
      'transfer:other:8999:telephony:null',
    ]);
    expect((await timeline(id)).filter((e) => e.action === 'transfer')).toHaveLength(3);

    // the agent completes the outcome the platform could not know
    const put = await t.as('agent').put(`/api/tickets/${id}/transfers/${body.items[0].id}`, { outcome: 'answered', note: '专家当场解答' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().outcome).toBe('answered');
    expect((await timeline(id)).some((e) => e.action === 'transfer-outcome')).toBe(true);
    expect((await t.as('agent').put(`/api/tickets/${id}/transfers/${body.items[0].id}`, { outcome: 'maybe' })).statusCode).toBe(422);
  });

  it('话务统计 cut per number dialled, with the directory names', async () => {
    await postEvent({ kind: 'ringing', callId: 'num-1', at: '2026-11-23T08:00:00+08:00', dialled: '12345' });
    await postEvent({ kind: 'answered', callId: 'num-1', at: '2026-11-23T08:00:05+08:00' });
    await postEvent({ kind: 'ended', callId: 'num-1', at: '2026-11-23T08:03:00+08:00' });
    await postEvent({ kind: 'ringing', callId: 'num-2', at: '2026-11-23T08:10:00+08:00', dialled: '12315' });
    await postEvent({ kind: 'ended', callId: 'num-2', at: '2026-11-23T08:10:40+08:00' });
    const res = await t.as('leader').get('/api/telephony/stats?from=2026-11-23&to=2026-11-23&by=dialled');
    expect(res.statusCode, res.body).toBe(200);
    const groups = res.json().groups as Array<{ key: string; offered: number; answered: number }>;
    expect(groups.find((g) => g.key === '12315')).toMatchObject({ offered: 2, answered: 1 });
    expect(groups.find((g) => g.key === '12345')).toMatchObject({ offered: 1, answered: 1 });
    expect(res.json().names).toMatchObject({ '12345': '12345政务服务便民热线', '12315': '12315 市场监管投诉举报分中心' });
  });
});
