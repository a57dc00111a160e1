import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

let e: E2E;
const WAIT = { timeout: 15_000 };
const made: Record<string, string> = {};

/** Tickets registered and dispatched through the API, as the agent's desk does it. */
async function seed(page: Page) {
  const calls = [
    { key: 'lamp', content: '新华路12号的路灯坏了不亮，晚上很黑', type: 'help', phone: '13812340001' },
    { key: 'lamp2', content: '民生路口路灯不亮已经三天', type: 'complaint', phone: '13812340002', confidential: true },
    { key: 'noise', content: '楼下工地夜间施工噪声很大', type: 'complaint', phone: '13812340003' },
    { key: 'price', content: '超市价格标签和结账价格不一致', type: 'complaint', phone: '13812340004', unit: '江北区市场监督管理局' },
  ];
  const result = await page.evaluate(async (calls) => {
    const units = await fetch('/api/units').then((r) => r.json());
    const find = (nodes: Array<{ id: string; name: string; children: unknown[] }>, name: string): string | undefined => {
      for (const n of nodes) {
        if (n.name === name) return n.id;
        const hit = find(n.children as typeof nodes, name);
        if (hit) return hit;
      }
      return undefined;
    };
    const out: Record<string, string> = {};
    for (const c of calls) {
      const t = await fetch('/api/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'phone', caller: { name: '王五', phone: c.phone }, type: c.type, content: c.content, confidential: !!c.confidential }),
      }).then((r) => r.json());
      await fetch(`/api/tickets/${t.id}/actions/dispatch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ units: [{ unitId: find(units, c.unit ?? '解放碑街道办事处'), role: 'lead' }] }),
      });
      out[c.key] = t.number;
    }
    return out;
  }, calls);
  Object.assign(made, result);
}

beforeAll(async () => {
  e = await startE2E();
  const page = await e.page();
  await e.login(page, 'agent');
  await seed(page);
  await page.close();
});
afterAll(async () => {
  await e?.close();
});

async function exportRows(page: Page): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push(Array.from({ length: 12 }, (_, i) => String((row.values as unknown[])[i + 1] ?? ''))));
  return rows;
}

const shownNumbers = async (page: Page) => (await page.locator('.ant-table-tbody tr.ant-table-row td:first-child').allTextContents()).sort();

describe('工单查询 → 导出', () => {
  it('a center user filters by words and type, exports, and the xlsx holds exactly those rows with masked phones', async () => {
    const page = await e.page();
    await e.login(page, 'dispatcher');
    await page.goto(`${e.url}/tickets`);
    await page.getByLabel('关键词').fill('路灯不亮');
    await page.locator('#type').click();
    await page.keyboard.type('投诉');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => shownNumbers(page), WAIT).toEqual([made.lamp2]);
    expect(page.url()).toContain('type=complaint');
    // the center sees a confidential caller masked, never in full
    await expect.poll(() => page.getByText('138****0002').count(), WAIT).toBe(1);
    await e.shot(page, 'search-center');
    const rows = await exportRows(page);
    expect(rows[0]![0]).toBe('工单编号');
    expect(rows.slice(1).map((r) => r[0])).toEqual([made.lamp2]);
    expect(rows[1]![9]).toBe('138****0002');
    expect(JSON.stringify(rows)).not.toMatch(/1381234000\d/);
    expect(e.consoleErrors).toEqual([]);
  });

  it('a unit user sees and exports only its own tickets, without the confidential caller', async () => {
    const page = await e.page();
    await e.login(page, 'handler1');
    await page.goto(`${e.url}/tickets`);
    // no phone search for units
    await expect.poll(() => page.getByText('工单编号', { exact: true }).count(), WAIT).toBeGreaterThan(0);
    expect(await page.getByLabel('来电号码').count()).toBe(0);
    await page.getByLabel('关键词').fill('路灯');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => shownNumbers(page), WAIT).toEqual([made.lamp, made.lamp2].sort());
    await e.shot(page, 'search-unit');
    const rows = await exportRows(page);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([made.lamp, made.lamp2].sort());
    const byNumber = (n: string) => rows.find((r) => r[0] === n)!;
    expect(byNumber(made.lamp!)[9]).toBe('138****0001');
    expect(byNumber(made.lamp2!)[9]).toBe('');
    expect(byNumber(made.lamp2!)[8]).toBe('');
    expect(rows.some((r) => r[0] === made.price)).toBe(false);
    expect(e.consoleErrors).toEqual([]);
  });
});
