import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCHANGE_PAUSE_AFTER, isRefusal } from '../../src/core/exchange/failures.ts';
import { formatInstant } from '../../src/core/calendar/civil-date.ts';
import { drainExchange } from '../../src/server/integration/exchange/deliver.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';

/**
 * 交换失败告警 (issue 15): an upper platform that keeps refusing a report (4xx) has that report stopped after
 * three refusals in a row; one that keeps failing (any answer but an acknowledgement) is paused after ten
 * failed posts in a row — each told once to the duty leader and waiting in the administrator's 待我审批 ·
 * 对接异常, instead of being retried every hour for ever. The administrator sends again or resumes, and the
 * reports go out in order.
 */

let t: TestApp;
let key: string;
let street: string;
let clock = Date.parse('2026-11-23T10:00:00+08:00');
/** The upper platform's answers, first first (then: acknowledged), and what it was sent. */
const answers: Array<{ status: number; body: unknown }> = [];
const posted: Array<{ messageId: string; kind: string }> = [];

const fakeFetch = (async (_url: string, init: { body: string }) => {
  posted.push(JSON.parse(init.body) as { messageId: string; kind: string });
  const a = answers.shift() ?? { status: 200, body: { ack: true, receipt: `R-${posted.length}` } };
  return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } });
}) as unknown as typeof fetch;

const tick = (ms: number) => {
  clock += ms;
  t.setNow(formatInstant(clock));
};
const drain = () => drainExchange(t.app.appContext, t.app.appContext.exchange!, { fetch: fakeFetch });
const alerts = async () => (await t.db.query<{ body: string }>("SELECT body FROM outbox WHERE channel = 'alert' AND body LIKE '【平台交换】%' ORDER BY id")).rows.map((r) => r.body);
const issues = async (user = 'admin') => (await t.as(user).get('/api/inbox/integration')).json().items as Array<{ kind: string; name: string; reason: string; ticketNumber: string | null }>;

async function orderDispatched(orderId: string) {
  const made = await t.app.inject({
    method: 'POST',
    url: '/api/exchange/sc-12345/orders',
    remoteAddress: '10.40.0.9',
    headers: { authorization: `Bearer ${key}` },
    payload: { orderId, content: `排水沟堵塞（${orderId}）`, type: 'complaint', caller: { name: '李四', phone: '13900001111' } },
  });
  expect(made.statusCode, made.body).toBe(201);
  const { ticketId, number } = made.json();
  const res = await t.as('dispatcher').act(ticketId, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
  expect(res.statusCode, res.body).toBe(200);
  return { ticketId: ticketId as string, number: number as string };
}

beforeAll(async () => {
  t = await buildTestApp({ now: formatInstant(clock), server: { exchangePlatforms: [{ id: 'sc-12345', name: '四川省 12345 平台', adapter: 'reference', url: 'http://upper.invalid/reports' }] } });
  key = (await t.as('admin').post('/api/admin/api-keys', { name: '四川省平台', scopes: ['exchange'] })).json().key;
  street = await t.unitId('解放碑街道办事处');
}, 120_000);
afterAll(() => t?.close());

describe('交换失败告警', () => {
  it('what is a refusal: 4xx but 408/425/429; no answer, 5xx and an answer without ack are failures, not refusals', () => {
    expect([400, 401, 403, 404, 409, 422].every(isRefusal)).toBe(true);
    expect([null, 408, 425, 429, 500, 502, 503, 200].some(isRefusal)).toBe(false);
  });

  it('a report refused three times in a row is stopped, told once, and waits in the administrator’s 对接异常 until sent again', async () => {
    const o = await orderDispatched('SC-0001');
    answers.push({ status: 422, body: { message: 'orderId 未知' } }, { status: 503, body: {} }, { status: 422, body: {} }, { status: 422, body: {} }, { status: 422, body: {} });
    // 422, then 503 (the run of refusals starts again), then 422 × 3: stopped
    for (let i = 0; i < 5; i += 1) {
      expect(await drain()).toMatchObject({ sent: 1, failed: 1 });
      tick(61 * 60_000);
    }
    const stopped = (await t.as('admin').get('/api/admin/exchange/deliveries?state=stopped')).json().items;
    expect(stopped).toEqual([expect.objectContaining({ ticketNumber: o.number, kind: 'acceptance', attempts: 5, lastStatus: 422, stoppedReason: expect.stringContaining('连续 3 次拒收') })]);
    // no longer tried, however long one waits
    tick(6 * 3_600_000);
    expect(await drain()).toMatchObject({ sent: 0 });
    expect(posted).toHaveLength(5);
    expect(await alerts()).toEqual([expect.stringContaining(`工单 ${o.number} 的「受理」报送`)]);
    expect(await issues()).toEqual([expect.objectContaining({ kind: 'delivery-stopped', name: '四川省 12345 平台', ticketNumber: o.number })]);
    expect((await t.as('admin').get('/api/inbox/counts')).json()).toMatchObject({ integration: 1, total: 1 });
    // the administrator's alone (the dispatcher sees the list, not the issue)
    expect(await issues('dispatcher')).toEqual([]);
    const id = stopped[0].id as string;
    expect((await t.as('dispatcher').post(`/api/admin/exchange/deliveries/${id}/retry`)).statusCode).toBe(403);
    const retried = await t.as('admin').post(`/api/admin/exchange/deliveries/${id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect((await t.as('admin').post(`/api/admin/exchange/deliveries/${id}/retry`)).statusCode).toBe(409);
    expect(await drain()).toMatchObject({ sent: 1, acknowledged: 1 });
    expect(await issues()).toEqual([]);
    const events = (await t.as('dispatcher').get(`/api/tickets/${o.ticketId}`)).json().events.map((e: { action: string }) => e.action);
    expect(events).toContain('upper-ack');
  });

  it(`a platform failing ${EXCHANGE_PAUSE_AFTER} times in a row is paused (one alert); its reports wait, and go in order once resumed`, async () => {
    const a = await orderDispatched('SC-0002');
    const b = await orderDispatched('SC-0003');
    const before = posted.length;
    // down: answers 503 to everything, the two orders' acceptances alternate until ten failures in a row
    answers.push(...Array.from({ length: EXCHANGE_PAUSE_AFTER }, () => ({ status: 503, body: { message: '维护中' } })));
    let failures = 0;
    while (failures < EXCHANGE_PAUSE_AFTER) {
      failures += (await drain()).failed;
      tick(61 * 60_000);
    }
    expect(failures).toBe(EXCHANGE_PAUSE_AFTER);
    expect(posted.length - before).toBe(EXCHANGE_PAUSE_AFTER);
    // paused: nothing is posted, though both are long due; a 503 is no refusal, so neither report is stopped
    tick(6 * 3_600_000);
    expect(await drain()).toMatchObject({ sent: 0 });
    const list = (await t.as('admin').get('/api/admin/exchange/deliveries?state=pending')).json();
    expect(list.platforms).toEqual([expect.objectContaining({ id: 'sc-12345', state: 'paused', pausedReason: expect.stringContaining(`连续 ${EXCHANGE_PAUSE_AFTER} 次发送失败`) })]);
    expect(list.items.every((d: { stoppedAt: string | null }) => d.stoppedAt === null)).toBe(true);
    expect((await alerts()).filter((x) => x.includes('已自动暂停'))).toHaveLength(1);
    expect(await issues()).toEqual([expect.objectContaining({ kind: 'target-paused', name: '四川省 12345 平台', reason: expect.stringContaining('HTTP 503') })]);

    // the ticket goes on meanwhile: its next report queues behind the paused platform
    await t.as('handler1').act(a.ticketId, 'sign');
    expect(await drain()).toMatchObject({ sent: 0 });

    expect((await t.as('dispatcher').post('/api/admin/exchange/targets/platform:sc-12345/resume')).statusCode).toBe(403);
    expect((await t.as('admin').post('/api/admin/exchange/targets/platform:nowhere/resume')).statusCode).toBe(409);
    const resumed = await t.as('admin').post('/api/admin/exchange/targets/platform:sc-12345/resume');
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(await issues()).toEqual([]);
    // due at once, each order's reports in order: both acceptances, then a's 进展
    expect(await drain()).toMatchObject({ sent: 2, acknowledged: 2 });
    expect(await drain()).toMatchObject({ sent: 1, acknowledged: 1 });
    const kinds = posted.slice(before + EXCHANGE_PAUSE_AFTER).map((p) => p.kind);
    expect(kinds).toEqual(['acceptance', 'acceptance', 'progress']);
    const audit = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'exchange.%' ORDER BY id");
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['exchange.stop', 'exchange.retry', 'exchange.auto-pause', 'exchange.resume']));
    expect(b.number).toBeTruthy();
  });
});
