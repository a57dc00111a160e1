import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planReports, retryDelayMs, DEFAULT_SCHEDULE } from '../../src/core/exchange/plan.ts';
import { drainExchange } from '../../src/server/integration/exchange/deliver.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';

/**
 * 上级平台交换 through HTTP (issue 15 item 4): orders of the national and provincial platforms come in with
 * an API key of scope `exchange`, become one ticket each on the upper_platform channel, flagged for the
 * evaluation, held to the platform's deadline, and their 受理/进展/办结 go back through the outbox to a
 * local receiver that fails first — retried with back-off on the app's clock until acknowledged.
 */

interface Received {
  orderId: string;
  messageId: string;
  kind: string;
  localNumber: string;
  text: string;
  reply?: { result: string | null; process: string | null; unitName: string | null };
  visit?: { satisfaction: string | null; resolution: string | null };
  /** The header the receiver saw: the platform's token, where it has one. */
  authorization: string | null;
}

let t: TestApp;
let receiver: Server;
let url: string;
/** What the receiver took, and how many of the next posts it fails. */
const got: Received[] = [];
let failNext = 0;
let key: string;
let street: string;

const NATIONAL = 'gov-duban';
const PROVINCE = 'sc-12345';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ ...(JSON.parse(body) as Received), authorization: req.headers.authorization ?? null } as Received);
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ack: true, receipt: `R-${got.length}` }));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/reports`;
  t = await buildTestApp({
    server: {
      exchangePlatforms: [
        { id: NATIONAL, name: '国务院“互联网+督查”平台', adapter: 'reference', url, token: 'upper-secret', national: true },
        { id: PROVINCE, name: '四川省 12345 平台', adapter: 'reference', url, schedule: { progressEveryHours: 24 } },
      ],
    },
  });
  key = (await t.as('admin').post('/api/admin/api-keys', { name: '国务院督查平台', scopes: ['exchange'] })).json().key;
  street = await t.unitId('解放碑街道办事处');
}, 120_000);
afterAll(async () => {
  await t?.close();
  await new Promise((r) => receiver?.close(r));
});

const post = (platform: string, body: unknown, auth: string | null = key) =>
  t.app.inject({
    method: 'POST',
    url: `/api/exchange/${platform}/orders`,
    remoteAddress: '10.40.0.1',
    headers: auth ? { authorization: `Bearer ${auth}` } : {},
    payload: body as object,
  });

const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
  orderId,
  title: '小区门口排水沟堵塞',
  content: '渝中区解放碑街道新华路 12 号小区门口排水沟堵塞一个月，雨天积水严重，群众多次反映无人处理',
  type: 'complaint',
  caller: { name: '李四', phone: '13900001111' },
  address: '渝中区解放碑街道新华路 12 号',
  deadline: '2026-11-27T18:00:00+08:00',
  instructions: '请核实处理，于 11 月 27 日前反馈办理结果',
  leaderInstruction: { by: '督查室', text: '请属地抓紧办理，按时反馈' },
  ...extra,
});

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

const drain = () => drainExchange(t.app.appContext, t.app.appContext.exchange!);

describe('上级平台交办 (凉山 第八条（二）; 重庆 第八条（二）; 邵阳 第二十七条)', () => {
  it('凉山 第八条（二）: an order received twice — and twice at once — gives one ticket on the upper_platform channel, flagged 国办工单 and 领导批示件', async () => {
    const first = await post(NATIONAL, order('GB-2026-0001'));
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(NATIONAL, order('GB-2026-0001'));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replayed: true, ticketId: first.json().ticketId, number: first.json().number });
    const both = await Promise.all([post(NATIONAL, order('GB-2026-0002')), post(NATIONAL, order('GB-2026-0002'))]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(new Set(both.map((r) => r.json().ticketId)).size).toBe(1);
    const { rows } = await t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM tickets WHERE channel = 'upper_platform'");
    expect(rows[0]!.n).toBe('2');

    const ticket = (await t.as('dispatcher').get(`/api/tickets/${first.json().ticketId}`)).json();
    expect(ticket.channel).toBe('upper_platform');
    expect(ticket.flags.kinds).toEqual(['national', 'leaderInstruction']);
    expect(ticket.flags.national).toEqual({ number: 'GB-2026-0001' });
    expect(ticket.flags.leaderInstruction).toMatchObject({ by: '督查室' });
    expect(ticket.status).toBe('registered');
    const upper = (await t.as('dispatcher').get(`/api/tickets/${first.json().ticketId}/upper`)).json();
    expect(upper.order).toMatchObject({ platform: NATIONAL, platformName: '国务院“互联网+督查”平台', externalId: 'GB-2026-0001', deadline: '2026-11-27T18:00:00+08:00', instructions: expect.stringContaining('11 月 27 日') });
    // the same number from another platform is another order
    const other = await post(PROVINCE, order('GB-2026-0001', { leaderInstruction: undefined }));
    expect(other.statusCode).toBe(201);
    const provincial = (await t.as('dispatcher').get(`/api/tickets/${other.json().ticketId}`)).json();
    expect(provincial.flags.kinds).toEqual([]);
    // waits in the dispatcher's queue like any request
    const queue = (await t.as('dispatcher').get('/api/tickets?status=registered')).json();
    expect(queue.items.map((i: { id: string }) => i.id)).toContain(first.json().ticketId);
  });

  it('refuses: no key 401, a wrong key 401, a key without exchange 403, a unit’s key 403, a person 403, a bad order 422 in Chinese, an unknown platform 404', async () => {
    expect((await post(NATIONAL, order('GB-X-1'), null)).statusCode).toBe(401);
    expect((await post(NATIONAL, order('GB-X-1'), 'o12345_nope_nope')).statusCode).toBe(401);
    const reader = (await t.as('admin').post('/api/admin/api-keys', { name: '只读', scopes: ['tickets:read'] })).json().key;
    expect((await post(NATIONAL, order('GB-X-1'), reader)).statusCode).toBe(403);
    const unitKey = (await t.as('admin').post('/api/admin/api-keys', { name: '街道系统', scopes: ['exchange'], unitId: street })).json().key;
    const atUnit = await post(NATIONAL, order('GB-X-1'), unitKey);
    expect(atUnit.statusCode).toBe(403);
    expect(atUnit.json().message).toContain('热线中心');
    const person = await t.as('agent').post(`/api/exchange/${NATIONAL}/orders`, order('GB-X-1'));
    expect(person.statusCode).toBe(403);
    const noContent = await post(NATIONAL, order('GB-X-1', { content: '' }));
    expect(noContent.statusCode).toBe(422);
    expect(noContent.json().message).toContain('诉求内容');
    const badId = await post(NATIONAL, order('GB X 1'));
    expect(badId.statusCode).toBe(422);
    expect(badId.json().message).toContain('工单编号');
    const badDeadline = await post(NATIONAL, order('GB-X-1', { deadline: '下周五' }));
    expect(badDeadline.statusCode).toBe(422);
    expect((await post(NATIONAL, { ...order('GB-X-1'), extra: 1 })).statusCode).toBe(422);
    expect((await post('nowhere', order('GB-X-1'))).statusCode).toBe(404);
    const { rows } = await t.db.query("SELECT 1 FROM exchange_orders WHERE external_id = 'GB-X-1'");
    expect(rows).toHaveLength(0);
  });
});

describe('向上级平台反馈办理情况 (凉山 第五条（三）)', () => {
  it('凉山 第五条（三）: dispatched, replied, visited → 受理, 进展, 办结 sent; a failing platform is retried with back-off until it acknowledges', async () => {
    t.setNow('2026-11-23T10:00:00+08:00');
    got.length = 0;
    const made = (await post(NATIONAL, order('GB-2026-0100'))).json();
    const id = made.ticketId as string;
    // nothing to report while the order waits for dispatch
    expect(await drain()).toMatchObject({ queued: 0, sent: 0 });

    await ok('dispatcher', id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
    const queued = await t.db.query<{ kind: string; channel: string; sent_at: Date | null }>(
      "SELECT d.kind, o.channel, o.sent_at FROM exchange_deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE d.ticket_id = $1", [id]);
    expect(queued.rows).toEqual([{ kind: 'acceptance', channel: 'exchange', sent_at: null }]);

    failNext = 2;
    expect(await drain()).toMatchObject({ sent: 1, failed: 1, acknowledged: 0 });
    // backing off: not again at once
    expect(await drain()).toMatchObject({ sent: 0 });
    t.setNow('2026-11-23T10:00:29+08:00');
    expect(await drain()).toMatchObject({ sent: 0 });
    t.setNow('2026-11-23T10:00:31+08:00');
    expect(await drain()).toMatchObject({ sent: 1, failed: 1 });
    // the second wait is twice the first
    expect(retryDelayMs(2)).toBe(60_000);
    t.setNow('2026-11-23T10:01:20+08:00');
    expect(await drain()).toMatchObject({ sent: 0 });
    t.setNow('2026-11-23T10:01:32+08:00');
    expect(await drain()).toMatchObject({ sent: 1, acknowledged: 1 });
    expect(got.map((g) => g.kind)).toEqual(['acceptance', 'acceptance', 'acceptance']);
    expect(new Set(got.map((g) => g.messageId)).size).toBe(1);
    expect(got[2]).toMatchObject({ orderId: 'GB-2026-0100', localNumber: made.number, text: expect.stringContaining('解放碑街道办事处'), authorization: 'Bearer upper-secret' });

    t.setNow('2026-11-23T14:00:00+08:00');
    await ok('handler1', id, 'sign');
    await ok('handler1', id, 'reply', { process: '组织疏通排水沟并清运淤泥', result: '排水沟已疏通，雨天不再积水', contacted: true });
    await ok('dispatcher', id, 'approve-completion');
    await ok('visitor', id, 'visit', { satisfaction: 'satisfied', resolution: 'resolved', comment: '很快' });
    expect((await t.as('dispatcher').get(`/api/tickets/${id}`)).json().status).toBe('closed');
    // one report a round for the order: each waits for the one before it to be acknowledged
    expect(await drain()).toMatchObject({ sent: 1, acknowledged: 1 });
    expect(await drain()).toMatchObject({ sent: 1, acknowledged: 1 });
    expect(await drain()).toMatchObject({ sent: 1, acknowledged: 1 });
    expect(await drain()).toMatchObject({ queued: 0, sent: 0 });
    const kinds = got.slice(3).map((g) => g.kind);
    expect(kinds).toEqual(['progress', 'progress', 'result']);
    expect(got[3]!.text).toContain('签收');
    expect(got[4]!.text).toContain('办理答复');
    expect(got[5]).toMatchObject({ kind: 'result', reply: { result: '排水沟已疏通，雨天不再积水', process: '组织疏通排水沟并清运淤泥' }, visit: { satisfaction: 'satisfied', resolution: 'resolved' } });

    // the log: on the ticket (its timeline and its card) and in the center's list
    const ticket = (await t.as('dispatcher').get(`/api/tickets/${id}`)).json();
    const actions = ticket.events.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'upper-report')).toHaveLength(4);
    expect(actions.filter((a: string) => a === 'upper-ack')).toHaveLength(4);
    const upper = (await t.as('dispatcher').get(`/api/tickets/${id}/upper`)).json();
    expect(upper.deliveries.map((d: { kind: string; attempts: number; acknowledgedAt: string | null }) => [d.kind, d.attempts, !!d.acknowledgedAt])).toEqual([
      ['acceptance', 3, true],
      ['progress', 1, true],
      ['progress', 1, true],
      ['result', 1, true],
    ]);
    expect(upper.deliveries[0].receipt).toBe('R-3');
    const outbox = await t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM outbox WHERE channel = 'exchange' AND ticket_id = $1 AND sent_at IS NOT NULL", [id]);
    expect(outbox.rows[0]!.n).toBe('4');
    const admin = await t.as('admin').get('/api/admin/exchange/deliveries?state=acknowledged');
    expect(admin.statusCode).toBe(200);
    expect(admin.json().items.filter((d: { ticketId: string }) => d.ticketId === id)).toHaveLength(4);
    expect((await t.as('handler1').get('/api/admin/exchange/deliveries')).statusCode).toBe(403);
    // a unit sees the order it works to, not the center's correspondence
    const atUnit = (await t.as('handler1').get(`/api/tickets/${id}/upper`)).json();
    expect(atUnit.order.externalId).toBe('GB-2026-0100');
    expect(atUnit.deliveries).toEqual([]);
  });

  it('the upper platform’s deadline holds the handling clock where it is earlier than the preset’s (凉山 第五条（三）), and not where it is later', async () => {
    t.setNow('2026-11-23T10:00:00+08:00');
    const early = (await post(NATIONAL, order('GB-2026-0200', { deadline: '2026-11-26T17:00:00+08:00' }))).json();
    const late = (await post(NATIONAL, order('GB-2026-0201', { deadline: '2027-03-01T17:00:00+08:00' }))).json();
    const handle = async (id: string) => {
      const s = await ok('dispatcher', id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
      return s.assignments[0].clocks.find((c: { name: string }) => c.name === 'handle');
    };
    const held = await handle(early.ticketId);
    expect(held).toMatchObject({ dueAt: '2026-11-26T17:00:00+08:00', explicit: true, rule: '上级平台时限（国务院“互联网+督查”平台）' });
    const kept = await handle(late.ticketId);
    // 重庆 第十三条（二）: 15 working days from dispatch, before the platform's March deadline
    expect(kept.dueAt).toBe('2026-12-14T23:59:59+08:00');
    expect(kept.explicit).toBe(false);
  });

  it('on the platform’s schedule: a 进展 at least every 24 hours while open (凉山 第五条（三） 及时反馈)', async () => {
    t.setNow('2026-11-24T09:00:00+08:00');
    await drain();
    const made = (await post(PROVINCE, order('SC-2026-0300', { leaderInstruction: undefined }))).json();
    await ok('dispatcher', made.ticketId, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
    const kinds = async () => (await t.db.query<{ kind: string }>('SELECT kind FROM exchange_deliveries WHERE ticket_id = $1 ORDER BY id', [made.ticketId])).rows.map((r) => r.kind);
    await drain();
    expect(await kinds()).toEqual(['acceptance']);
    t.setNow('2026-11-25T08:59:00+08:00');
    await drain();
    expect(await kinds()).toEqual(['acceptance']);
    t.setNow('2026-11-25T09:01:00+08:00');
    await drain();
    expect(await kinds()).toEqual(['acceptance', 'progress']);
    const last = got.at(-1)!;
    expect(last).toMatchObject({ orderId: 'SC-2026-0300', kind: 'progress', text: '办理中，尚未办结', authorization: null });
  });
});

describe('国办工单 in the evaluation (邵阳 第二十七条)', () => {
  it('邵阳 第二十七条: the national platform’s orders are found as 国办工单 and reported apart in the 国办工单专报, with the unit’s on-time rate', async () => {
    t.setNow('2026-11-26T10:00:00+08:00');
    const listed = (await t.as('dispatcher').get('/api/tickets?flag=national&pageSize=100')).json();
    const numbers = (await t.db.query<{ number: string }>("SELECT t.number FROM exchange_orders o JOIN tickets t ON t.id = o.ticket_id WHERE o.platform = $1", [NATIONAL])).rows.map((r) => r.number);
    expect(numbers).toHaveLength(5);
    expect(listed.items.map((i: { number: string }) => i.number).sort()).toEqual(numbers.sort());
    const res = await t.as('leader').get('/api/analytics/reports/special?from=2026-11-23&to=2026-11-26&flag=national');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.scope.flag).toEqual({ key: 'national', label: '国办工单' });
    expect(r.totals.current.received).toBe(5);
    const street = r.units.all.find((u: { unit: { name: string } }) => u.unit.name === '解放碑街道办事处');
    expect(street).toMatchObject({ received: 3 });
  });
});

describe('core/exchange/plan (凉山 第五条（三）)', () => {
  const base = { sent: { acceptance: false, result: false, lastAt: null }, events: [], now: 0, schedule: DEFAULT_SCHEDULE };
  it('plans nothing before the order is taken up, a result alone for one refused, and backs off to an hour at most', () => {
    expect(planReports({ ...base, status: 'registered' })).toEqual([]);
    expect(planReports({ ...base, status: 'rejected' }).map((p) => p.kind)).toEqual(['result']);
    expect(planReports({ ...base, status: 'closed', events: [{ action: 'answer', text: '直接答复' }] }).map((p) => p.kind)).toEqual(['acceptance', 'result']);
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });
});
