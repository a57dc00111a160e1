import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialer, DialRequest, DialResult } from '../../src/server/telephony/dialer.ts';
import { signTelephonyBody, TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from '../../src/server/telephony/signature.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 回拨来电人 through the telephone platform (issue 14 item 3): a call the platform places for a ticket
 * is a call record of that ticket (direction out), completed by the platform's signed events for the
 * call id the dialer returned — in whatever order they come, even before the dialer has answered — and
 * listed with the ticket's calls; it counts in neither 接通率 nor the staffing. Through HTTP, with a test
 * dialer standing in for the platform.
 */
const SECRET = 'test-telephony-secret-callback-0123456789';
const NOW = '2026-11-23T09:30:00+08:00';
const TS = String(Math.floor(Date.parse(NOW) / 1000));
const PHONE = '13600007777';
let t: TestApp;
let street: string;
const raw: string[] = [];
const dialled: DialRequest[] = [];
/** What the platform answers to the next dial; `before` posts its events first (a fast platform). */
let next: { result: DialResult; before?: Array<Record<string, unknown>>; fails?: boolean } = { result: { placed: true, message: '已呼叫，请接听分机' } };

const dialer: Dialer = {
  async dial(r) {
    dialled.push(r);
    for (const e of next.before ?? []) expect((await post(e)).statusCode).toBe(200);
    if (next.fails) throw new Error('switchboard down');
    return next.result;
  },
};

beforeAll(async () => {
  t = await buildTestApp({ now: NOW, server: { telephonyEventsSecret: SECRET, dialer, logger: { stream: { write: (l: string) => void raw.push(l) } } } });
  street = await t.unitId('解放碑街道办事处');
});
afterAll(() => t.close());

function post(body: Record<string, unknown>) {
  const payload = JSON.stringify(body);
  return t.app.inject({
    method: 'POST',
    url: '/api/telephony/events',
    headers: { 'content-type': 'application/json', [TELEPHONY_TIMESTAMP_HEADER]: TS, [TELEPHONY_SIGNATURE_HEADER]: signTelephonyBody(SECRET, TS, payload) },
    payload,
  });
}

/** A ticket of this caller, signed by the street office: its handler calls back. */
async function handled(): Promise<string> {
  const c = await t.as('agent').post('/api/tickets', newTicket({ caller: { name: '钱七', phone: PHONE } }));
  expect(c.statusCode, c.body).toBe(201);
  const id = c.json().id as string;
  expect((await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] })).statusCode).toBe(200);
  expect((await t.as('handler1').act(id, 'sign')).statusCode).toBe(200);
  return id;
}

async function ticketCalls(id: string, who = 'supervisor') {
  const r = await t.as(who).get(`/api/tickets/${id}/calls`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items as Array<Record<string, unknown>>;
}

async function offered(): Promise<number> {
  const r = await t.as('leader').get('/api/telephony/stats?from=2026-11-23&to=2026-11-23');
  expect(r.statusCode, r.body).toBe(200);
  return r.json().total.offered as number;
}

describe('回拨 placed by the telephone platform becomes a call of the ticket', () => {
  it('a unit that sees the number masked is offered the platform’s call back (callThroughPlatform) and it is placed', async () => {
    const id = await handled();
    const detail = (await t.as('handler1').get(`/api/tickets/${id}`)).json();
    expect(detail.callerView).toBe('masked');
    expect(detail.caller.phone).not.toContain(PHONE);
    expect(detail.callThroughPlatform).toBe(true);
    next = { result: { placed: true, message: '已呼叫，请接听分机', callId: 'cb-masked-1' } as DialResult };
    const r = await t.as('handler1').post(`/api/tickets/${id}/call-caller`, {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.body).not.toContain(PHONE);
    expect(dialled.at(-1)!.phone).toBe(PHONE);
  });

  it('the dialer’s call id makes an outbound call record on the ticket; answered and ended complete it', async () => {
    const id = await handled();
    const before = await offered();
    raw.length = 0;
    next = { result: { placed: true, message: '已呼叫，请接听分机', callId: 'cb-0001' } };
    const r = await t.as('handler1').post(`/api/tickets/${id}/call-caller`, {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ placed: true, message: '已呼叫，请接听分机', callId: 'cb-0001' });
    expect(dialled.at(-1)).toMatchObject({ ticketId: id, phone: PHONE, actor: { username: 'handler1' } });

    let [call] = await ticketCalls(id);
    expect(call).toMatchObject({ callId: 'cb-0001', direction: 'out', outcome: 'ringing', outcomeLabel: '呼叫中', ticketId: id, offeredAt: '2026-11-23T09:30:00+08:00' });
    expect(call!.agentName).toBeTruthy();
    expect(call!.caller).toBe('136****7777');

    // the platform's events for the call: the caller picks up after 12 s, they talk for a minute
    expect((await post({ kind: 'answered', callId: 'cb-0001', at: '2026-11-23T09:30:12+08:00' })).json()).toMatchObject({ duplicate: false, outcome: 'talking' });
    expect((await post({ kind: 'ended', callId: 'cb-0001', at: '2026-11-23T09:31:12+08:00', recording: 'rec/cb-0001.wav' })).json()).toMatchObject({ outcome: 'answered' });
    // the same post again changes nothing
    expect((await post({ kind: 'ended', callId: 'cb-0001', at: '2026-11-23T09:31:12+08:00', recording: 'rec/cb-0001.wav' })).json()).toMatchObject({ duplicate: true });
    [call] = await ticketCalls(id);
    expect(call).toMatchObject({ direction: 'out', outcome: 'answered', outcomeLabel: '已接通', waitSeconds: 12, talkSeconds: 60, recording: 'rec/cb-0001.wav' });

    // the timeline names the call; the leader's call records list it as one placed out
    const detail = (await t.as('handler1').get(`/api/tickets/${id}`)).json();
    expect(detail.events.at(-1)).toMatchObject({ action: 'call-caller', placed: true, callId: 'cb-0001' });
    const out = (await t.as('leader').get('/api/telephony/calls?direction=out')).json().items as Array<{ callId: string }>;
    expect(out.map((c) => c.callId)).toContain('cb-0001');
    expect(((await t.as('leader').get('/api/telephony/calls?direction=in')).json().items as Array<{ callId: string }>).map((c) => c.callId)).not.toContain('cb-0001');
    // 接通率 is the callers': a call back is not offered traffic
    expect(await offered()).toBe(before);
    const staffing = (await t.as('leader').get('/api/telephony/staffing?date=2026-11-23')).json();
    expect(staffing.total.actual?.offered ?? 0).toBe(before);

    // the unit reads the ticket, not the center's calls (a recording holds the caller's voice)
    expect(await ticketCalls(id, 'handler1')).toEqual([]);
    // the number is in no log and no event
    expect(raw.join('\n')).not.toContain(PHONE);
    expect(JSON.stringify(detail.events)).not.toContain(PHONE);
  });

  it('events the platform posts before the dialer answers are kept and folded in; the call pops up on no desk', async () => {
    const id = await handled();
    const { rows } = await t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'agent'");
    expect((await t.as('admin').put(`/api/admin/users/${rows[0]!.id}/extension`, { extension: '8101' })).statusCode).toBe(200);
    next = {
      result: { placed: true, message: '已呼叫', callId: 'cb-0002' },
      // the agent's extension rings first, then the caller does not pick up: ended without an answer
      before: [{ kind: 'ended', callId: 'cb-0002', at: '2026-11-23T09:30:40+08:00' }],
    };
    const r = await t.as('agent').post(`/api/tickets/${id}/call-caller`, {});
    expect(r.statusCode, r.body).toBe(200);
    const [call] = await ticketCalls(id);
    expect(call).toMatchObject({ callId: 'cb-0002', direction: 'out', outcome: 'abandoned', outcomeLabel: '未接通', waitSeconds: 40, talkSeconds: null, ticketId: id });
    // a ringing at the agent's extension after that pops nothing, and the call is no screen pop
    expect((await post({ kind: 'ringing', callId: 'cb-0002', at: '2026-11-23T09:29:59+08:00', extension: '8101' })).json()).toMatchObject({ poppedTo: null });
    expect((await t.as('agent').get('/api/telephony/calls/cb-0002/pop')).statusCode).toBe(404);
    // the platform's own ringing, earlier than the dial as the server's clock saw it, is the call's start
    expect((await ticketCalls(id))[0]).toMatchObject({ offeredAt: '2026-11-23T09:29:59+08:00', waitSeconds: 41 });
  });

  it('a three-way call during the call back lands on the ticket’s transfers', async () => {
    const id = await handled();
    next = { result: { placed: true, message: '已呼叫', callId: 'cb-0003' } };
    expect((await t.as('handler1').post(`/api/tickets/${id}/call-caller`, {})).statusCode).toBe(200);
    await post({ kind: 'answered', callId: 'cb-0003', at: '2026-11-23T09:30:05+08:00' });
    await post({ kind: 'conference', callId: 'cb-0003', at: '2026-11-23T09:31:00+08:00', target: '12366' });
    const transfers = (await t.as('supervisor').get(`/api/tickets/${id}/transfers`)).json().items as Array<Record<string, unknown>>;
    expect(transfers).toEqual([expect.objectContaining({ callId: 'cb-0003', mode: 'conference', target: '12366', source: 'telephony' })]);
  });

  it('no call record when the platform placed nothing, or gave no usable call id', async () => {
    const id = await handled();
    for (const result of [
      { placed: false, message: '坐席分机未登录' },
      { placed: true, message: '已呼叫' },
      { placed: true, message: '已呼叫', callId: 'has spaces in it' },
      { placed: false, message: '呼叫失败', callId: 'cb-refused' },
    ] as DialResult[]) {
      next = { result };
      const r = await t.as('handler1').post(`/api/tickets/${id}/call-caller`, {});
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ placed: result.placed, message: result.message });
    }
    expect(await ticketCalls(id)).toEqual([]);
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM calls WHERE call_id IN ('cb-refused', 'has spaces in it')");
    expect(rows[0]!.n).toBe(0);
    // a dialer that fails is the same as none: the handler is told to dial
    next = { result: { placed: true, message: '已呼叫', callId: 'cb-never' }, fails: true };
    const broken = await t.as('handler1').post(`/api/tickets/${id}/call-caller`, {});
    expect(broken.json()).toEqual({ placed: false, message: '电话系统暂不可用，请用本机或座机拨打' });
  });
});
