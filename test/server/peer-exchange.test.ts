import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainExchange, sendError } from '../../src/server/integration/exchange/deliver.ts';
import type { UpperPlatform } from '../../src/server/integration/exchange/adapter.ts';
import type { ExchangePeer } from '../../src/server/integration/exchange/peers.ts';
import { relay, type Relay } from '../exchange-relay.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 转办至其他平台 through HTTP (issue 15 item 5): two open12345 instances, each with its own database and
 * preset — A 重庆 (chongqing-2021), B 凉山 (liangshan-2023) — reached over real HTTP through a local
 * relay per direction that can be down (503, nothing passed on) or lose the answer (passed on, 502 back).
 * A transfers a ticket to B; B handles it as any upper platform's order (its dispatch, reply, visit on its
 * own clocks) and its reports come back to A, whose visitor closes it per A's preset.
 */

let a: TestApp;
let b: TestApp;
let toB: Relay;
let toA: Relay;
/** A's view of B, and B's of A: the keys are made by each side's admin once both are up, then configured. */
const peerB: ExchangePeer = { id: 'lz-12345', name: '凉山州 12345 平台', url: '', key: 'not-yet', platformId: 'cq-12345' };
const platformA: UpperPlatform = { id: 'cq-12345', name: '重庆市 12345 平台', adapter: 'open12345', url: '', token: 'not-yet' };
let keyAtA: string;

beforeAll(async () => {
  [toB, toA] = await Promise.all([relay(), relay()]);
  peerB.url = toB.url;
  platformA.url = `${toA.url}/api/exchange/peers/${peerB.id}/reports`;
  a = await buildTestApp({ server: { exchangePeers: [peerB] } });
  b = await buildTestApp({ policy: 'liangshan-2023', server: { exchangePlatforms: [platformA] } });
  toB.target = b;
  toA.target = a;
  peerB.key = (await b.as('admin').post('/api/admin/api-keys', { name: '重庆市 12345 平台（转办）', scopes: ['exchange'] })).json().key;
  keyAtA = (await a.as('admin').post('/api/admin/api-keys', { name: '凉山州 12345 平台（报送）', scopes: ['exchange'] })).json().key;
  platformA.token = keyAtA;
}, 180_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await Promise.all([toB, toA].map((r) => r?.close()));
});

const drainA = () => drainExchange(a.app.appContext, a.app.appContext.exchange!);
const drainB = () => drainExchange(b.app.appContext, b.app.appContext.exchange!);
const setNow = (iso: string) => {
  a.setNow(iso);
  b.setNow(iso);
};

async function ok(t: TestApp, user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

const CALLER = { name: '王五', phone: '13700002222' };
let transferred: { id: string; number: string };

describe('转办至其他平台 (重庆 第八条（二） 川渝互转; 四川 (sichuan-2021) 四（一）)', () => {
  it('重庆 第八条（二）: A transfers a ticket to B; B down, then its answer lost, A retries with back-off and B keeps one ticket', async () => {
    setNow('2026-11-23T10:00:00+08:00');
    const made = (await a.as('agent').post('/api/tickets', newTicket({ caller: CALLER, content: '在西昌市务工被拖欠工资三个月，包工头联系不上，请帮忙协调', type: 'help', address: '凉山州西昌市' }))).json();
    transferred = { id: made.id, number: made.number };
    const peers = (await a.as('dispatcher').get('/api/exchange/peers')).json();
    expect(peers.items).toEqual([{ id: 'lz-12345', name: '凉山州 12345 平台' }]);
    // the page offers the transfer exactly as the server takes it: to the dispatcher, not the agent (who is told nothing)
    expect((await a.as('dispatcher').get(`/api/tickets/${made.id}/transfer-peer`)).json()).toEqual({ items: [], mayTransfer: true, refusal: null });
    expect((await a.as('agent').get(`/api/tickets/${made.id}/transfer-peer`)).json()).toEqual({ items: [], mayTransfer: false, refusal: null });
    const none = await a.as('dispatcher').post(`/api/tickets/${made.id}/transfer-peer`, {});
    expect(none.statusCode).toBe(422);
    expect(none.json().message).toBe('peer：请选择对方平台');
    const res = await a.as('dispatcher').post(`/api/tickets/${made.id}/transfer-peer`, { peer: 'lz-12345', note: '来电人在西昌务工，请属地核实处理' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().orderId).toBe(made.number);

    // A waits: its own decisions are neither offered nor taken while B holds the ticket
    const waiting = (await a.as('dispatcher').get(`/api/tickets/${made.id}`)).json();
    expect(waiting.status).toBe('registered');
    expect(waiting.access.allowedActions).not.toContain('dispatch');
    expect(waiting.access.allowedActions).toContain('flag');
    const street = await a.unitId('解放碑街道办事处');
    const refused = await a.as('dispatcher').act(made.id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('其他平台');
    expect((await a.as('dispatcher').post(`/api/tickets/${made.id}/transfer-peer`, { peer: 'lz-12345' })).statusCode).toBe(409);
    // the caller stays sealed in A's outbox
    const outbox = await a.db.query<{ body: string }>("SELECT body FROM outbox WHERE channel = 'exchange' AND ticket_id = $1", [made.id]);
    expect(outbox.rows[0]!.body).not.toContain(CALLER.phone);

    const waitingCard = (await a.as('dispatcher').get(`/api/tickets/${made.id}/transfer-peer`)).json();
    expect(waitingCard).toMatchObject({ mayTransfer: false, refusal: '工单已转办至其他平台，正在等待对方办理' });
    expect(waitingCard.items[0].delivery).toMatchObject({ attempts: 0, lastError: null, acknowledgedAt: null });

    toB.modes = ['down', 'lose'];
    expect(await drainA()).toMatchObject({ sent: 1, failed: 1 });
    expect(await drainA()).toMatchObject({ sent: 0 });
    // the card says how the order's way goes: tried once, why it failed, when it is tried again
    const failed = (await a.as('dispatcher').get(`/api/tickets/${made.id}/transfer-peer`)).json().items[0].delivery;
    expect(failed).toMatchObject({ attempts: 1, lastError: 'HTTP 503：维护中', nextAttemptAt: '2026-11-23T10:00:30+08:00', acknowledgedAt: null });
    setNow('2026-11-23T10:00:31+08:00');
    expect(await drainA()).toMatchObject({ sent: 1, failed: 1 });
    // B took it the second time, but A never heard: the third post is the same order, answered 200 with B's ticket
    setNow('2026-11-23T10:01:32+08:00');
    expect(await drainA()).toMatchObject({ sent: 1, acknowledged: 1 });
    expect(toB.seen.map((s) => s.status)).toEqual([503, 502, 200]);
    expect(toB.seen.every((s) => s.url === '/api/exchange/cq-12345/orders')).toBe(true);
    const atB = await b.db.query<{ ticket_id: string; external_id: string; number: string; instructions: string }>(
      "SELECT o.ticket_id, o.external_id, t.number, o.instructions FROM exchange_orders o JOIN tickets t ON t.id = o.ticket_id WHERE o.platform = 'cq-12345'",
    );
    expect(atB.rows).toHaveLength(1);
    expect(atB.rows[0]).toMatchObject({ external_id: made.number, instructions: expect.stringContaining(made.number) });
    expect(atB.rows[0]!.instructions).toContain('请属地核实处理');
    const ticketB = (await b.as('dispatcher').get(`/api/tickets/${atB.rows[0]!.ticket_id}`)).json();
    expect(ticketB).toMatchObject({ channel: 'upper_platform', status: 'registered', content: expect.stringContaining('西昌市') });
    expect(ticketB.caller.phone).toBe(CALLER.phone);
    const transfer = (await a.as('dispatcher').get(`/api/tickets/${made.id}/transfer-peer`)).json().items[0];
    expect(transfer).toMatchObject({ peer: 'lz-12345', peerName: '凉山州 12345 平台', remoteNumber: atB.rows[0]!.number, state: 'pending' });
    expect(transfer.delivery).toMatchObject({ attempts: 3, lastError: null, nextAttemptAt: null, acknowledgedAt: '2026-11-23T10:01:32+08:00' });
    const events = (await a.as('dispatcher').get(`/api/tickets/${made.id}`)).json().events.map((e: { action: string }) => e.action);
    expect(events).toEqual(expect.arrayContaining(['peer-transfer', 'upper-ack']));
    // 系统管理 · 平台交换 lists the order under its own kind (转办), named by the peer it went to
    const orders = (await a.as('admin').get('/api/admin/exchange/deliveries?kind=order')).json();
    expect(orders.items).toEqual([
      expect.objectContaining({ ticketNumber: made.number, kind: 'order', kindLabel: '转办', platformName: '凉山州 12345 平台', target: 'peer:lz-12345', attempts: 3, receipt: atB.rows[0]!.number }),
    ]);
    expect(orders.peers).toEqual([expect.objectContaining({ id: 'lz-12345', state: 'active', consecutiveFailures: 0 })]);
    expect((await a.as('admin').get('/api/admin/exchange/deliveries?kind=acceptance')).json().items).toEqual([]);
    expect((await a.as('admin').get('/api/admin/exchange/deliveries?kind=transfer')).statusCode).toBe(422);
  });

  it('重庆 第八条（二）: B dispatches, replies and visits on its own preset; its 受理/进展/办结 come back to A (one lost and retried), A visits and closes', async () => {
    const { rows } = await b.db.query<{ ticket_id: string }>("SELECT ticket_id FROM exchange_orders WHERE platform = 'cq-12345'");
    const idB = rows[0]!.ticket_id;
    const street = await b.unitId('解放碑街道办事处');
    setNow('2026-11-23T11:00:00+08:00');
    const dispatched = await ok(b, 'dispatcher', idB, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
    // B's own preset and clocks (凉山), whatever A's (重庆)
    expect(dispatched.assignments[0].preset.id).toBe('liangshan-2023');
    toA.modes = ['down'];
    expect(await drainB()).toMatchObject({ sent: 1, failed: 1 });
    setNow('2026-11-23T11:00:31+08:00');
    expect(await drainB()).toMatchObject({ sent: 1, acknowledged: 1 });
    const afterAccept = (await a.as('dispatcher').get(`/api/tickets/${transferred.id}/transfer-peer`)).json().items[0];
    expect(afterAccept.reports.map((r: { kind: string }) => r.kind)).toEqual(['acceptance']);

    setNow('2026-11-24T09:00:00+08:00');
    await ok(b, 'handler1', idB, 'sign');
    await ok(b, 'handler1', idB, 'reply', { process: '联系劳动监察大队约谈包工头', result: '已督促支付拖欠工资 2.4 万元，来电人确认收到', contacted: true });
    const ticketB = (await b.as('dispatcher').get(`/api/tickets/${idB}`)).json();
    if (ticketB.status === 'reviewing') await ok(b, 'dispatcher', idB, 'approve-completion');
    await ok(b, 'visitor', idB, 'visit', { satisfaction: 'satisfied', resolution: 'resolved', comment: '钱拿到了' });
    expect((await b.as('dispatcher').get(`/api/tickets/${idB}`)).json().status).toBe('closed');
    for (let i = 0; i < 6; i += 1) await drainB();
    expect(await drainB()).toMatchObject({ queued: 0, sent: 0 });

    const reports = (await a.as('dispatcher').get(`/api/tickets/${transferred.id}/transfer-peer`)).json().items[0];
    expect(reports.reports.map((r: { kind: string }) => r.kind)).toEqual(['acceptance', 'progress', 'progress', 'result']);
    expect(reports.state).toBe('answered');
    const ticketA = (await a.as('dispatcher').get(`/api/tickets/${transferred.id}`)).json();
    // the result is A's answer; A's own visit is due (A's preset), not B's
    expect(ticketA.status).toBe('answered');
    expect(ticketA.outcome).toMatchObject({ kind: 'answer', answer: '已督促支付拖欠工资 2.4 万元，来电人确认收到' });
    expect(ticketA.events.map((e: { action: string }) => e.action).filter((x: string) => x === 'peer-report')).toHaveLength(4);
    await ok(a, 'visitor', transferred.id, 'visit', { satisfaction: 'satisfied', resolution: 'resolved', comment: '异地也办好了' });
    expect((await a.as('dispatcher').get(`/api/tickets/${transferred.id}`)).json().status).toBe('closed');
  });

  it('the same report twice changes nothing on A (idempotent by messageId); refusals 401/403/404/422', async () => {
    const { rows } = await b.db.query<{ report: Record<string, unknown> }>("SELECT report FROM exchange_deliveries WHERE platform = 'cq-12345' AND kind = 'result'");
    const { peerAdapter } = await import('../../src/server/integration/exchange/peer-adapter.ts');
    const wire = peerAdapter.writeReport(rows[0]!.report as never) as Record<string, unknown>;
    const post = (body: unknown, auth: string | null = keyAtA, peer = 'lz-12345') =>
      a.app.inject({ method: 'POST', url: `/api/exchange/peers/${peer}/reports`, remoteAddress: '10.60.0.2', headers: auth ? { authorization: `Bearer ${auth}` } : {}, payload: body as object });
    const before = (await a.as('dispatcher').get(`/api/tickets/${transferred.id}`)).json();
    const again = await post(wire);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ ack: true, replayed: true });
    const after = (await a.as('dispatcher').get(`/api/tickets/${transferred.id}`)).json();
    expect(after.events.length).toBe(before.events.length);
    expect(after.status).toBe('closed');

    expect((await post(wire, null)).statusCode).toBe(401);
    expect((await post(wire, 'o12345_nope_nope')).statusCode).toBe(401);
    const reader = (await a.as('admin').post('/api/admin/api-keys', { name: '只读', scopes: ['tickets:read'] })).json().key;
    expect((await post(wire, reader)).statusCode).toBe(403);
    const unitKey = (await a.as('admin').post('/api/admin/api-keys', { name: '街道系统', scopes: ['exchange'], unitId: await a.unitId('解放碑街道办事处') })).json().key;
    expect((await post(wire, unitKey)).statusCode).toBe(403);
    expect((await a.as('dispatcher').post('/api/exchange/peers/lz-12345/reports', wire)).statusCode).toBe(403);
    expect((await post(wire, keyAtA, 'nowhere')).statusCode).toBe(404);
    expect((await post({ ...wire, messageId: 'm-unknown', orderId: 'NO-SUCH' })).statusCode).toBe(404);
    const bad = await post({ ...wire, messageId: 'm-bad', kind: 'finished' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toContain('kind');
    expect((await post({ ...wire, messageId: 'm-extra', extra: 1 })).statusCode).toBe(422);

    // the transfer itself: only the center's dispatchers, only a registered ticket, only a configured peer
    const fresh = (await a.as('agent').post('/api/tickets', newTicket())).json();
    expect((await a.as('agent').post(`/api/tickets/${fresh.id}/transfer-peer`, { peer: 'lz-12345' })).statusCode).toBe(403);
    // a unit that never held it is told it does not exist, as for any action
    expect((await a.as('handler1').post(`/api/tickets/${fresh.id}/transfer-peer`, { peer: 'lz-12345' })).statusCode).toBe(404);
    const unknown = await a.as('dispatcher').post(`/api/tickets/${fresh.id}/transfer-peer`, { peer: 'nowhere' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().message).toContain('其他平台');
    expect((await a.as('dispatcher').post(`/api/tickets/${transferred.id}/transfer-peer`, { peer: 'lz-12345' })).statusCode).toBe(409);
    expect((await a.as('dispatcher').get(`/api/tickets/${transferred.id}/transfer-peer`)).json()).toMatchObject({ mayTransfer: false, refusal: '工单当前状态为「已办结」，只有待派单的工单可以转办至其他平台' });
    // a peer that cannot be reached is said in Chinese, the cause kept for the administrator
    const closed = await new Promise<number>((done) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as AddressInfo).port;
        srv.close(() => done(port));
      });
    });
    expect(sendError(await fetch(`http://127.0.0.1:${closed}/`).catch((e: unknown) => e), 10_000)).toBe('发送失败：对方平台拒绝连接（服务未启动或端口不通）（ECONNREFUSED）');
    expect(sendError(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 10_000)).toBe('发送失败：对方平台 10 秒内未应答');
    // B refuses an order with a bad key: A keeps retrying with back-off, the error kept
    const { rows: pending } = await a.db.query("SELECT 1 FROM exchange_deliveries WHERE kind = 'order' AND acknowledged_at IS NULL");
    expect(pending).toHaveLength(0);

    // refused three times in a row (B: 401 to a key it does not know), the order is stopped: the ticket page says so, no next try
    const goodKey = peerB.key;
    peerB.key = 'o12345_not_a_key_at_b';
    try {
      expect((await a.as('dispatcher').post(`/api/tickets/${fresh.id}/transfer-peer`, { peer: 'lz-12345' })).statusCode).toBe(200);
      for (let i = 0; i < 3; i += 1) {
        setNow(`2026-11-2${5 + i}T10:00:00+08:00`);
        expect(await drainA()).toMatchObject({ sent: 1, failed: 1 });
      }
      const stopped = (await a.as('dispatcher').get(`/api/tickets/${fresh.id}/transfer-peer`)).json().items[0].delivery;
      expect(stopped).toMatchObject({ attempts: 3, nextAttemptAt: null, acknowledgedAt: null, stopped: { reason: expect.stringContaining('连续 3 次拒收') }, peerPaused: null });
      expect(stopped.lastError).toContain('HTTP 401');
    } finally {
      peerB.key = goodKey;
    }
  });
});
