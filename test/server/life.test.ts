import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, outboxTo, type TestApp } from '../helpers.ts';

let t: TestApp;
let jiefangbei: string;
let jbMarket: string;
let xinhualu: string;

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-11-23T09:30:00+08:00' });
  jiefangbei = await t.unitId('解放碑街道办事处');
  jbMarket = await t.unitId('江北区市场监督管理局');
  xinhualu = await t.unitId('新华路社区居委会');
  await t.addUser('community1', '新华路社区居委会', ['handler']);
});
afterAll(() => t.close());

async function create(body = newTicket()) {
  const res = await t.as('agent').post('/api/tickets', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

describe('the whole life of a ticket', () => {
  it('registers, dispatches with lead and assist, and every clock cites its article (重庆 第十一条; 邵阳 第十二条（二）)', async () => {
    const ticket = await create();
    expect(ticket.number).toMatch(/^20261123\d{5}$/);
    expect(ticket.status).toBe('registered');
    const d = await ok('dispatcher', ticket.id, 'dispatch', {
      version: ticket.version,
      units: [
        { unitId: jiefangbei, role: 'lead' },
        { unitId: jbMarket, role: 'assist' },
      ],
    });
    expect(d.status).toBe('dispatched');
    const lead = d.assignments.find((a: { unit: { id: string } }) => a.unit.id === jiefangbei);
    const handle = lead.clocks.find((c: { name: string }) => c.name === 'handle');
    // 重庆 第十三条（二）: non-consultation, 15 working days from dispatch (2026-11-23 → 2026-12-14)
    expect(handle.dueAt).toBe('2026-12-14T23:59:59+08:00');
    expect(handle.basis).toContain('第十三条（二）');
    expect(lead.clocks.map((c: { name: string }) => c.name).sort()).toEqual(['handle', 'return', 'transfer']);
  });

  it('walks sign → return refused → subdispatch → extension → reply → review → redo → visit → appeal → archive (重庆 第六条 具体承办单位; 大足 第四条（三）、第五条（四）; 邵阳 第六条（一）（四）、第十一条 闭环、第十六条 审核)', async () => {
    const ticket = await create();
    const id = ticket.id;
    await ok('dispatcher', id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }, { unitId: jbMarket, role: 'assist' }] });
    let s = await ok('handler1', id, 'sign');
    expect(s.status).toBe('handling');

    // the assisting unit asks to return it; the hotline refuses; it carries on
    s = await ok('handler2', id, 'return', { reason: '不属于本局职责', basis: '三定方案', suggestedUnitId: jiefangbei });
    expect(s.assignments.find((a: { unit: { id: string } }) => a.unit.id === jbMarket).status).toBe('return_requested');
    s = await ok('dispatcher', id, 'reject-return', { reason: '涉及商户占道，需协办' });
    expect(s.assignments.find((a: { unit: { id: string } }) => a.unit.id === jbMarket).status).toBe('handling');

    // the street office passes it down to the community, which signs and replies
    s = await ok('handler1', id, 'subdispatch', { unitId: xinhualu, note: '请社区核实' });
    const child = s.assignments.find((a: { unit: { id: string } }) => a.unit.id === xinhualu);
    expect(child.parentId).not.toBeNull();
    const early = await t.as('handler1').act(id, 'reply', { process: 'x', result: 'y', contacted: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('新华路社区居委会');
    await ok('community1', id, 'sign');
    await ok('community1', id, 'reply', { process: '现场查看，路灯线路老化', result: '已报城管维修', contacted: false });

    // extension: asked before expiry, approved one level up (重庆 第十三条（三）): the district
    const denied = await t.as('dispatcher').act(id, 'approve-extension', {});
    expect(denied.statusCode).toBe(409);
    await ok('handler1', id, 'request-extension', { days: 5, reason: '需协调供电公司更换线路' });
    const wrongApprover = await t.as('dispatcher').act(id, 'approve-extension', {});
    expect(wrongApprover.statusCode).toBe(403);
    expect(wrongApprover.json().message).toContain('上一级管理单位');
    s = await ok('yuzhong', id, 'approve-extension', { note: '同意' });
    const lead = s.assignments.find((a: { unit: { id: string } }) => a.unit.id === jiefangbei);
    expect(lead.extensionCount).toBe(1);
    // 2026-12-14 + 5 working days = 2026-12-21
    expect(lead.clocks.find((c: { name: string }) => c.name === 'handle').dueAt).toBe('2026-12-21T23:59:59+08:00');
    expect((await outboxTo(t, '13812341234')).filter((b) => b.includes('延长'))).toHaveLength(1);

    // the assisting unit answers the lead, the lead answers for both (CQ 第十三条（二）); the hotline sends it back once, then approves
    expect((await t.as('handler1').act(id, 'reply', { process: '协调供电公司更换线路', result: '路灯已恢复', contacted: true })).statusCode).toBe(409);
    s = await ok('handler2', id, 'reply', { process: '约谈占道商户', result: '已清理', contacted: false });
    expect(s.status).toBe('handling');
    s = await ok('handler1', id, 'reply', { process: '协调供电公司更换线路', result: '路灯已恢复', contacted: true });
    expect(s.status).toBe('reviewing');
    s = await ok('dispatcher', id, 'reject-completion', { reason: '请补充与来电人沟通情况' });
    expect(s.status).toBe('handling');
    expect(s.assignments.find((a: { unit: { id: string } }) => a.unit.id === jiefangbei).clocks.find((c: { name: string }) => c.name === 'handle').status).toBe('running');
    // the send-back goes to the lead, which answers again for both
    s = await ok('handler1', id, 'reply', { process: '更换线路并回电', result: '路灯已恢复，来电人认可', contacted: true });
    expect(s.status).toBe('reviewing');
    s = await ok('dispatcher', id, 'approve-completion');
    expect(s.status).toBe('visiting');

    // dissatisfied through the unit's fault → redo; then dissatisfied for objective causes → annotated closure
    const noFault = await t.as('visitor').act(id, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved' });
    expect(noFault.statusCode).toBe(422);
    s = await ok('visitor', id, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', comment: '又坏了', fault: 'unit' });
    expect(s.status).toBe('redo');
    expect(s.redoCount).toBe(1);
    // a redo goes back to both units: the assisting one answers the lead first again
    await ok('handler2', id, 'reply', { process: '复查', result: '无占道', contacted: true });
    s = await ok('handler1', id, 'reply', { process: '再次维修', result: '已修复', contacted: true });
    expect(s.status).toBe('reviewing');
    await ok('dispatcher', id, 'approve-completion');
    s = await ok('visitor', id, 'visit', { satisfaction: 'dissatisfied', resolution: 'partly', fault: 'objective', comment: '希望加装路灯' });
    expect(s.status).toBe('closed');
    expect(s.closure).toBe('annotated');

    // 重庆's regulation provides no appeal against a rating: the preset says so (邵阳 does: see clocks tests)
    const cq = await t.as('handler1').act(id, 'appeal', { reason: '已按规定办理', evidence: '通话录音' });
    expect(cq.statusCode).toBe(422);
    expect(cq.json().message).toContain('未规定申诉');
    s = await ok('dispatcher', id, 'archive');
    expect(s.status).toBe('archived');
    const actions = s.events.map((e: { action: string }) => e.action);
    for (const a of ['register', 'dispatch', 'sign', 'return', 'reject-return', 'subdispatch', 'request-extension', 'approve-extension', 'reply', 'reject-completion', 'approve-completion', 'visit', 'redo', 'archive']) {
      expect(actions).toContain(a);
    }
  });

  it('answers directly, refuses with reason and basis, refers emergencies (凉山 第十一条（一）、第十四条; 邵阳 第十一条 不予受理告知理由及依据、第十二条（一）)', async () => {
    const a = await create(newTicket({ type: 'consultation', content: '公积金怎么提取？' }));
    let s = await ok('agent', a.id, 'answer', { answer: '携带身份证到公积金中心办理' });
    expect(s.status).toBe('answered');
    s = await ok('visitor', a.id, 'visit', { satisfaction: 'satisfied', resolution: 'resolved' });
    expect(s.status).toBe('closed');

    const r = await create(newTicket({ content: '要求撤销法院判决' }));
    // 重庆 第九条 lists the grounds: one of them, not free text
    const missing = await t.as('agent').act(r.id, 'reject', { reason: '属诉讼事项', basis: '重庆市办法第九条（一）' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().message).toBe('请选择不予受理的情形');
    const unknown = await t.as('agent').act(r.id, 'reject', { ground: 'harassment', reason: '骚扰' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().message).toContain('应通过诉讼、仲裁');
    // the catch-all item (第九条（三）) needs the rule it rests on written out
    const bare = await t.as('agent').act(r.id, 'reject', { ground: 'other', reason: '属诉讼事项' });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().message).toContain('须写明所依据的规定');
    s = await ok('agent', r.id, 'reject', { ground: 'litigation', reason: '属于应通过诉讼解决的事项', referral: '渝中区人民法院' });
    expect(s.status).toBe('rejected');
    expect(s.outcome).toMatchObject({ ground: 'litigation', referral: '渝中区人民法院' });
    expect(s.outcome.basis).toMatch(/^《.+》第九条（一）：应通过诉讼/);

    const f = await create(newTicket({ content: '楼下着火了' }));
    s = await ok('agent', f.id, 'refer', { hotline: '119' });
    expect(s.status).toBe('referred');
  });

  it('an approved return sends the ticket back to dispatch', async () => {
    const x = await create();
    await ok('dispatcher', x.id, 'dispatch', { units: [{ unitId: jbMarket, role: 'lead' }] });
    await ok('handler2', x.id, 'return', { reason: '属渝中区', suggestedUnitId: jiefangbei });
    const s = await ok('dispatcher', x.id, 'approve-return');
    expect(s.status).toBe('registered');
    const again = await ok('dispatcher', x.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] });
    expect(again.status).toBe('dispatched');
  });

  it('links a repeat and terminates it with a written opinion; reminds and supervises (大足 第四条（八）转交、督办)', async () => {
    const first = await create();
    const repeat = await create();
    await ok('dispatcher', repeat.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] });
    const noLink = await t.as('handler1').act(repeat.id, 'terminate', { opinion: '同一事项已依法办结，无新情况', basis: '凉山州办法第十三条（四）' });
    expect(noLink.statusCode).toBe(422);
    await ok('agent', repeat.id, 'link-repeat', { originalId: first.id });
    let s = await ok('supervisor', repeat.id, 'remind', { note: '请尽快处理' });
    expect(s.events.at(-1)).toMatchObject({ action: 'remind', units: ['解放碑街道办事处'] });
    s = await ok('supervisor', repeat.id, 'supervise', { note: '重复来电，请重点办理' });
    expect(s.supervisionCount).toBe(1);
    s = await ok('handler1', repeat.id, 'terminate', { opinion: '同一诉求人同一事项，已依法办结，无新情况新理由', basis: '凉山州办法第十三条（四）' });
    expect(s.status).toBe('terminated');
    expect(s.repeatOf).toBe(first.id);
    const original = await (await t.as('agent').get(`/api/tickets/${first.id}`)).json();
    expect(original.events.map((e: { action: string }) => e.action)).toContain('repeat-received');
  });

  it('refuses the wrong role with 403 and the wrong state with 409, saying why', async () => {
    const x = await create();
    const byHandler = await t.as('handler1').post('/api/tickets', newTicket());
    expect(byHandler.statusCode).toBe(403);
    const r1 = await t.as('visitor').act(x.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] });
    expect(r1.statusCode).toBe(403);
    expect(r1.json().message).toBe('您的角色无权派单');
    const r2 = await t.as('visitor').act(x.id, 'visit', { satisfaction: 'satisfied', resolution: 'resolved' });
    expect(r2.statusCode).toBe(409);
    expect(r2.json().message).toContain('已登记');
    const r3 = await t.as('dispatcher').act(x.id, 'dispatch', { version: x.version + 7, units: [{ unitId: jiefangbei, role: 'lead' }] });
    expect(r3.statusCode).toBe(409);
    expect(r3.json().error).toBe('stale_version');
    const unchanged = (await t.as('agent').get(`/api/tickets/${x.id}`)).json();
    expect(unchanged.version).toBe(x.version);
    expect(unchanged.events).toHaveLength(1);
  });
});
