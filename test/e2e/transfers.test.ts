import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startE2E, type E2E } from './harness.ts';

/**
 * 专家座席 and 转接 in Chromium at 1366×768 (issue 14 items 3 and 7): a unit's 单位管理员 designates an
 * expert on the 专家座席 page; the agent, on the ticket, finds that expert for the matter, records a
 * three-way call answered by the expert, and the ticket's card and timeline show it; the administrator's
 * 热线号码 tab lists 12345 and 110/119/120/122.
 */
let e: E2E;
const WAIT = { timeout: 15_000 };
beforeAll(async () => {
  e = await startE2E();
}, 180_000);
afterAll(async () => {
  await e?.close();
});

describe('专家座席 (大足 第四条（五）, 凉山 第七条（五）, 邵阳 第六条（五）) and 三方通话 on the ticket (重庆 第十二条（一）)', () => {
  it("the unit's 单位管理员 designates an expert in the page", async () => {
    const page = await e.page();
    await e.login(page, 'reviewer1');
    await page.goto(`${e.url}/experts`);
    await page.getByRole('button', { name: '登记专家' }).click();
    const dialog = page.getByRole('dialog', { name: /登记专家座席/ });
    await dialog.getByLabel('姓名').fill('张建国');
    await dialog.getByLabel('职务职称').fill('城建科科长');
    const topics = dialog.getByLabel('专业领域');
    await topics.fill('路灯');
    await topics.press('Enter');
    await topics.fill('市政设施');
    await topics.press('Enter');
    await dialog.getByLabel('分机号').fill('6601');
    // on duty around the clock, so the desk finds the expert on duty whenever the test runs
    await dialog.getByRole('switch').first().click();
    await dialog.getByRole('button', { name: '保存' }).click();
    const table = page.getByTestId('experts-table');
    await expect.poll(() => table.textContent(), WAIT).toContain('张建国');
    expect(await table.textContent()).toContain('7×24 小时');
    expect(await table.textContent()).toContain('在岗');
    await e.shot(page, 'experts-unit-admin');
  });

  it('the desk finds the expert for the matter while the caller is on the line (tab 专家, Alt+6), beside the lines to transfer to', async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    await page.getByLabel('诉求内容').fill('新华路路灯坏了三天，晚上一片漆黑');
    await page.getByRole('tab', { name: /^专家/ }).click();
    const panel = page.getByTestId('desk-experts');
    await expect.poll(() => panel.textContent(), WAIT).toContain('张建国');
    expect(await panel.textContent()).toContain('分机 6601');
    expect(await panel.textContent()).toContain('110 报警服务台');
    await e.shot(page, 'desk-experts');
  });

  it('the agent finds the expert for the matter and records a three-way call, 已解答, on the ticket and its timeline', async () => {
    const agent = await apiClient(e.url, 'agent');
    const ticket = await agent.post('/api/tickets', { channel: 'phone', caller: { name: '来电人', phone: '13600008888' }, type: 'consultation', content: '新华路路灯坏了应该找哪个部门报修', address: '渝中区解放碑街道新华路' });
    const page = await e.page();
    await e.login(page, 'agent');
    await page.goto(`${e.url}/tickets/${ticket.id}`);
    const card = page.getByTestId('ticket-transfers');
    await card.getByRole('button', { name: '记录转接' }).click();
    const dialog = page.getByRole('dialog', { name: '记录转接或三方通话' });
    const choices = dialog.getByTestId('expert-choices');
    await expect.poll(() => choices.textContent(), WAIT).toContain('张建国');
    expect(await choices.textContent()).toContain('在岗');
    await choices.getByRole('row', { name: /张建国/ }).click();
    await dialog.getByLabel('三方通话').check();
    await dialog.getByLabel('已解答').check();
    await dialog.getByLabel('说明').fill('专家说明了路灯报修渠道');
    await e.shot(page, 'transfer-modal');
    await dialog.getByRole('button', { name: '记录' }).click();
    await expect.poll(() => card.getByTestId('transfer-item').first().textContent().catch(() => ''), WAIT).toContain('三方通话 专家座席 张建国（解放碑街道办事处）');
    expect(await card.textContent()).toContain('已解答');
    await expect.poll(() => page.getByText(/转接\/三方通话|三方通话 专家座席/).count(), WAIT).toBeGreaterThan(1);
    await e.shot(page, 'transfer-on-ticket');
  });

  it('the administrator sees 12345 and the emergency lines under 系统管理 · 热线号码', async () => {
    const page = await e.page();
    await e.login(page, 'admin');
    await page.goto(`${e.url}/admin`);
    await page.getByRole('tab', { name: '热线号码' }).click();
    const table = page.getByTestId('hotlines-table');
    await expect.poll(() => table.textContent(), WAIT).toContain('110 报警服务台');
    for (const n of ['12345政务服务便民热线', '119 火警', '120 急救', '122 交通事故报警']) expect(await table.textContent()).toContain(n);
    await e.shot(page, 'hotlines-admin');
  });
});
