import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient as client, choose, startE2E, type E2E } from './harness.ts';

/**
 * Every decision reaches the person who may take it (issue 11): an extension asked by a street
 * office is approved by its district (重庆 第十三条（三）) from its 待我审批; an appeal against a
 * dissatisfied visit is decided by the hotline (邵阳 第二十五条) and the unit reads the decision.
 * Setup steps a test does not look at go through the API; what people do goes through the pages.
 */

const status = (page: Page) => page.locator('.ant-card-head-title .ant-tag').first();
const menuBadge = (page: Page) => page.locator('.ant-menu-item', { hasText: '待我审批' }).locator('.ant-badge-count');
const fmt = (s: string) => s.slice(0, 16).replace('T', ' ');

/** A ticket dispatched to 解放碑街道办事处 as lead, signed by handler1. */
async function signedTicket(url: string, content: string) {
  const agent = await client(url, 'agent');
  const dispatcher = await client(url, 'dispatcher');
  const handler = await client(url, 'handler1');
  const t = await agent.post('/api/tickets', { channel: 'phone', caller: { name: '王先生', phone: '13900000021' }, type: 'help', content, address: '渝中区解放碑街道新华路' });
  const units = await dispatcher.get(`/api/units?q=${encodeURIComponent('解放碑街道')}`);
  await dispatcher.post(`/api/tickets/${t.id}/actions/dispatch`, { units: [{ unitId: units[0].id, role: 'lead' }] });
  await handler.post(`/api/tickets/${t.id}/actions/sign`);
  return { id: t.id as string, number: t.number as string, handler, dispatcher };
}

describe('an extension under chongqing-2021: the street office asks, its district approves', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ env: { POLICY: 'chongqing-2021' } });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('handler1 asks for 5 more working days → 渝中区 sees it in 待我审批 with a count → approves → the new deadline shows', async () => {
    const t = await signedTicket(e.url, '新华路路灯线路老化需整体更换，需协调供电公司');
    const handleDue = async () => (await t.handler.get(`/api/tickets/${t.id}`)).assignments[0].clocks.find((c: { name: string }) => c.name === 'handle').dueAt as string;
    const before = await handleDue();

    // the district's desk is open, with nothing waiting
    const district = await e.page();
    await e.login(district, 'yuzhong');
    await district.goto(`${e.url}/inbox`);
    await expect.poll(() => district.getByText('没有待您审批的申请').count()).toBeGreaterThan(0);
    expect(await menuBadge(district).count()).toBe(0);

    // the street office asks; it is never offered to approve its own request, nor to ask twice
    const page = await e.page();
    await e.login(page, 'handler1');
    await page.goto(`${e.url}/tickets/${t.id}`);
    await expect.poll(() => status(page).textContent()).toBe('办理中');
    expect(await page.getByRole('button', { name: /同意延期/ }).count()).toBe(0);
    await page.getByRole('button', { name: '申请延期' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('延期工作日数').pressSequentially('5');
    await dialog.getByLabel('延期理由').fill('需协调供电公司停电更换整条线路，预计两周');
    await dialog.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByText(/申请延期 5 个工作日/).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('button', { name: '申请延期' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /同意延期/ }).count()).toBe(0);
    await e.shot(page, 'decisions-01-handler-asked');

    // the district sees it arrive, live: a count in the menu and a row in 待我审批
    await expect.poll(() => menuBadge(district).textContent(), { timeout: 15_000 }).toBe('1');
    await expect.poll(() => district.getByRole('link', { name: t.number }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => district.getByText(/申请延期 5 个工作日/).count()).toBeGreaterThan(0);
    await e.shot(district, 'decisions-02-district-inbox');
    await district.getByRole('link', { name: t.number }).first().click();
    await district.waitForURL(/\/tickets\//);
    await district.getByRole('button', { name: '同意延期（解放碑街道办事处）' }).click();
    const approve = district.getByRole('dialog');
    await approve.getByLabel('审批意见（可选）').fill('同意延期，请按时告知来电人进展');
    await e.shot(district, 'decisions-03-district-approving');
    await approve.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => district.getByRole('button', { name: /同意延期/ }).count()).toBe(0);
    await expect.poll(() => menuBadge(district).count()).toBe(0);

    // the street office's page shows the new deadline, 5 working days later
    const after = await handleDue();
    expect(after > before).toBe(true);
    await expect.poll(() => page.getByText(fmt(after)).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByText(fmt(before)).count()).toBe(0);
    await expect.poll(() => page.getByText('已延期 1 次').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('button', { name: '申请延期' }).count()).toBe(1);
    await e.shot(page, 'decisions-04-handler-new-deadline');
    expect(e.consoleErrors).toEqual([]);
  });
});

describe('an appeal under shaoyang-2023: a dissatisfied visit, the unit appeals, the hotline decides', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ env: { POLICY: 'shaoyang-2023' } });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('回访不满意 → 解放碑街道 appeals with its reason → the supervisor decides from 待我审批 → the unit reads the decision and reason', async () => {
    const t = await signedTicket(e.url, '小区门口烧烤油烟扰民，多次反映');
    await t.handler.post(`/api/tickets/${t.id}/actions/reply`, { process: '会同城管现场劝导，经营者已搬离', result: '油烟问题已解决', contacted: true });
    await t.dispatcher.post(`/api/tickets/${t.id}/actions/approve-completion`);

    const visitor = await e.page();
    await e.login(visitor, 'visitor');
    await visitor.goto(`${e.url}/tickets/${t.id}`);
    await visitor.getByRole('button', { name: '记录回访' }).click();
    const visit = visitor.getByRole('dialog');
    await choose(visitor, visit.getByLabel('满意度'), '不满意');
    await choose(visitor, visit.getByLabel('解决情况'), '部分解决');
    await choose(visitor, visit.getByLabel('不满意原因'), '客观原因（备注办结）');
    await visit.getByLabel('回访记录').fill('来电人认为应取缔全部烧烤摊');
    await visit.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => status(visitor).textContent()).toBe('已办结');

    const page = await e.page();
    await e.login(page, 'handler1');
    await page.goto(`${e.url}/tickets/${t.id}`);
    await page.getByRole('button', { name: '申诉' }).click();
    const appeal = page.getByRole('dialog');
    await appeal.getByLabel('申诉理由').fill('已依法依规办结，来电人要求超出政策范围');
    await appeal.getByLabel('依据（含与来电人沟通联系的证明）').fill('11月25日两次通话录音，现场照片三张');
    await appeal.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByText('待审核', { exact: true }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('button', { name: '申诉' }).count()).toBe(0);

    const center = await e.page();
    await e.login(center, 'supervisor');
    await expect.poll(() => menuBadge(center).textContent(), { timeout: 15_000 }).toBe('1');
    await center.locator('.ant-menu-item', { hasText: '待我审批' }).click();
    await center.waitForURL(/\/inbox$/);
    await expect.poll(() => center.getByText(/对不满意评价申诉：已依法依规办结/).count()).toBeGreaterThan(0);
    await e.shot(center, 'decisions-05-center-inbox');
    await center.getByRole('link', { name: t.number }).first().click();
    await center.waitForURL(/\/tickets\//);
    await expect.poll(() => center.getByText('11月25日两次通话录音，现场照片三张').count()).toBeGreaterThan(0);
    await center.getByRole('button', { name: '驳回申诉' }).click();
    const decide = center.getByRole('dialog');
    await decide.getByRole('button', { name: '提交' }).click();
    // a refusal needs its reason
    await expect.poll(() => decide.getByText('请填写驳回理由').count()).toBeGreaterThan(0);
    await decide.getByLabel('驳回理由').fill('录音显示未向来电人说明后续安排，申诉不予支持');
    await decide.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => center.getByText('已驳回').count()).toBeGreaterThan(0);
    await expect.poll(() => menuBadge(center).count()).toBe(0);

    await expect.poll(() => page.getByText('录音显示未向来电人说明后续安排，申诉不予支持').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('已驳回').count()).toBeGreaterThan(0);
    await e.shot(page, 'decisions-06-unit-reads-decision');
    expect(e.consoleErrors).toEqual([]);
  });
});
