import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTelephonyBody, TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from '../../src/server/telephony/signature.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 来电弹屏 (issue 14 item 2): a call ringing at an extension reaches the desk of the user mapped to
 * it — that user only — and the ticket registered during the call is linked to it with its
 * recording; a follow-up call is linked to an existing ticket. Call records are the center's.
 */
const SECRET = 'test-telephony-secret-pop-0123456789';
const NOW = '2026-11-23T09:30:00+08:00';
const TS = String(Math.floor(Date.parse(NOW) / 1000));
const PHONE = '13700005555';
let t: TestApp;
let address: string;

beforeAll(async () => {
  t = await buildTestApp({ now: NOW, server: { telephonyEventsSecret: SECRET } });
  await t.addUser('agent2', '12345政务服务便民热线中心', ['agent']);
  address = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

async function userId(username: string): Promise<string> {
  const { rows } = await t.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
  return rows[0]!.id;
}

function post(body: unknown) {
  const payload = JSON.stringify(body);
  return t.app.inject({
    method: 'POST',
    url: '/api/telephony/events',
    headers: { 'content-type': 'application/json', [TELEPHONY_TIMESTAMP_HEADER]: TS, [TELEPHONY_SIGNATURE_HEADER]: signTelephonyBody(SECRET, TS, payload) },
    payload,
  });
}

/** Reads a server-sent event stream as it arrives. */
async function stream(username: string) {
  const cookie = await t.login(username);
  const abort = new AbortController();
  const res = await fetch(`${address}/api/stream`, { headers: { cookie }, signal: abort.signal });
  expect(res.status).toBe(200);
  const body = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const pending = (async () => {
    for (;;) {
      const chunk = await body.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      text += decoder.decode(chunk.value, { stream: true });
    }
  })();
  return {
    get text() {
      return text;
    },
    async waitFor(needle: string, timeoutMs = 5000): Promise<number> {
      const started = performance.now();
      while (!text.includes(needle)) {
        if (performance.now() - started > timeoutMs) throw new Error(`no ${needle} in:\n${text}`);
        await new Promise((r) => setTimeout(r, 2));
      }
      return performance.now() - started;
    },
    close: async () => {
      abort.abort();
      await pending;
    },
  };
}

describe('screen pop', () => {
  it('admin maps extensions; taken extensions are refused; the mapping is audited', async () => {
    const agent = await userId('agent');
    const set = await t.as('admin').put(`/api/admin/users/${agent}/extension`, { extension: '8001' });
    expect(set.statusCode, set.body).toBe(200);
    const taken = await t.as('admin').put(`/api/admin/users/${await userId('agent2')}/extension`, { extension: '8001' });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().message).toContain('已分配');
    expect((await t.as('admin').put(`/api/admin/users/${await userId('agent2')}/extension`, { extension: '8002' })).statusCode).toBe(200);
    expect((await t.as('agent').put(`/api/admin/users/${agent}/extension`, { extension: '8003' })).statusCode).toBe(403);
    expect((await t.as('agent').get('/api/telephony/my-extension')).json()).toEqual({ extension: '8001' });
    const { rows } = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'admin.user.extension'`);
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(2);
  });

  it('ringing at 8001 pops up on the agent\'s desk only (not agent2\'s), with the number in full for that agent alone', async () => {
    const mine = await stream('agent');
    const theirs = await stream('agent2');
    try {
      await new Promise((r) => setTimeout(r, 100));
      const posted = await post({ kind: 'ringing', callId: 'pop-1', at: '2026-11-23T09:29:50+08:00', caller: PHONE, dialled: '12345', queue: 'general', extension: '8001' });
      expect(posted.statusCode, posted.body).toBe(200);
      expect(posted.json()).toMatchObject({ poppedTo: await userId('agent') });
      const ms = await mine.waitFor('"callId":"pop-1"');
      expect(ms).toBeLessThan(300);
      expect(mine.text).toContain('event: call');
      await new Promise((r) => setTimeout(r, 300));
      expect(theirs.text).not.toContain('pop-1');

      const pop = await t.as('agent').get('/api/telephony/calls/pop-1/pop');
      expect(pop.statusCode, pop.body).toBe(200);
      expect(pop.json()).toMatchObject({ callId: 'pop-1', caller: PHONE, dialled: '12345', queue: 'general', outcome: 'ringing' });
      // the caller's history comes with the pop (one request, not two, before the desk shows it)
      expect(pop.json().history).toMatchObject({ phone: PHONE, total: 0, tickets: [] });
      expect((await t.as('agent2').get('/api/telephony/calls/pop-1/pop')).statusCode).toBe(404);
      // the desk's caller history for that number is one request away (the existing lookup)
      expect((await t.as('agent').get(`/api/callers/${PHONE}`)).statusCode).toBe(200);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });

  it('a ringing that arrives after the call ended pops nothing', async () => {
    await post({ kind: 'ended', callId: 'pop-late', at: '2026-11-23T09:29:40+08:00' });
    const late = await post({ kind: 'ringing', callId: 'pop-late', at: '2026-11-23T09:29:30+08:00', caller: PHONE, extension: '8001' });
    expect(late.json()).toMatchObject({ outcome: 'abandoned', poppedTo: null });
  });

  it('registering with the call id links the ticket to the call and its recording (timeline: 关联来电)', async () => {
    await post({ kind: 'answered', callId: 'pop-1', at: '2026-11-23T09:29:58+08:00', extension: '8001' });
    const created = await t.as('agent').post('/api/tickets', newTicket({ caller: { name: '来电人', phone: PHONE }, callId: 'pop-1' }));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    await post({ kind: 'ended', callId: 'pop-1', at: '2026-11-23T09:33:58+08:00', recording: 'rec/2026/11/23/pop-1.wav' });

    const calls = await t.as('agent').get(`/api/tickets/${id}/calls`);
    expect(calls.statusCode).toBe(200);
    expect(calls.json().items).toEqual([expect.objectContaining({ callId: 'pop-1', recording: 'rec/2026/11/23/pop-1.wav', outcome: 'answered', waitSeconds: 8, talkSeconds: 240, ticketId: id })]);
    const detail = (await t.as('agent').get(`/api/tickets/${id}`)).json();
    expect(JSON.stringify(detail.timeline ?? detail.events)).toContain('call-link');

    // one call, one ticket
    const again = await t.as('agent').post('/api/tickets', newTicket({ callId: 'pop-1' }));
    expect(again.statusCode).toBe(422);
    expect(again.json().message).toContain('已关联其他工单');
    expect((await t.as('agent').post('/api/tickets', newTicket({ callId: 'no-such-call' }))).statusCode).toBe(422);
  });

  it('a follow-up call is linked to the existing ticket instead', async () => {
    const created = await t.as('agent').post('/api/tickets', newTicket());
    const id = created.json().id as string;
    await post({ kind: 'ringing', callId: 'pop-2', at: '2026-11-23T09:29:00+08:00', caller: PHONE, extension: '8001' });
    const linked = await t.as('agent').post('/api/telephony/calls/pop-2/link', { ticketId: id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect((await t.as('agent').get(`/api/tickets/${id}/calls`)).json().items.map((c: { callId: string }) => c.callId)).toEqual(['pop-2']);
    expect((await t.as('handler1').post('/api/telephony/calls/pop-2/link', { ticketId: id })).statusCode).toBe(403);
  });

  it('access: a handler cannot read the center\'s call records, nor an agent; the leader and analyst can, numbers masked', async () => {
    expect((await t.as('handler1').get('/api/telephony/calls')).statusCode).toBe(403);
    expect((await t.as('agent').get('/api/telephony/calls')).statusCode).toBe(403);
    for (const who of ['leader', 'analyst']) {
      const res = await t.as(who).get('/api/telephony/calls');
      expect(res.statusCode).toBe(200);
      const pop = res.json().items.find((c: { callId: string }) => c.callId === 'pop-1');
      expect(pop.caller).toBe('137****5555');
    }
  });
});
