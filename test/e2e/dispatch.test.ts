import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('smart dispatch in the browser', () => {
  it('the agent sees suggested units with their reasons while typing, and takes one', async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    await page.getByLabel('诉求内容').fill('民族路口的路灯不亮已经三天了，晚上过马路很危险。');
    await page.getByLabel('详细地址').fill('渝中区解放碑街道民族路');
    // the desk's helpers are tabs beside the form
    await page.getByRole('tab', { name: '派单' }).click();
    const panel = page.getByRole('tabpanel');
    await expect.poll(() => panel.getByText('渝中区城市管理局').count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.getByText('属地：解放碑街道').count()).toBeGreaterThan(0);
    expect(await panel.getByText('职责：路灯').count()).toBe(1);
    await e.shot(page, '20-agent-suggestions');
    await panel.getByRole('button', { name: '选用：渝中区城市管理局' }).click();
    await expect.poll(() => page.locator('#units').locator('..').locator('..').getByText('渝中区城市管理局（部门）').count()).toBe(1);
  });

  it('the dispatcher dispatches a waiting ticket to the first suggestion in one click, and accuracy counts it', async () => {
    const page = await e.page();
    await e.login(page, 'dispatcher');
    await page.waitForURL(/\/dispatch$/);
    const number = await page.evaluate(async () => {
      const res = await fetch('/api/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'phone', caller: { name: '钱先生', phone: '13700003333' }, type: 'complaint', category: '环境保护/噪声扰民', content: '观音桥步行街夜间广场舞噪声污染严重', address: '江北区观音桥街道' }),
      });
      return ((await res.json()) as { number: string }).number;
    });
    await page.reload();
    await page.getByRole('link', { name: number }).first().click();
    await page.waitForURL(/\/tickets\//);
    const card = page.locator('.ant-card', { has: page.getByText('派单建议', { exact: true }) });
    await expect.poll(() => card.getByText('1. 江北区生态环境局').count(), { timeout: 10_000 }).toBe(1);
    await e.shot(page, '21-dispatch-suggestions');
    await card.getByRole('button', { name: '派单：江北区生态环境局' }).click();
    await expect.poll(() => page.locator('.ant-card-head-title .ant-tag').first().textContent()).toBe('已派单');
    await page.goto(`${e.url}/dispatch`);
    await expect.poll(() => page.getByText('派单准确率（近30天）').count()).toBe(1);
    await expect.poll(() => page.locator('.ant-statistic-content-value').first().textContent()).toMatch(/^\d+(\.\d)?%$/);
    await e.shot(page, '22-dispatch-accuracy');
  });

  it('the admin edits the routing table', async () => {
    const page = await e.page();
    await e.login(page, 'admin');
    await page.goto(`${e.url}/admin`);
    await page.getByRole('tab', { name: '派单目录' }).click();
    await expect.poll(() => page.getByRole('cell', { name: '城乡建设/路灯照明' }).count()).toBe(1);
    await e.shot(page, '23-admin-routing');
  });

  it('the agent sees an earlier ticket of the same caller and matter, and merges the new call into it', async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    const first = await page.evaluate(async () => {
      const res = await fetch('/api/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'phone', caller: { name: '孙女士', phone: '13500007777' }, type: 'complaint', content: '金汤街8号楼下烧烤店油烟太大，每天晚上熏得家里没法开窗', address: '渝中区七星岗街道金汤街8号' }),
      });
      return ((await res.json()) as { number: string }).number;
    });
    await page.getByLabel('来电号码').fill('13500007777');
    await page.getByLabel('来电号码').press('Tab');
    await page.getByLabel('诉求内容').fill('金汤街8号楼下烧烤店油烟太大，晚上熏得家里没法开窗，之前反映过');
    await page.getByLabel('详细地址').fill('渝中区七星岗街道金汤街8号');
    await page.getByRole('tab', { name: /重复件/ }).click();
    const panel = page.getByRole('tabpanel');
    await expect.poll(() => panel.getByRole('link', { name: first }).count(), { timeout: 10_000 }).toBe(1);
    // the panel asks again as the words come in: the phone alone finds the caller, the content the matter
    await expect.poll(() => panel.getByText('同一来电人').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => panel.getByText('内容相近').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await e.shot(page, '24-agent-repeats');
    await panel.getByRole('button', { name: `登记并合并：${first}` }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '登记并合并' }).click();
    // the desk stays for the next call; the new ticket is closed as merged into the first
    await expect.poll(() => page.getByTestId('registered').textContent().catch(() => ''), { timeout: 15_000 }).toContain('已合并');
    await page.getByTestId('registered').getByRole('link', { name: '打开工单' }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('.ant-card-head-title .ant-tag').first().textContent()).toBe('已合并');
  });

  it('left no errors in any browser console', () => {
    if (e.consoleErrors.length) console.log(e.consoleErrors.join('\n'));
    expect(e.consoleErrors).toEqual([]);
  });
});
