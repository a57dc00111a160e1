import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('knowledge base in the browser', () => {
  let entryId = '';

  it('an editor drafts an entry and submits it for review', async () => {
    const page = await e.page();
    await e.login(page, 'kbeditor');
    await page.waitForURL(/\/kb$/);
    await page.getByRole('button', { name: '新建条目' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('标题').fill('住房公积金提取办理指南');
    await drawer.getByLabel(/问法/).fill('公积金怎么取出来');
    await page.keyboard.press('Enter');
    await drawer.getByLabel(/答复口径/).fill('购房提取住房公积金：携带身份证、购房合同和发票，到住房公积金管理中心服务大厅或通过网上办事大厅申请，审核通过后 3 个工作日内到账。');
    await drawer.getByLabel('分类').fill('住房公积金/提取');
    await e.shot(page, '20-kb-editor-draft');
    await drawer.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => drawer.getByText('草稿').count()).toBeGreaterThan(0);
    await drawer.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => drawer.getByText('待审核').count()).toBeGreaterThan(0);
  });

  it('a reviewer publishes it', async () => {
    const page = await e.page();
    await e.login(page, 'admin');
    await page.goto(`${e.url}/kb`);
    await page.getByRole('tab', { name: '待审核' }).click();
    await page.getByRole('link', { name: '住房公积金提取办理指南' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByRole('button', { name: '审核通过并发布' }).click();
    await expect.poll(() => drawer.getByText('已发布').count()).toBeGreaterThan(0);
    entryId = await page.evaluate(async () => {
      const r = await (await fetch('/api/kb/entries?state=published')).json();
      return r.items.find((x: { title: string }) => x.title === '住房公积金提取办理指南').id as string;
    });
    await e.shot(page, '21-kb-published');
  });

  it("an agent finds it by the caller's words, answers directly, and the use is counted", async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    await page.getByLabel('来电号码').fill('13800005555');
    await page.getByLabel('诉求内容').fill('我想把公积金取出来买房，需要带什么材料？');
    const panel = page.getByRole('tabpanel');
    await expect.poll(() => panel.getByText('住房公积金提取办理指南').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await e.shot(page, '22-agent-kb-suggestion');
    await panel.getByRole('button', { name: '采用' }).first().click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByLabel('答复内容').inputValue()).toContain('购房合同');
    await dialog.getByRole('button', { name: '登记并提交' }).click();
    // the desk stays for the next call and links the ticket just registered
    await expect.poll(() => page.getByTestId('registered').textContent().catch(() => ''), { timeout: 15_000 }).toContain('已直接答复');
    await page.getByTestId('registered').getByRole('link', { name: '打开工单' }).click();
    await page.waitForURL(/\/tickets\//);
    await expect.poll(() => page.locator('.ant-card-head-title .ant-tag').first().textContent()).toBe('已直接答复');
    await e.shot(page, '23-agent-answered');
    const uses = await page.evaluate(async (id) => (await (await fetch(`/api/kb/entries/${id}`)).json()).uses, entryId);
    expect(uses.used).toBe(1);
    expect(uses.shown).toBeGreaterThan(0);
  });

  it('the public finds published public knowledge on the portal only when public', async () => {
    const page = await e.page();
    await page.goto(`${e.url}/portal`);
    await page.getByRole('tab', { name: '政策问答' }).click();
    await page.getByPlaceholder(/您想了解的问题/).fill('公积金提取');
    await page.keyboard.press('Enter');
    // the entry is internal: the public does not see it
    await expect.poll(() => page.getByText('没有找到相关答复').count()).toBe(1);
  });

  it('left no errors in any browser console', () => {
    if (e.consoleErrors.length) console.log(e.consoleErrors.join('\n'));
    expect(e.consoleErrors).toEqual([]);
  });
});
