import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startE2E, type E2E } from './harness.ts';

/**
 * 工单标记 and 恶意来电 in the browser (issue 13 item 12): a number a supervisor marked (重庆 第二十六条,
 * 邵阳 第二十九条) warns the agent on the desk, who registers the caller's genuine request all the same,
 * marked as a 国办工单 (重庆 第八条（二）); the ticket page shows the flag and its number.
 */

let e: E2E;
const WAIT = { timeout: 15_000 };
const MARKED = '13966660001';

beforeAll(async () => {
  e = await startE2E();
  const dispatcher = await apiClient(e.url, 'dispatcher');
  const supervisor = await apiClient(e.url, 'supervisor');
  const mark = await dispatcher.post('/api/misuse-marks', { phone: MARKED, kind: 'abusive', reason: '连续三天来电辱骂话务员，经劝阻无效' });
  await supervisor.post(`/api/misuse-marks/${mark.id}/approve`, { note: '核实录音属实' });
});
afterAll(async () => {
  await e?.close();
});

describe('the desk and the ticket page', () => {
  it('重庆 第二十六条: the desk warns of a marked number and still registers the call; 重庆 第八条（二）: the 国办工单 flag is on the ticket page', async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    await page.getByLabel('来电号码').fill(MARKED);
    await page.getByLabel('来电人', { exact: true }).focus();
    const warning = page.getByTestId('misuse-warning');
    await warning.waitFor(WAIT);
    await expect(warning.textContent()).resolves.toContain('骚扰、侮辱、威胁热线工作人员');
    await expect(warning.textContent()).resolves.toContain('合理诉求照常登记受理');
    await e.shot(page, 'flags-desk-misuse-warning');

    await page.getByLabel('诉求内容').fill('国务院客户端转来：小区二次供水水箱长期未清洗，水有异味');
    await page.getByLabel('工单标记').getByText('国办', { exact: true }).click();
    await page.getByLabel('国办工单编号').fill('GB20261123000042');
    await page.getByRole('button', { name: /^登记（Enter/ }).click();
    const shown = page.getByTestId('registered');
    await expect.poll(async () => (await shown.textContent().catch(() => '')) ?? '', WAIT).toMatch(/已登记工单 \d{13}/);
    // the form is empty again: the warning went with the number
    await expect.poll(() => warning.count(), WAIT).toBe(0);

    await shown.getByRole('link', { name: '打开工单' }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    const tags = page.getByTestId('ticket-flags');
    await tags.waitFor(WAIT);
    await expect(tags.textContent()).resolves.toBe('国办工单');
    await expect(page.getByTestId('flag-details').textContent()).resolves.toContain('国务院平台编号 GB20261123000042');
    // the timeline names the flag the agent set at registration
    await expect(page.getByTestId('event-register').textContent()).resolves.toContain('工单标记：国办工单');
    await e.shot(page, 'flags-ticket-page');
    expect(e.consoleErrors).toEqual([]);
  });
});
