import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startE2E, type E2E } from './harness.ts';

/**
 * 热线联络员 and 报送材料 in Chromium at 1366×768: a unit's 单位管理员 names its liaison on 值班表, the
 * administrator sees which units have none, the center sees whom to call beside a ticket; a unit
 * submits a 典型案例 and a supervisor adopts it from the inbox.
 */
let e: E2E;
const WAIT = { timeout: 15_000 };
beforeAll(async () => {
  e = await startE2E();
}, 180_000);
afterAll(async () => {
  await e?.close();
});

describe('大足 第四条（二） 相对固定的热线联络员', () => {
  it('the unit\'s 单位管理员 names its liaison; the administrator\'s unit tree flags the units without one', async () => {
    const page = await e.page();
    await e.login(page, 'reviewer1');
    await page.getByRole('menuitem', { name: '值班表' }).click();
    await page.waitForURL(/\/duty$/);
    const card = page.getByTestId('liaisons-card');
    await expect.poll(() => card.textContent(), WAIT).toContain('尚未明确热线联络员');
    await card.getByRole('button', { name: /设置联络员/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('联络员 周敏');
    await dialog.getByLabel('职务或岗位').fill('党政办副主任');
    // the form asks for the office phone before the server would
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.getByText('请填写办公电话，以便热线中心联系').count(), WAIT).toBe(1);
    await dialog.getByLabel('办公电话').fill('023-63801234');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByRole('dialog').count(), WAIT).toBe(0);
    await expect.poll(() => card.getByRole('row').filter({ hasText: '联络员 周敏' }).count(), WAIT).toBe(1);
    await expect(card.textContent()).resolves.not.toContain('尚未明确热线联络员');
    // 驻场值守 is the center's to arrange: the unit is not offered it
    await card.getByRole('button', { name: /设置联络员/ }).click();
    await page.getByRole('dialog').getByLabel('类型').click();
    await expect.poll(() => page.locator('.ant-select-item-option').allTextContents(), WAIT).toEqual(['备用联络员']);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
    await e.shot(page, 'liaisons-unit');

    const admin = await e.page();
    await e.login(admin, 'admin');
    await admin.goto(`${e.url}/admin`);
    const tree = admin.locator('.ant-tree');
    await expect.poll(() => tree.textContent(), WAIT).toContain('未设联络员');
    const street = admin.locator('.ant-tree-treenode').filter({ hasText: '解放碑街道办事处' }).first();
    await expect(street.textContent()).resolves.not.toContain('未设联络员');
    await expect(admin.getByText(/个未设联络员/).count()).resolves.toBe(1);
    await e.shot(admin, 'liaisons-admin-units');
  }, 120_000);

  it('beside a ticket, the center sees the liaison of each unit it went to', async () => {
    const agent = await apiClient(e.url, 'agent');
    const dispatcher = await apiClient(e.url, 'dispatcher');
    const units = (await dispatcher.get('/api/units?q=解放碑街道办事处')) as Array<{ id: string; name: string }>;
    const street = units.find((u) => u.name === '解放碑街道办事处')!;
    const t = await agent.post('/api/tickets', { type: 'complaint', channel: 'phone', content: '解放碑新华路路灯不亮已经一周了，晚上走路不安全', caller: { name: '张三', phone: '13812341234' } });
    await dispatcher.post(`/api/tickets/${t.id}/actions/dispatch`, { units: [{ unitId: street.id, role: 'lead' }] });
    const page = await e.page();
    await e.login(page, 'supervisor');
    await page.goto(`${e.url}/tickets/${t.id}`);
    const card = page.getByTestId('ticket-liaisons');
    await expect.poll(() => card.textContent(), WAIT).toContain('联络员 周敏');
    await expect(card.textContent()).resolves.toContain('023-63801234');
    await e.shot(page, 'liaisons-ticket');
  }, 120_000);
});

describe('邵阳 第六条（六） 报送工作动态、典型案例、情况分析', () => {
  it('a handler submits a 典型案例; a supervisor finds it in 待我审批 and adopts it; the unit sees 已采用', async () => {
    const page = await e.page();
    await e.login(page, 'handler1');
    await page.getByRole('menuitem', { name: '报送材料' }).click();
    await page.waitForURL(/\/submissions$/);
    await page.getByRole('button', { name: /报\s*送/ }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('类型').click();
    await page.locator('.ant-select-item-option[title="典型案例"]').click();
    await dialog.getByLabel('标题').fill('新华路路灯快修案例');
    await dialog.getByLabel('正文').fill('接到群众反映后，街道当日联系供电部门抢修，两天内恢复照明，回访群众满意。');
    await dialog.getByRole('button', { name: /报\s*送/ }).click();
    await expect.poll(() => page.getByRole('dialog').count(), WAIT).toBe(0);
    await expect.poll(() => page.getByRole('row').filter({ hasText: '新华路路灯快修案例' }).textContent(), WAIT).toContain('待阅');

    const sup = await e.page();
    await e.login(sup, 'supervisor');
    await sup.goto(`${e.url}/inbox`);
    await sup.getByRole('tab', { name: /报送材料/ }).click();
    const row = sup.getByRole('row').filter({ hasText: '新华路路灯快修案例' });
    await expect.poll(() => row.count(), WAIT).toBe(1);
    await row.click();
    const drawer = sup.locator('.ant-drawer');
    await expect.poll(() => drawer.textContent(), WAIT).toContain('两天内恢复照明');
    await drawer.getByLabel('审阅意见').fill('很好的案例');
    await drawer.getByRole('button', { name: /采\s*用/ }).click();
    await expect.poll(() => drawer.textContent(), WAIT).toContain('已采用');
    // the supervisor cites in no 通报 (that is the analysts' and leaders'): no button for it
    await expect(drawer.getByRole('button', { name: /在通报中引用/ }).count()).resolves.toBe(0);
    await e.shot(sup, 'submissions-review');

    await page.reload();
    await expect.poll(() => page.getByRole('row').filter({ hasText: '新华路路灯快修案例' }).textContent(), WAIT).toContain('已采用');
  }, 120_000);
});
