import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, startE2E, type E2E } from './harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const option = (page: Page, title: string) => page.locator(`.ant-select-item-option[title="${title}"]`).first();

const treeNode = (page: Page, title: string) => page.locator(`.ant-select-tree-node-content-wrapper[title="${title}"]`).first();
const status = (page: Page) => page.locator('.ant-card-head-title .ant-tag').first();

async function openTicket(page: Page, number: string) {
  await page.getByRole('link', { name: number }).first().click();
  await page.waitForURL(/\/tickets\//);
}

const journey = { number: '', code: '' };

describe('the cross-role journey', () => {
  it('agent registers a call from the keyboard and dispatches it (坐席工作台)', async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    // the phone field has focus: type the call as it comes
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('phone');
    await page.keyboard.type('13912345678');
    await page.keyboard.press('Tab');
    await page.keyboard.type('李女士');
    await page.getByLabel('诉求内容').fill('解放碑新华路12号门口的路灯坏了一个星期，晚上很黑，老人出行不安全，请尽快维修。');
    await page.getByLabel('详细地址').fill('新华路12号');
    await page.locator('#units').click();
    await page.keyboard.type('解放碑街道');
    await treeNode(page, '解放碑街道办事处（街镇）').click();
    await page.keyboard.press('Escape');
    await e.shot(page, '01-agent-registering');
    await page.getByLabel('详细地址').press('Enter');
    // the agent stays on the desk; the new ticket is one click away
    await page.getByTestId('registered').getByRole('link', { name: '打开工单' }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    await expect.poll(() => status(page).textContent()).toBe('已派单');
    const head = await page.locator('.ant-card-head-title').first().textContent();
    journey.number = /\d{13}/.exec(head ?? '')![0];
    journey.code = await page.evaluate(() => {
      const th = [...document.querySelectorAll('th.ant-descriptions-item-label')].find((x) => x.textContent === '查询码');
      return th?.nextElementSibling?.textContent?.trim() ?? '';
    });
    expect(journey.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/);
    await expect.poll(() => page.getByText('派单：解放碑街道办事处（主办）').count()).toBe(1);
    await e.shot(page, '02-agent-dispatched');
  });

  it('the street office signs and replies with its handling report (承办单位)', async () => {
    const page = await e.page();
    await e.login(page, 'handler1');
    await page.waitForURL(/\/unit$/);
    await expect.poll(() => page.getByRole('link', { name: journey.number }).count()).toBeGreaterThan(0);
    await expect(page.locator('.ant-tag', { hasText: /剩余 \d+ 个工作日/ }).first().isVisible()).resolves.toBe(true);
    await e.shot(page, '03-unit-inbox');
    await openTicket(page, journey.number);
    // the caller's phone is masked for the unit
    await expect.poll(() => page.getByText('139****5678').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '签收' }).click();
    await expect.poll(() => status(page).textContent()).toBe('办理中');
    await page.getByRole('button', { name: '办理答复' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('办理过程').fill('联系供电所现场检查，更换老化线路和灯头。');
    await dialog.getByLabel('办理结果').fill('路灯已修复，当晚恢复照明，已电话告知来电人。');
    await dialog.getByLabel('已联系来电人').click();
    // how the caller was reached (邵阳 第十七条 asks for it; the form always records it)
    await choose(page, dialog.getByLabel('联系方式'), '电话');
    await e.shot(page, '04-unit-reply-form');
    await dialog.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => status(page).textContent()).toBe('待审核');
    await e.shot(page, '05-unit-replied');
  });

  it('the dispatcher approves the result (派单中心)', async () => {
    const page = await e.page();
    await e.login(page, 'dispatcher');
    await page.waitForURL(/\/dispatch$/);
    await page.getByRole('tab', { name: /办结审核/ }).click();
    await expect.poll(() => page.getByRole('link', { name: journey.number }).count()).toBeGreaterThan(0);
    await e.shot(page, '06-dispatch-review-queue');
    await openTicket(page, journey.number);
    await page.getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => status(page).textContent()).toBe('待回访');
  });

  it('the visitor records a satisfied visit (回访)', async () => {
    const page = await e.page();
    await e.login(page, 'visitor');
    await page.waitForURL(/\/visit$/);
    await expect.poll(() => page.getByRole('link', { name: journey.number }).count()).toBeGreaterThan(0);
    await openTicket(page, journey.number);
    await page.getByRole('button', { name: '记录回访' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, dialog.getByLabel('满意度'), '满意');
    await choose(page, dialog.getByLabel('解决情况'), '已解决');
    await dialog.getByLabel('回访记录').fill('来电人表示路灯已修好，很满意。');
    await e.shot(page, '07-visit-form');
    await dialog.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => status(page).textContent()).toBe('已办结');
    await e.shot(page, '08-closed');
  });

  it('the citizen sees 已办结 on the portal and rates it (公众门户)', async () => {
    const page = await e.page();
    await page.goto(`${e.url}/portal`);
    await page.getByRole('tab', { name: '查询进度' }).click();
    await page.getByLabel('工单编号').fill(journey.number);
    // as a citizen types it off the SMS: lower case, in two groups
    await page.getByLabel('查询码').fill(`${journey.code.slice(0, 5)} ${journey.code.slice(5)}`.toLowerCase());
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByText(`工单 ${journey.number} · 已办结`).count()).toBe(1);
    await expect.poll(() => page.getByText('路灯已修复，当晚恢复照明').count()).toBe(1);
    // no handler names or internal notes
    expect(await page.getByText('刘洋').count()).toBe(0);
    expect(await page.getByText('联系供电所现场检查').count()).toBe(0);
    await page.getByText('满意', { exact: true }).click(); // button-style radios (44 px targets): the label is what a finger taps
    await page.getByLabel('问题是否解决').click();
    await option(page, '已解决').click();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByText('感谢您的评价').count()).toBe(1);
    await e.shot(page, '09-portal-rated');
  });
});

describe('each workspace', () => {
  it('the portal takes a request and gives its number and query code', async () => {
    const page = await e.page();
    await page.goto(`${e.url}/portal`);
    await page.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByText('请填写姓名').count()).toBe(1); // validated in Chinese before sending
    await page.getByLabel('姓名').fill('王先生');
    await page.getByLabel('手机号码').fill('13700001111');
    await page.getByLabel('诉求内容').fill('观音桥步行街附近夜间施工噪音很大，影响休息，请有关部门处理。');
    await page.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByText('您的诉求已提交').count()).toBe(1);
    await e.shot(page, '10-portal-submitted');
  });

  it('a unit inbox updates live when a ticket is dispatched to it', async () => {
    const handler = await e.page();
    await e.login(handler, 'handler2');
    await handler.waitForURL(/\/unit$/);
    const before = await handler.locator('.ant-tabs-tab', { hasText: '待签收' }).textContent();
    const dispatcher = await e.page();
    await e.login(dispatcher, 'dispatcher');
    // register and dispatch through the API of the dispatcher's session
    const created = await dispatcher.evaluate(async () => {
      const t = await (await fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'phone', caller: { name: '赵先生', phone: '13600002222' }, type: 'complaint', content: '江北区某超市出售过期食品' }) })).json();
      const units = await (await fetch(`/api/units?q=${encodeURIComponent('江北区市场监督管理局')}`)).json();
      await fetch(`/api/tickets/${t.id}/actions/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ units: [{ unitId: units[0].id, role: 'lead' }] }) });
      return t.number as string;
    });
    await expect.poll(() => handler.getByRole('link', { name: created }).count(), { timeout: 10_000 }).toBe(1);
    expect(await handler.locator('.ant-tabs-tab', { hasText: '待签收' }).textContent()).not.toBe(before);
    await e.shot(handler, '11-unit-live-update');
  });

  it('the supervisor sees open work by unit (督办)', async () => {
    const page = await e.page();
    await e.login(page, 'supervisor');
    await page.waitForURL(/\/supervise$/);
    await expect.poll(() => page.getByRole('cell', { name: '江北区市场监督管理局' }).count()).toBeGreaterThan(0);
    await e.shot(page, '12-supervise-board');
  });

  it('the admin reads the policy and the calendar grid (系统管理)', async () => {
    const page = await e.page();
    await e.login(page, 'admin');
    await page.goto(`${e.url}/admin`);
    await page.getByRole('tab', { name: '时限策略' }).click();
    await expect.poll(() => page.getByText('第十三条（二）').count()).toBeGreaterThan(0);
    await e.shot(page, '13-admin-policy');
    await page.getByRole('tab', { name: '工作日历' }).click();
    await page.locator('.ant-select', { hasText: '年' }).first().click();
    await option(page, '2026 年').click();
    await expect.poll(() => page.getByText('官方安排').count()).toBeGreaterThan(0);
    expect(await page.locator('[aria-label^="2026-10-10 调休上班"]').count()).toBe(1);
    expect(await page.locator('[aria-label^="2026-10-01 放假"]').count()).toBe(1);
    await e.shot(page, '14-admin-calendar');
    await page.locator('.ant-select', { hasText: '2026 年' }).first().click();
    await option(page, '2027 年').click();
    await expect.poll(() => page.getByText(/暂定/).count()).toBeGreaterThan(0);
  });

  it('the API docs (swagger-ui) render under the Content-Security-Policy', async () => {
    const page = await e.page();
    const res = await page.goto(`${e.url}/api/docs/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 20_000 }).toBeGreaterThan(10);
    await e.shot(page, '15-api-docs');
  });

  it('left no errors in any browser console', () => {
    if (e.consoleErrors.length) console.log(e.consoleErrors.join('\n'));
    expect(e.consoleErrors).toEqual([]);
  });
});
