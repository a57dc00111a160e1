import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startE2E, type E2E } from './harness.ts';

/**
 * 上级平台交办 in the browser (issue 15 item 4; 凉山 第五条（三）, 凉山 第八条（二）): an order posted by the
 * platform with its key is dispatched; `serve`'s job reports 受理 to a local receiver, which acknowledges;
 * the ticket page shows the platform, its number, its deadline and the report with its receipt, and
 * 系统管理 · 平台交换 lists it.
 */

let e: E2E;
let receiver: Server;
const got: Array<{ kind: string; orderId: string }> = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push(JSON.parse(body) as { kind: string; orderId: string });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ack: true, receipt: `HZ-${got.length}` }));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/reports`;
  e = await startE2E({
    env: { JOBS: 'true', EXCHANGE_PLATFORMS: JSON.stringify([{ id: 'gov-duban', name: '国务院“互联网+督查”平台', adapter: 'reference', url, national: true }]) },
  });
});
afterAll(async () => {
  await e?.close();
  await new Promise((r) => receiver?.close(r));
});

describe('上级平台交办 (凉山 第五条（三）)', () => {
  it('凉山 第五条（三）: the ticket page shows the order’s platform, number and deadline, and the 受理 the platform acknowledged', async () => {
    const admin = await apiClient(e.url, 'admin');
    const { key } = await admin.post('/api/admin/api-keys', { name: '国务院督查平台', scopes: ['exchange'] });
    const res = await fetch(`${e.url}/api/exchange/gov-duban/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        orderId: 'GB-2026-E2E1',
        content: '国务院督查平台转来：新华路 12 号小区门口排水沟堵塞一个月，雨天积水严重',
        type: 'complaint',
        caller: { name: '李四', phone: '13900001111' },
        deadline: '2027-01-08T18:00:00+08:00',
        instructions: '请核实处理并按时反馈',
      }),
    });
    expect(res.status).toBe(201);
    const order = (await res.json()) as { ticketId: string; number: string };
    const dispatcher = await apiClient(e.url, 'dispatcher');
    const units = (await dispatcher.get(`/api/units?q=${encodeURIComponent('解放碑街道办事处')}`)) as Array<{ id: string; name: string }>;
    await dispatcher.post(`/api/tickets/${order.ticketId}/actions/dispatch`, { units: [{ unitId: units.find((u) => u.name === '解放碑街道办事处')!.id, role: 'lead' }] });
    // serve's job (every 10 s) sends the 受理 and records the receipt
    await expect.poll(() => got.map((g) => g.kind), { timeout: 60_000 }).toEqual(['acceptance']);

    const page = await e.page();
    await e.login(page, 'dispatcher');
    await page.goto(`${e.url}/tickets/${order.ticketId}`);
    const card = page.getByTestId('ticket-upper');
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('已确认');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('国务院“互联网+督查”平台');
    expect(text).toContain('GB-2026-E2E1');
    expect(text).toContain('2027-01-08 18:00');
    expect(text).toContain('请核实处理并按时反馈');
    expect(text).toContain('受理');
    expect(text).toContain('回执 HZ-1');
    await expect(page.getByTestId('ticket-flags').textContent()).resolves.toContain('国办工单');
    await e.shot(page, 'upper-ticket-card');

    const adminPage = await e.page();
    await e.login(adminPage, 'admin');
    await adminPage.goto(`${e.url}/admin`);
    await adminPage.getByRole('tab', { name: '平台交换' }).click();
    const table = adminPage.getByTestId('exchange-deliveries');
    await expect.poll(async () => (await table.textContent()) ?? '').toContain(order.number);
    expect(await table.textContent()).toContain('已确认');
    await e.shot(adminPage, 'upper-admin-deliveries');
  });
});
