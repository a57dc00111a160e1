import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startE2E, type E2E } from './harness.ts';

/**
 * 系统管理 · Webhook in the browser (issue 15 item 2; 重庆 第二十一条, 凉山 第十八条, 邵阳 第五条（五） 实时推送):
 * a subscription made in the page (its secret shown once), a registration posted by the server's own
 * job loop to a local receiver that refuses it, the refusal read in the delivery log, 重新推送 once the
 * receiver is mended, and pause offering resume instead.
 */
let e: E2E;
let receiver: Server;
let status = 500;
const bodies: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  // the job loop on (every 10 s), so the server sends as it does in production
  e = await startE2E({ env: { JOBS: 'true' } });
});
afterAll(async () => {
  await e?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('系统管理 · Webhook (重庆 第二十一条 / 凉山 第十八条 / 邵阳 第五条（五）)', () => {
  it('makes a subscription (secret once), shows a refused delivery in the log, replays it, pauses', async () => {
    const page = await e.page();
    await e.login(page, 'admin');
    await page.goto(`${e.url}/admin`);
    await page.getByRole('tab', { name: 'Webhook' }).click();
    await page.getByRole('button', { name: '新建订阅' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('市城运中心');
    await dialog.getByLabel('接收地址').fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
    await dialog.getByText('登记', { exact: true }).click();
    await dialog.getByRole('button', { name: '新 建' }).or(dialog.getByRole('button', { name: '新建' })).click();
    const shown = dialog.locator('code');
    await expect.poll(() => shown.count()).toBe(1);
    const secret = (await shown.textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await e.shot(page, '57-admin-webhook-secret-once');
    await dialog.getByRole('button', { name: /我已妥善保存/ }).click();
    const row = page.getByRole('row', { name: /市城运中心/ });
    await expect.poll(() => row.getByText('推送中').count()).toBe(1);
    await expect.poll(() => page.getByText(secret).count()).toBe(0);

    const agent = await apiClient(e.url, 'agent');
    await agent.post('/api/tickets', { channel: 'phone', caller: { name: '张三', phone: '13812341234' }, content: 'E2E-WEBHOOK 新华路路灯不亮', type: 'help', address: '渝中区解放碑街道新华路' });
    // the job loop runs every 10 s: the receiver refuses the first post
    await expect.poll(() => bodies.length, { timeout: 40_000 }).toBeGreaterThan(0);
    expect(bodies[0]).toContain('E2E-WEBHOOK');
    expect(bodies[0]).toContain('"kind":"registered"');

    await row.getByRole('button', { name: '投递记录' }).click();
    const drawer = page.locator('.ant-drawer');
    await expect.poll(() => drawer.getByText(/HTTP 500/).count()).toBe(1);
    await expect.poll(() => drawer.getByText('待投递').count()).toBe(1);
    await e.shot(page, '58-admin-webhook-log');
    status = 200;
    await drawer.getByRole('button', { name: /重新推送/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /推\s?送/ }).click();
    await expect.poll(() => page.getByText('已重新推送，对方应答 200').count()).toBe(1);
    await expect.poll(() => drawer.getByText('已送达').count()).toBe(1);
    expect(bodies.at(-1)).toBe(bodies[0]);
    await drawer.getByRole('button', { name: 'Close' }).or(drawer.locator('.ant-drawer-close')).first().click();

    await row.getByRole('button', { name: /暂\s?停/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /暂\s?停/ }).click();
    await expect.poll(() => row.getByText('已暂停').count()).toBe(1);
    // what the server allows now: resume, not pause
    await expect.poll(() => row.getByRole('button', { name: /恢\s?复/ }).count()).toBe(1);
    await expect.poll(() => row.getByRole('button', { name: /暂\s?停/ }).count()).toBe(0);
    await e.shot(page, '59-admin-webhook-paused');
  });
});
