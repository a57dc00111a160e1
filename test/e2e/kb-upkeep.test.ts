import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

// Issue 11, knowledge base: answers rendered as Markdown and never as HTML; the gaps and the
// stale-entry report as pages for editors, with their actions.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

async function apiAs(username: string) {
  const login = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${e.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(data)}`);
    return data;
  };
}

async function published(title: string, answer: string): Promise<string> {
  const editor = await apiAs('kbeditor');
  const admin = await apiAs('admin');
  const entry = await editor('POST', '/api/kb/entries', { title, answer, questions: [title] });
  await editor('POST', `/api/kb/entries/${entry.id}/submit`, {});
  await admin('POST', `/api/kb/entries/${entry.id}/approve`, {});
  return entry.id;
}

describe('knowledge upkeep in the browser', () => {
  it('renders an answer as Markdown, and HTML in it as nothing that runs', async () => {
    await published(
      '医保卡丢失补办',
      '补办医保卡需**携带身份证**：\n\n1. 到社保服务大厅挂失\n2. 填写补卡申请\n\n<script>window.__pwned = 1</script>\n<img src="x" onerror="window.__pwned = 2">\n\n[办事指南](https://example.gov.cn/guide)',
    );
    const page = await e.page();
    await e.login(page, 'kbeditor');
    await page.getByRole('tab', { name: '已发布' }).click();
    await page.getByRole('link', { name: '医保卡丢失补办' }).click();
    const answer = page.locator('.ant-drawer .o12345-markdown');
    await answer.waitFor();
    expect(await answer.locator('strong').innerText()).toBe('携带身份证');
    expect(await answer.locator('ol > li').count()).toBe(2);
    expect(await answer.getByRole('link', { name: '办事指南' }).getAttribute('rel')).toContain('noopener');
    expect(await answer.locator('img, script').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await e.shot(page, '70-kb-markdown');
  });

  it('an editor writes an entry from a knowledge gap', async () => {
    const agent = await apiAs('agent');
    for (let i = 0; i < 3; i += 1) await agent('GET', `/api/kb/search?q=${encodeURIComponent('自行车棚顶漏雨找谁修')}`);
    const page = await e.page();
    await e.login(page, 'kbeditor');
    await page.getByRole('tab', { name: '知识缺口' }).click();
    const row = page.getByRole('row', { name: /自行车棚顶漏雨找谁修/ });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('无结果 3');
    await e.shot(page, '71-kb-gaps');
    await row.getByRole('button', { name: '据此新建条目' }).click();
    const drawer = page.locator('.ant-drawer');
    expect(await drawer.getByLabel('标题').inputValue()).toBe('自行车棚顶漏雨找谁修');
    await drawer.getByLabel(/答复口径/).fill('小区自行车棚属**共用设施**，由物业服务企业维修；无物业的小区由所在社区协调。');
    await drawer.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => drawer.getByText('草稿').count()).toBeGreaterThan(0);
    expect(await drawer.locator('.o12345-markdown strong').innerText()).toBe('共用设施');
  });

  it('an editor confirms a stale entry is still right, and it leaves the report', async () => {
    const id = await published('燃气费缴纳渠道', '可通过银行、燃气公司营业厅或线上渠道缴纳。');
    const agent = await apiAs('agent');
    await agent('POST', `/api/kb/entries/${id}/feedback`, { helpful: false });
    const page = await e.page();
    await e.login(page, 'kbeditor');
    await page.getByRole('tab', { name: '待更新' }).click();
    const row = page.getByRole('row', { name: /燃气费缴纳渠道/ });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('无用多于有用');
    await e.shot(page, '72-kb-stale');
    await row.getByRole('button', { name: '确认已核对' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => page.getByText('已确认「燃气费缴纳渠道」内容仍然准确').count()).toBe(1);
    await expect.poll(() => page.getByRole('row', { name: /燃气费缴纳渠道/ }).count()).toBe(0);
  });
});
