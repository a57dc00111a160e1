import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient as client, choose, startE2E, type E2E } from './harness.ts';

/**
 * 短信回访 under liangshan-2023 (凉山 第十三条（一）—（三）): the visitor texts the caller from the ticket,
 * the gateway brings back a reply the platform cannot read, the visitor reads it on the 回访情况 card and
 * records the visit by hand (method 短信); the unit's contact with the caller is shown beside it.
 */
const SECRET = 'e2e-sms-gateway-secret';
const PHONE = '13900000071';

describe('an SMS visit under liangshan-2023', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ env: { POLICY: 'liangshan-2023', SMS_INBOUND_SECRET: SECRET } });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('visitor sends the SMS → an unreadable reply waits → the visitor records 基本满意 by hand', async () => {
    const agent = await client(e.url, 'agent');
    const dispatcher = await client(e.url, 'dispatcher');
    const handler = await client(e.url, 'handler1');
    const t = await agent.post('/api/tickets', { channel: 'phone', caller: { name: '赵先生', phone: PHONE }, type: 'help', content: '新华路路灯不亮已经一周了，晚上出行不安全', address: '渝中区解放碑街道新华路' });
    const units = await dispatcher.get(`/api/units?q=${encodeURIComponent('解放碑街道')}`);
    await dispatcher.post(`/api/tickets/${t.id}/actions/dispatch`, { units: [{ unitId: units[0].id, role: 'lead' }] });
    await handler.post(`/api/tickets/${t.id}/actions/sign`);
    await handler.post(`/api/tickets/${t.id}/actions/reply`, { process: '联系供电所更换线路', result: '路灯已修复', contacted: true, contactMethod: 'phone', contactNote: '电话告知来电人' });
    await dispatcher.post(`/api/tickets/${t.id}/actions/approve-completion`);

    const page = await e.page();
    await e.login(page, 'visitor');
    await page.goto(`${e.url}/tickets/${t.id}`);
    const card = page.getByTestId('visit-card');
    await expect.poll(() => card.getByText('解放碑街道办事处').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => card.getByText('已联系').count()).toBeGreaterThan(0);
    // 凉山 sets no number of tries: 联系不上 is not offered
    expect(await page.getByRole('button', { name: '联系不上办结' }).count()).toBe(0);

    await page.getByRole('button', { name: '短信回访' }).click();
    await page.getByRole('button', { name: '确认短信回访' }).click();
    await expect.poll(() => card.getByText(/等待来电人回复/).count(), { timeout: 15_000 }).toBe(1);

    // the gateway posts the caller's reply, signed
    const body = JSON.stringify({ from: PHONE, text: '灯是亮了，就是有点暗' });
    const ts = String(Math.floor(Date.now() / 1000));
    const r = await fetch(`${e.url}/api/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-open12345-timestamp': ts, 'x-open12345-signature': `sha256=${createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex')}` },
      body,
    });
    expect(await r.json()).toEqual({ matched: true, parsed: null, closed: false });
    await expect.poll(() => card.getByTestId('sms-unparsed').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => card.getByText('灯是亮了，就是有点暗').count()).toBe(1);
    await e.shot(page, 'visits-01-sms-reply-unread');

    // the 回访 queue counts it under 短信回复待处理 without opening that tab, and lists it once opened
    await page.goto(`${e.url}/visit`);
    const smsTab = page.getByRole('tab', { name: /短信回复待处理/ });
    await expect.poll(() => smsTab.textContent()).toBe('短信回复待处理 1');
    await smsTab.click();
    await expect.poll(() => page.getByRole('link', { name: t.number }).count()).toBe(1);
    await e.shot(page, 'visits-01b-queue-sms-tab');
    await page.getByRole('link', { name: t.number }).click();
    await page.waitForURL(new RegExp(`/tickets/${t.id}$`));

    await page.getByRole('button', { name: '记录回访' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByText('灯是亮了，就是有点暗').count()).toBeGreaterThan(0);
    await choose(page, dialog.getByLabel('满意度'), '基本满意');
    await choose(page, dialog.getByLabel('解决情况'), '已解决');
    await dialog.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByText('已办结').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const after = await dispatcher.get(`/api/tickets/${t.id}`);
    expect(after).toMatchObject({ status: 'closed', satisfaction: 'basic' });
    expect(after.events.find((x: { action: string }) => x.action === 'visit')).toMatchObject({ method: 'sms' });
    await e.shot(page, 'visits-02-closed');
  });
});
