import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient as client, startE2E, type E2E } from './harness.ts';

/**
 * The new screens of a unit's own work (issue 13 items 3, 4, 5), in Chromium under chongqing-2021:
 * a reply waits for the unit's reviewer (本单位审核, 重庆 第六条（二）); a sub-unit's return waits for
 * the unit that passed it down (逐级向上提交, 重庆 第十三条（一）); the lead unit records a 专题协调 with
 * its assisting unit (重庆 第十二条（二）). Setup goes through the API; what people do, through pages.
 */

const status = (page: Page) => page.locator('.ant-card-head-title .ant-tag').first();
const menuBadge = (page: Page) => page.locator('.ant-menu-item', { hasText: '待我审批' }).locator('.ant-badge-count');
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function unitId(url: string, name: string): Promise<string> {
  const dispatcher = await client(url, 'dispatcher');
  const found = (await dispatcher.get(`/api/units?q=${encodeURIComponent(name)}`)) as Array<{ id: string; name: string }>;
  return found.find((u) => u.name === name)!.id;
}

async function dispatched(url: string, content: string, units: Array<{ name: string; role: string }>) {
  const agent = await client(url, 'agent');
  const dispatcher = await client(url, 'dispatcher');
  const t = await agent.post('/api/tickets', { channel: 'phone', caller: { name: '王先生', phone: '13900000031' }, type: 'help', content, address: '渝中区解放碑街道新华路' });
  const shares = [];
  for (const u of units) shares.push({ unitId: await unitId(url, u.name), role: u.role });
  await dispatcher.post(`/api/tickets/${t.id}/actions/dispatch`, { units: shares });
  return { id: t.id as string, number: t.number as string };
}

describe('a unit’s own work under chongqing-2021', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ env: { POLICY: 'chongqing-2021' } });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('本单位审核 (重庆 第六条（二）): the handler’s reply waits in the reviewer’s 待我审批; approved there, it reaches the hotline', async () => {
    // the system admin switches the street office's review on (src/server/units/admin.ts)
    const street = await unitId(e.url, '解放碑街道办事处');
    const login = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo12345' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const put = await fetch(`${e.url}/api/admin/units/${street}/reply-review`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ required: true }) });
    expect(put.status).toBe(200);
    const t = await dispatched(e.url, '新华路 8 号门口窨井盖松动，行人踩踏有响声', [{ name: '解放碑街道办事处', role: 'lead' }]);
    const handler = await client(e.url, 'handler1');
    await handler.post(`/api/tickets/${t.id}/actions/sign`);

    const reviewer = await e.page();
    await e.login(reviewer, 'reviewer1');
    await reviewer.goto(`${e.url}/inbox`);
    await expect.poll(() => reviewer.getByText('没有待您审批的申请').count()).toBeGreaterThan(0);

    const page = await e.page();
    await e.login(page, 'handler1');
    await page.goto(`${e.url}/tickets/${t.id}`);
    await expect.poll(() => status(page).textContent()).toBe('办理中');
    await page.getByRole('button', { name: '办理答复' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('办理过程').fill('联系市政养护所到场更换井盖垫片。');
    await dialog.getByLabel('办理结果').fill('井盖已加固，不再松动。');
    await dialog.getByRole('button', { name: '提交' }).click();
    // the reply has not left the unit: the share waits for its own reviewer, not the hotline
    await expect.poll(() => page.getByText('待本单位审核').count()).toBeGreaterThan(0);
    await e.shot(page, 'unit-work-01-reply-waits-for-reviewer');

    await expect.poll(() => menuBadge(reviewer).textContent(), { timeout: 15_000 }).toBe('1');
    await expect.poll(() => reviewer.getByRole('link', { name: t.number }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => reviewer.getByText('待本单位审核').count()).toBeGreaterThan(0);
    await e.shot(reviewer, 'unit-work-02-reviewer-inbox');
    await reviewer.getByRole('link', { name: t.number }).first().click();
    await reviewer.waitForURL(/\/tickets\//);
    await reviewer.getByRole('button', { name: /^审核通过答复/ }).click();
    const approve = reviewer.getByRole('dialog');
    await expect.poll(() => approve.getByText('井盖已加固，不再松动。').count()).toBeGreaterThan(0);
    await approve.getByLabel('审核意见（可选）').fill('内容属实，同意报送');
    await approve.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => status(reviewer).textContent()).toBe('待审核');
    await expect.poll(() => menuBadge(reviewer).count()).toBe(0);
    expect((await (await client(e.url, 'dispatcher')).get(`/api/tickets/${t.id}`)).assignments[0].reply.result).toBe('井盖已加固，不再松动。');
  });

  it('逐级向上提交 (重庆 第十三条（一）): the street office’s return of a share 渝中区 passed down waits for 渝中区, which passes it up to the hotline', async () => {
    const t = await dispatched(e.url, '较场口夜市油烟扰民，晚上十点后仍在经营', [{ name: '渝中区', role: 'lead' }]);
    const district = await client(e.url, 'yuzhong');
    await district.post(`/api/tickets/${t.id}/actions/sign`);
    await district.post(`/api/tickets/${t.id}/actions/subdispatch`, { unitId: await unitId(e.url, '解放碑街道办事处'), note: '请街道核实处理' });
    await (await client(e.url, 'handler1')).post(`/api/tickets/${t.id}/actions/sign`);

    const page = await e.page();
    await e.login(page, 'handler1');
    await page.goto(`${e.url}/tickets/${t.id}`);
    await page.getByRole('button', { name: /^退单/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('退回理由').fill('夜市油烟属生态环境部门执法范围，街道无执法权');
    await dialog.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByText(/退单申请|申请退单|待.*审核退单/).count()).toBeGreaterThan(0);

    const parent = await e.page();
    await e.login(parent, 'yuzhong');
    await parent.goto(`${e.url}/inbox`);
    await expect.poll(() => parent.getByRole('link', { name: t.number }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => parent.getByText(/夜市油烟属生态环境部门执法范围/).count()).toBeGreaterThan(0);
    await e.shot(parent, 'unit-work-03-parent-inbox-return');
    await parent.getByRole('link', { name: t.number }).first().click();
    await parent.waitForURL(/\/tickets\//);
    // the unit above decides: take it back, refuse it, or pass it up with the street office's reason
    await expect.poll(() => parent.getByRole('button', { name: /同意退单（解放碑街道办事处）/ }).count()).toBe(1);
    await expect.poll(() => parent.getByRole('button', { name: /驳回退单（解放碑街道办事处）/ }).count()).toBe(1);
    await parent.getByRole('button', { name: /转报热线（解放碑街道办事处）/ }).click();
    const forward = parent.getByRole('dialog');
    await forward.getByLabel('转报意见（可选）').fill('同意街道意见，建议转区生态环境局');
    await e.shot(parent, 'unit-work-04-parent-forwards');
    await forward.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => parent.getByRole('button', { name: /转报热线（解放碑街道办事处）/ }).count()).toBe(0);

    // the hotline now holds 渝中区's own return, with the street office's reason
    const dispatcher = await e.page();
    await e.login(dispatcher, 'dispatcher');
    await dispatcher.goto(`${e.url}/tickets/${t.id}`);
    await expect.poll(() => dispatcher.getByRole('button', { name: /同意退单（渝中区）/ }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => dispatcher.getByText(/夜市油烟属生态环境部门执法范围/).count()).toBeGreaterThan(0);
  });

  it('专题协调 (重庆 第十二条（二）): the lead unit records the meeting with its assisting unit; both read it on the ticket', async () => {
    const t = await dispatched(e.url, '解放碑步行街商铺占道经营，涉及市场监管和街道', [
      { name: '解放碑街道办事处', role: 'lead' },
      { name: '江北区市场监督管理局', role: 'assist' },
    ]);
    await (await client(e.url, 'handler1')).post(`/api/tickets/${t.id}/actions/sign`);

    const page = await e.page();
    await e.login(page, 'handler1');
    await page.goto(`${e.url}/tickets/${t.id}`);
    await page.getByRole('button', { name: /^专题协调/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('议定事项').fill('街道负责劝离占道商户，市场监管局核查无照经营');
    await dialog.getByLabel('协调日期').click();
    await dialog.getByLabel('协调日期').fill(today());
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByLabel('协调日期').inputValue()).toBe(today());
    // on a busy machine a click can land while the tree is still filtering: pick again until it shows as chosen
    const chosen = dialog.locator('.ant-select-selection-item', { hasText: '江北区市场监督管理局' });
    for (let attempt = 0; attempt < 3 && (await chosen.count()) === 0; attempt += 1) {
      await dialog.getByLabel('参加单位').click();
      await dialog.getByLabel('参加单位').fill('');
      await dialog.getByLabel('参加单位').pressSequentially('江北区市场');
      await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '江北区市场监督管理局' }).first().click();
      // close the tree's list by clicking the dialog's title (Escape would close the dialog once the list is shut)
      await dialog.locator('.ant-modal-title').click();
      await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
    }
    await expect.poll(() => chosen.count()).toBe(1);
    await e.shot(page, 'unit-work-05-coordination-form');
    await dialog.getByRole('button', { name: '提交' }).click();
    // the dialog's own textarea holds the words too: the record is made once the dialog has closed
    await expect.poll(async () => ((await dialog.count()) ? (await dialog.locator('.ant-form-item-explain-error').allTextContents()).join('；') || 'open' : 'closed')).toBe('closed');
    await expect.poll(() => page.locator('.ant-card', { hasText: '专题协调' }).getByText('街道负责劝离占道商户，市场监管局核查无照经营').count()).toBeGreaterThan(0);
    await e.shot(page, 'unit-work-06-coordination-recorded');

    const assist = await e.page();
    await e.login(assist, 'handler2');
    await assist.goto(`${e.url}/tickets/${t.id}`);
    await expect.poll(() => assist.getByText('街道负责劝离占道商户，市场监管局核查无照经营').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // an assisting unit does not record one itself
    expect(await assist.getByRole('button', { name: /^专题协调/ }).count()).toBe(0);
  });
});
