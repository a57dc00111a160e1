import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient as client, startE2E, type E2E } from './harness.ts';

/**
 * 督办事项延期 under shaoyang-2023 (邵阳 第二十四条: 因情况复杂、问题特殊的督办事项，可申请延期一次，延长时限
 * 不得超过10个工作日): the supervised street office asks from the ticket page, the hotline's supervisor
 * finds it in 待我审批 and approves, and the office sees the new supervision limit and no second request.
 */
const menuBadge = (page: Page) => page.locator('.ant-menu-item', { hasText: '待我审批' }).locator('.ant-badge-count');

describe('a supervision extension under shaoyang-2023', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ env: { POLICY: 'shaoyang-2023' } });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('handler1 asks once → the supervisor approves from 待我审批 → the new limit shows', async () => {
    const agent = await client(e.url, 'agent');
    const dispatcher = await client(e.url, 'dispatcher');
    const handler = await client(e.url, 'handler1');
    const supervisor = await client(e.url, 'supervisor');
    const t = await agent.post('/api/tickets', { channel: 'phone', caller: { name: '李女士', phone: '13900000031' }, type: 'complaint', content: '小区二次供水水箱多年未清洗，水有异味', address: '渝中区解放碑街道新华路' });
    const units = await dispatcher.get(`/api/units?q=${encodeURIComponent('解放碑街道')}`);
    await dispatcher.post(`/api/tickets/${t.id}/actions/dispatch`, { units: [{ unitId: units[0].id, role: 'lead' }] });
    await handler.post(`/api/tickets/${t.id}/actions/sign`);
    await supervisor.post(`/api/tickets/${t.id}/actions/supervise`, { note: '请加快办理，尽快清洗水箱', method: 'system' });
    const supervisionDue = async () =>
      (await handler.get(`/api/tickets/${t.id}`)).assignments[0].clocks.filter((c: { name: string; status: string }) => c.name === 'supervision' && c.status === 'running')[0].dueAt as string;
    const before = await supervisionDue();

    const center = await e.page();
    await e.login(center, 'supervisor');
    await center.goto(`${e.url}/inbox`);

    const page = await e.page();
    await e.login(page, 'handler1');
    await page.goto(`${e.url}/tickets/${t.id}`);
    await page.getByRole('button', { name: '申请督办延期' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('延期工作日数').pressSequentially('5');
    await dialog.getByLabel('情况复杂、问题特殊的理由').fill('水箱清洗须停水，需物业提前三天公告并协调供水公司');
    await dialog.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByRole('button', { name: '申请督办延期' }).count(), { timeout: 15_000 }).toBe(0);
    await e.shot(page, 'supervision-01-handler-asked');

    // the supervisor sees it arrive in 待我审批 under its own tab, and decides from the ticket
    await expect.poll(() => menuBadge(center).textContent(), { timeout: 15_000 }).toBe('1');
    await center.getByRole('tab', { name: /督办延期审批/ }).click();
    await expect.poll(() => center.getByRole('link', { name: t.number }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await e.shot(center, 'supervision-02-center-inbox');
    await center.getByRole('link', { name: t.number }).first().click();
    await center.waitForURL(/\/tickets\//);
    await center.getByRole('button', { name: /^同意督办延期/ }).click();
    await center.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await expect.poll(() => center.getByRole('button', { name: /同意督办延期/ }).count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => menuBadge(center).count()).toBe(0);

    // five working days later, and once only (第二十四条: 延期一次)
    const after = await supervisionDue();
    expect(after > before).toBe(true);
    await expect.poll(() => page.getByText(after.slice(0, 16).replace('T', ' ')).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: '申请督办延期' }).count()).toBe(0);
    expect(e.consoleErrors).toEqual([]);
  });
});
