import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendSmsVisits } from '../../src/server/sms/auto-visit.ts';
import { signSmsBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/server/sms/inbound.ts';
import { drainOutbox, type OutboxMessage } from '../../src/server/jobs/outbox.ts';
import { buildTestApp, CALLER, newTicket, outboxTo, type TestApp } from '../helpers.ts';

/** 短信回访 under liangshan-2023 (凉山 第十三条（一）—（三）), through HTTP, the gateway signing its posts. */

const SECRET = 'test-sms-gateway-secret-0123456789';
let t: TestApp;
let street: string;
const raw: string[] = [];

beforeAll(async () => {
  t = await buildTestApp({ policy: 'liangshan-2023', server: { smsInboundSecret: SECRET, logger: { stream: { write: (l: string) => void raw.push(l) } } } });
  street = await t.unitId('解放碑街道办事处');
});
afterAll(() => t.close());

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

/** A ticket of this caller, handled and approved: waiting for its visit. */
async function visiting(phone = CALLER.phone): Promise<string> {
  const created = await t.as('agent').post('/api/tickets', newTicket({ caller: { name: '李四', phone } }));
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id;
  await ok('dispatcher', id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
  await ok('handler1', id, 'sign');
  await ok('handler1', id, 'reply', { process: '现场查看，更换灯泡', result: '路灯已恢复', contacted: true, contactMethod: 'phone' });
  const v = await ok('dispatcher', id, 'approve-completion');
  expect(v.status).toBe('visiting');
  return id;
}

/** The gateway's clock: the app's, in Unix seconds. */
const stamp = () => String(Math.floor(t.ctx.now() / 1000));

function inbound(body: unknown, signature: string | null = signSmsBody(SECRET, stamp(), JSON.stringify(body)), timestamp = stamp()) {
  const payload = JSON.stringify(body);
  return t.app.inject({
    method: 'POST',
    url: '/api/sms/inbound',
    headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) },
    payload,
  });
}

describe('短信回访 (凉山 第十三条、第十三条（一）)', () => {
  it('凉山 第十三条（一）（二）: the visitor texts the caller; a reply of "１ " closes the visit as 满意', async () => {
    const phone = '13900001111';
    const id = await visiting(phone);
    const listed = (await t.as('visitor').get(`/api/tickets/${id}`)).json();
    expect(listed.access.allowedActions).toEqual(expect.arrayContaining(['visit', 'sms-visit', 'visit-attempt']));
    expect(listed.access.allowedActions).not.toContain('close-unreachable'); // 凉山 sets no number of tries

    const sent = await ok('visitor', id, 'sms-visit');
    expect(sent.smsVisit).toMatchObject({ reply: null, parsed: null });
    const texts = await outboxTo(t, phone);
    expect(texts.at(-1)).toContain('1 满意，2 基本满意，3 不满意');

    // the gateway gives the number its own way; the blind index finds the caller all the same
    const r = await inbound({ from: '+86 139-0000-1111', text: ' １ ', messageId: 'gw-1' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ matched: true, parsed: 'satisfied', closed: true });
    const after = (await t.as('visitor').get(`/api/tickets/${id}`)).json();
    expect(after).toMatchObject({ status: 'closed', satisfaction: 'satisfied', closure: 'normal', smsVisit: { reply: ' １ ', parsed: 'satisfied' } });
    expect(after.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['sms-visit', 'sms-visit-reply', 'visit']));
    // a second reply finds no visit waiting
    expect((await inbound({ from: '13900001111', text: '1' })).json()).toMatchObject({ matched: false });
  });

  it('凉山 第十三条（三）: a 不满意 reply waits for the visitor’s call; the unit does not see the caller’s words', async () => {
    const phone = '13900002222';
    const id = await visiting(phone);
    await ok('visitor', id, 'sms-visit');
    const r = await inbound({ from: phone, text: '3 不满意，路灯晚上还是不亮' });
    expect(r.json()).toEqual({ matched: true, parsed: 'dissatisfied', closed: false });
    const seen = (await t.as('visitor').get(`/api/tickets/${id}`)).json();
    expect(seen).toMatchObject({ status: 'visiting', smsVisit: { reply: '3 不满意，路灯晚上还是不亮', parsed: 'dissatisfied' } });
    // the visitor's queue of replies to decide on (回访 → 短信回复待处理)
    const queue = (await t.as('visitor').get('/api/tickets?pending=sms-reply')).json();
    expect(queue.items.map((i: { id: string }) => i.id)).toContain(id);
    const unit = (await t.as('handler1').get(`/api/tickets/${id}`)).json();
    expect(unit.smsVisit).toBeNull();
    expect(JSON.stringify(unit.events)).not.toContain('路灯晚上还是不亮');
    // the manual visit decides: the unit's fault → redo; the next round may text again
    const v = await ok('visitor', id, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', fault: 'unit', method: 'phone' });
    expect(v).toMatchObject({ status: 'redo', smsVisit: null, visitAttempts: 0 });
    expect((await t.as('visitor').get('/api/tickets?pending=sms-reply')).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('凉山 第十三条（一）: a reply that says nothing readable is left for the visitor, who records it by hand', async () => {
    const phone = '13900003333';
    const id = await visiting(phone);
    await ok('visitor', id, 'sms-visit');
    expect((await inbound({ from: phone, text: '什么时候能修好？' })).json()).toEqual({ matched: true, parsed: null, closed: false });
    expect((await t.as('visitor').get(`/api/tickets/${id}`)).json().smsVisit).toMatchObject({ reply: '什么时候能修好？', parsed: null });
    const v = await ok('visitor', id, 'visit', { satisfaction: 'basic', resolution: 'partly', method: 'sms', comment: '来电人短信回复询问进度，电话确认基本满意' });
    expect(v).toMatchObject({ status: 'closed', satisfaction: 'basic' });
  });

  it('凉山 第十三条（一）: the gateway’s post must carry the signature of its body; neither number nor secret is logged', async () => {
    const phone = '13900004444';
    const id = await visiting(phone);
    await ok('visitor', id, 'sms-visit');
    const body = { from: phone, text: '1' };
    expect((await inbound(body, null)).statusCode).toBe(401);
    expect((await inbound(body, signSmsBody('wrong-secret', stamp(), JSON.stringify(body)))).statusCode).toBe(401);
    // signed for another body
    expect((await inbound(body, signSmsBody(SECRET, stamp(), JSON.stringify({ from: phone, text: '2' })))).statusCode).toBe(401);
    // a captured post replayed six minutes later (its own timestamp, rightly signed) is refused
    const old = String(Math.floor(t.ctx.now() / 1000) - 360);
    const replay = await inbound(body, signSmsBody(SECRET, old, JSON.stringify(body)), old);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error).toBe('stale_timestamp');
    // the timestamp is inside the signature: a fresh one on an old signature does not pass
    expect((await inbound(body, signSmsBody(SECRET, old, JSON.stringify(body)))).statusCode).toBe(401);
    const bad = await inbound({ from: phone, text: '1', extra: true });
    expect(bad.statusCode).toBe(422);
    expect((await t.as('visitor').get(`/api/tickets/${id}`)).json().status).toBe('visiting');
    expect((await inbound(body)).json()).toMatchObject({ matched: true, parsed: 'satisfied' });
    const log = raw.join('\n');
    expect(log).toContain('/api/sms/inbound');
    for (const secretOrPhone of [SECRET, phone, '13900001111', '139-0000-1111']) expect(log).not.toContain(secretOrPhone);
  });

  it('凉山 第十三条（一）: only the center’s visitors send SMS visits; a ticket without a phone cannot get one', async () => {
    const id = await visiting('13900005555');
    expect((await t.as('handler1').act(id, 'sms-visit')).statusCode).toBe(403);
    expect((await t.as('dispatcher').act(id, 'sms-visit')).statusCode).toBe(403);
    const anon = await t.as('agent').post('/api/tickets', newTicket({ caller: { name: '王五' }, anonymous: true, channel: 'web' }));
    expect(anon.statusCode, anon.body).toBe(201);
    const aid = anon.json().id;
    await ok('agent', aid, 'answer', { answer: '请携带身份证到社保窗口办理' });
    const r = await t.as('visitor').act(aid, 'sms-visit');
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().message).toContain('没有来电号码');
  });

  it('凉山 第十三条（一）（三）: once the unit is done the platform texts the caller by itself, once; the revisit after a redo is texted again', async () => {
    const phone = '13900006666';
    const id = await visiting(phone);
    const before = (await outboxTo(t, phone)).length;
    expect(await sendSmsVisits(t.ctx)).toBeGreaterThanOrEqual(1);
    expect(await sendSmsVisits(t.ctx)).toBe(0); // once
    expect((await outboxTo(t, phone)).length).toBe(before + 1);
    const sent = (await t.as('visitor').get(`/api/tickets/${id}`)).json();
    expect(sent.smsVisit).toMatchObject({ reply: null });
    expect(sent.events.find((e: { action: string }) => e.action === 'sms-visit')).toMatchObject({ actor: '系统', auto: true });
    await inbound({ from: phone, text: '3' });
    await ok('visitor', id, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', fault: 'unit' });
    await ok('handler1', id, 'reply', { process: '再次更换线路', result: '已修复', contacted: true });
    await ok('dispatcher', id, 'approve-completion');
    expect(await sendSmsVisits(t.ctx)).toBe(1);
    expect((await outboxTo(t, phone)).length).toBe(before + 2);
  });

  it('短信退订: a caller who answers TD gets no more texts — no SMS visit offered or sent, the outbox keeps but never sends theirs', async () => {
    const phone = '13900007777';
    const id = await visiting(phone);
    await ok('visitor', id, 'sms-visit');
    const r = await inbound({ from: phone, text: ' td ' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ optedOut: true, matched: false });
    // the visit is still waiting; the SMS visit is no longer offered, and refused with the reason
    const seen = (await t.as('visitor').get(`/api/tickets/${id}`)).json();
    expect(seen.status).toBe('visiting');
    expect(seen.access.allowedActions).not.toContain('sms-visit');
    expect(seen.access.allowedActions).toContain('visit');
    const refused = await t.as('visitor').act(id, 'sms-visit');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toContain('退订');
    // a new request from the same caller: no receipt goes out, no automatic SMS visit
    const again = await t.as('agent').post('/api/tickets', newTicket({ caller: { name: '赵六', phone }, content: '退订后又来电：小区路灯不亮' }));
    expect(again.statusCode, again.body).toBe(201);
    const sent: OutboxMessage[] = [];
    await drainOutbox(t.db, t.ctx.vault, { send: async (m) => void sent.push(m) }, 1000);
    expect(sent.some((m) => m.recipient === phone)).toBe(false);
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE ticket_id = $1 AND last_error = '来电人已退订短信'", [again.json().id]);
    expect(rows[0]!.n).toBeGreaterThan(0);
    // others are still texted
    expect(sent.length).toBeGreaterThan(0);
  });
});
