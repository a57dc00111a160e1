import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox, type OutboxMessage } from '../../src/server/jobs/outbox.ts';
import { signSmsBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/server/sms/inbound.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 短信送达回执 (issue 14 item 6): the gateway's id of each text it takes is kept on the outbox row, and
 * its delivery reports come to POST /api/sms/delivery signed as its replies. Idempotent; in any order
 * (delivered wins); before the send that learns the id. A visit SMS that failed is shown to the visitor
 * (ticket, timeline, 回访 · 短信未送达) so that they call instead (凉山 第十三条（一）（三）). Through HTTP;
 * a test gateway stands in for the SMS gateway.
 */
const SECRET = 'test-sms-gateway-secret-delivery-0123456789';
let t: TestApp;
let street: string;
const raw: string[] = [];
/** The gateway: which message id each number's texts got. */
const ids = new Map<string, string[]>();
let nextId = 1;
/** Message ids the gateway gives the next visit texts, in order, before its own numbering. */
const planned: string[] = [];

/** A gateway so quick that it reports on a visit text before its send has returned (PostgreSQL only). */
let reportsDuringSend = false;

const gateway = {
  async send(m: OutboxMessage) {
    const visitText = m.body.includes('1 满意');
    const id = (visitText ? planned.shift() : undefined) ?? `gw-${String(nextId++).padStart(4, '0')}`;
    if (m.recipient) ids.set(m.recipient, [...(ids.get(m.recipient) ?? []), id]);
    if (visitText && reportsDuringSend) {
      const r = await report({ messageId: id, status: 'failed', at: '2026-11-23T09:30:02+08:00', code: 'UNDELIV' });
      expect(r.json()).toMatchObject({ matched: false });
    }
    return { messageId: id };
  },
};
const drain = () => drainOutbox(t.db, t.ctx.vault, gateway, 1000, () => t.ctx.now());

beforeAll(async () => {
  t = await buildTestApp({ policy: 'liangshan-2023', server: { smsInboundSecret: SECRET, logger: { stream: { write: (l: string) => void raw.push(l) } } } });
  street = await t.unitId('解放碑街道办事处');
});
afterAll(() => t.close());

const stamp = () => String(Math.floor(t.ctx.now() / 1000));

function report(body: unknown, opts: { secret?: string; timestamp?: string; signature?: string | null } = {}) {
  const payload = JSON.stringify(body);
  const ts = opts.timestamp ?? stamp();
  const signature = opts.signature === undefined ? signSmsBody(opts.secret ?? SECRET, ts, payload) : opts.signature;
  return t.app.inject({
    method: 'POST',
    url: '/api/sms/delivery',
    headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: ts, ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) },
    payload,
  });
}

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

/** A ticket of this caller waiting for its visit, with the SMS visit sent and handed to the gateway: its message id. */
async function texted(phone: string): Promise<{ id: string; messageId: string }> {
  const created = await t.as('agent').post('/api/tickets', newTicket({ caller: { name: '孙八', phone } }));
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  await ok('dispatcher', id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
  await ok('handler1', id, 'sign');
  await ok('handler1', id, 'reply', { process: '现场查看', result: '已处理', contacted: true, contactMethod: 'phone' });
  await ok('dispatcher', id, 'approve-completion');
  await ok('visitor', id, 'sms-visit');
  await drain();
  return { id, messageId: ids.get(phone)!.at(-1)! };
}

const visit = async (id: string) => (await t.as('visitor').get(`/api/tickets/${id}`)).json();
const actions = (ticket: { events: Array<{ action: string }> }) => ticket.events.map((e) => e.action);
const failedQueue = async () => ((await t.as('visitor').get('/api/tickets?pending=sms-failed')).json().items as Array<{ id: string }>).map((i) => i.id);

describe('短信送达回执: the gateway’s delivery reports', () => {
  it('the send keeps the gateway’s message id; a failure reaches the visitor, who calls; the same report again changes nothing', async () => {
    const phone = '13500001111';
    const { id, messageId } = await texted(phone);
    const { rows } = await t.db.query<{ gateway_id: string; sent_at: Date | null }>("SELECT gateway_id, sent_at FROM outbox WHERE ticket_id = $1 AND body LIKE '%满意%'", [id]);
    expect(rows).toEqual([{ gateway_id: messageId, sent_at: expect.any(Date) }]);

    raw.length = 0;
    const body = { messageId, status: 'failed', at: '2026-11-23T09:31:00+08:00', code: 'UNDELIV', description: `号码 ${phone} 为空号` };
    const r = await report(body);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ duplicate: false, matched: true, delivery: 'failed' });

    const seen = await visit(id);
    expect(seen.smsVisit.delivery).toMatchObject({ status: 'failed', code: 'UNDELIV', at: '2026-11-23T09:31:00+08:00' });
    // the gateway's words are kept with the number masked
    expect(seen.smsVisit.delivery.description).toBe('号码 135****1111 为空号');
    expect(seen.events.at(-1)).toMatchObject({ action: 'sms-visit-undelivered', actor: '系统', code: 'UNDELIV' });
    expect(seen.events.at(-1).reason).toContain('无法送达');
    expect(await failedQueue()).toContain(id);
    // the visit is still the visitor's to do, by phone
    expect(seen.status).toBe('visiting');
    expect(seen.access.allowedActions).toContain('visit');
    // the unit reads the timeline line, not the center's SMS details
    const unit = (await t.as('handler1').get(`/api/tickets/${id}`)).json();
    expect(unit.smsVisit).toBeNull();
    expect(JSON.stringify(unit)).not.toContain(phone);

    // the same post again (the gateway retried): duplicate, one timeline line
    expect((await report(body)).json()).toEqual({ duplicate: true, matched: true, delivery: 'failed' });
    expect(actions(await visit(id)).filter((a) => a === 'sms-visit-undelivered')).toHaveLength(1);
    // the outbox row carries the fold
    const { rows: out } = await t.db.query<{ delivery: string; delivery_code: string }>('SELECT delivery, delivery_code FROM outbox WHERE gateway_id = $1', [messageId]);
    expect(out).toEqual([{ delivery: 'failed', delivery_code: 'UNDELIV' }]);
    // no number in the logs
    expect(raw.join('\n')).toContain('/api/sms/delivery');
    expect(raw.join('\n')).not.toContain(phone);

    // the visitor phones and records the result: the queue empties
    await ok('visitor', id, 'visit', { satisfaction: 'satisfied', resolution: 'resolved', method: 'phone' });
    expect(await failedQueue()).not.toContain(id);
  });

  it('out of order: delivered wins — a later failure report is ignored; a delivery after a failure corrects it', async () => {
    const a = await texted('13500002222');
    expect((await report({ messageId: a.messageId, status: 'delivered', at: '2026-11-23T09:30:20+08:00' })).json()).toMatchObject({ delivery: 'delivered' });
    expect((await report({ messageId: a.messageId, status: 'failed', at: '2026-11-23T09:40:00+08:00', code: 'EXPIRED' })).json()).toMatchObject({ duplicate: false, delivery: 'delivered' });
    const seenA = await visit(a.id);
    expect(seenA.smsVisit.delivery).toMatchObject({ status: 'delivered', at: '2026-11-23T09:30:20+08:00', code: null });
    expect(actions(seenA)).not.toContain('sms-visit-undelivered');
    expect(await failedQueue()).not.toContain(a.id);

    const b = await texted('13500003333');
    await report({ messageId: b.messageId, status: 'failed', at: '2026-11-23T09:31:00+08:00', code: 'EXPIRED' });
    expect(await failedQueue()).toContain(b.id);
    // the carrier retried and got through
    expect((await report({ messageId: b.messageId, status: 'delivered', at: '2026-11-23T09:50:00+08:00' })).json()).toMatchObject({ delivery: 'delivered' });
    const seenB = await visit(b.id);
    expect(seenB.smsVisit.delivery).toMatchObject({ status: 'delivered' });
    expect(actions(seenB).filter((x) => x.startsWith('sms-visit-'))).toEqual(['sms-visit-undelivered', 'sms-visit-delivered']);
    expect(await failedQueue()).not.toContain(b.id);
    // an older failure arriving last changes nothing
    await report({ messageId: b.messageId, status: 'failed', at: '2026-11-23T09:30:30+08:00', code: 'UNDELIV' });
    expect(actions(await visit(b.id)).filter((x) => x === 'sms-visit-undelivered')).toHaveLength(1);
  });

  it('a report that comes before the send recorded the message id is kept, and folded in by the send', async () => {
    planned.push('gw-early-1');
    const early = await report({ messageId: 'gw-early-1', status: 'failed', at: '2026-11-23T09:30:05+08:00', code: 'MK:0005' });
    // no text of ours has that id yet: kept, nothing to show
    expect(early.json()).toEqual({ duplicate: false, matched: false, delivery: null });
    const { id, messageId } = await texted('13500004444');
    expect(messageId).toBe('gw-early-1');
    const seen = await visit(id);
    expect(seen.smsVisit.delivery).toMatchObject({ status: 'failed', code: 'MK:0005' });
    expect(seen.events.at(-1)).toMatchObject({ action: 'sms-visit-undelivered', reason: '网关未说明原因（回执代码 MK:0005）' });
  });

  // PGlite is one connection: a report posted while the send's transaction is open would wait for it
  it.runIf(process.env.TEST_DATABASE_URL)('PostgreSQL: a report posted while the send is still open is folded in by the send', async () => {
    reportsDuringSend = true;
    try {
      const { id } = await texted('13500006666');
      expect((await visit(id)).smsVisit.delivery).toMatchObject({ status: 'failed', code: 'UNDELIV' });
    } finally {
      reportsDuringSend = false;
    }
  });

  it('reports on other texts (a registration receipt) stay with their outbox row; a resent visit SMS is judged by its own', async () => {
    const phone = '13500005555';
    const { id, messageId } = await texted(phone);
    const [receipt] = ids.get(phone)!;
    expect(receipt).not.toBe(messageId);
    expect((await report({ messageId: receipt, status: 'failed', at: '2026-11-23T09:31:00+08:00', code: 'UNDELIV' })).json()).toMatchObject({ matched: true });
    expect((await visit(id)).smsVisit.delivery).toBeNull();
    // the visitor sends it again: the first text's failure no longer speaks for the visit
    await ok('visitor', id, 'sms-visit');
    await drain();
    await report({ messageId, status: 'failed', at: '2026-11-23T09:32:00+08:00', code: 'UNDELIV' });
    const seen = await visit(id);
    expect(seen.smsVisit.delivery).toBeNull();
    expect(actions(seen)).not.toContain('sms-visit-undelivered');
    // a reply proves the text arrived: a failure reported after it is not put to the visitor
    await t.app.inject({
      method: 'POST',
      url: '/api/sms/inbound',
      headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: stamp(), [SIGNATURE_HEADER]: signSmsBody(SECRET, stamp(), JSON.stringify({ from: phone, text: '3' })) },
      payload: JSON.stringify({ from: phone, text: '3' }),
    });
    await report({ messageId: ids.get(phone)!.at(-1)!, status: 'failed', at: '2026-11-23T09:33:00+08:00', code: 'UNDELIV' });
    expect((await visit(id)).smsVisit).toMatchObject({ parsed: 'dissatisfied', delivery: null });
  });

  it('signed like the replies: 401 for a wrong or missing signature and a stale timestamp; 422 for a malformed report; 404 when not configured', async () => {
    const body = { messageId: 'gw-x', status: 'delivered', at: '2026-11-23T09:30:00+08:00' };
    expect((await report(body, { signature: null })).statusCode).toBe(401);
    const wrong = await report(body, { secret: 'not-the-secret' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toBe('bad_signature');
    const old = String(Math.floor(t.ctx.now() / 1000) - 301);
    const stale = await report(body, { timestamp: old });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error).toBe('stale_timestamp');
    // a captured signature with a fresh timestamp
    expect((await report(body, { signature: signSmsBody(SECRET, old, JSON.stringify(body)) })).statusCode).toBe(401);
    for (const bad of [
      { ...body, status: 'read' },
      { ...body, at: '昨天' },
      { ...body, code: 'has spaces' },
      { ...body, to: '13500001111' },
      { status: 'failed', at: body.at },
    ]) {
      const r = await report(bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(422);
      expect(r.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM sms_delivery_reports WHERE message_id = 'gw-x'");
    expect(rows[0]!.n).toBe(0);

    const off = await buildTestApp();
    try {
      const payload = JSON.stringify(body);
      const r = await off.app.inject({ method: 'POST', url: '/api/sms/delivery', headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: stamp(), [SIGNATURE_HEADER]: signSmsBody(SECRET, stamp(), payload) }, payload });
      expect(r.statusCode).toBe(404);
      expect(r.json().message).toContain('SMS_INBOUND_SECRET');
    } finally {
      await off.close();
    }
  });
});
