import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startE2E, type E2E } from './harness.ts';

/**
 * 考核排名 in the browser (issue 12): the leader opens the scorecard for a period, reads a unit's
 * figures with their formula, and opens the tickets behind a figure.
 */
let e: E2E;
beforeAll(async () => {
  // the jobs run: the surge watcher raises the early warning of the last test
  e = await startE2E({ env: { JOBS: 'true' } });
});
afterAll(async () => {
  await e?.close();
});

/** Today in Beijing, YYYY-MM-DD. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('考核排名', () => {
  it("the leader reads a unit's figures for the period and opens the tickets behind them", async () => {
    // two tickets for 解放碑街道办事处 today: one replied having reached the caller, one not yet replied
    const agent = await apiClient(e.url, 'agent');
    const dispatcher = await apiClient(e.url, 'dispatcher');
    const handler = await apiClient(e.url, 'handler1');
    const unit = (await dispatcher.get(`/api/units?q=${encodeURIComponent('解放碑街道办事处')}`))[0];
    const numbers: string[] = [];
    for (const content of ['新华路路灯不亮已经一周了', '解放碑步行街井盖松动，行人容易绊倒']) {
      const t = await agent.post('/api/tickets', { channel: 'phone', caller: { name: '钱女士', phone: '13700004444' }, type: 'help', content, address: '渝中区解放碑街道' });
      await dispatcher.post(`/api/tickets/${t.id}/actions/dispatch`, { units: [{ unitId: unit.id, role: 'lead' }] });
      numbers.push(t.number);
      if (numbers.length === 1) {
        await handler.post(`/api/tickets/${t.id}/actions/sign`);
        await handler.post(`/api/tickets/${t.id}/actions/reply`, { process: '现场查看并更换灯具', result: '路灯已恢复', contacted: true });
      }
    }

    const page = await e.page();
    await e.login(page, 'leader');
    await page.getByRole('menuitem', { name: '考核排名' }).click();
    await page.waitForURL(/\/evaluation/);
    // the period: this year up to today
    await page.goto(`${e.url}/evaluation?from=${today().slice(0, 4)}-01-01&to=${today()}`);
    const row = page.getByRole('row').filter({ hasText: '解放碑街道办事处' });
    await expect.poll(() => row.getByRole('link', { name: '2', exact: true }).count()).toBe(1);
    // replied in time and having reached the caller: 100 % for both rates; no visit yet, so no satisfaction
    await expect.poll(() => row.getByRole('cell', { name: '100.0%' }).count()).toBe(2);
    expect(await row.getByRole('cell', { name: '—' }).count()).toBeGreaterThan(0);
    // the formula is one hover away
    await page.getByRole('columnheader', { name: /按时办结率/ }).locator('span').first().hover();
    await expect.poll(() => page.getByRole('tooltip').filter({ hasText: '批准延期后的时限' }).count()).toBe(1);
    await e.shot(page, 'evaluation-scorecard');
    // the monthly 通报's workbook holds the same figures
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(file.suggestedFilename()).toMatch(/^考核排名-\d{4}-01-01-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await file.path())!);
    const sheet = book.getWorksheet('考核排名')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const line = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(header.indexOf('单位') + 1).value === '解放碑街道办事处')!;
    expect(line.getCell(header.indexOf('受理量') + 1).value).toBe(2);
    expect(line.getCell(header.indexOf('响应率') + 1).value).toBe(1);
    // the figure opens the tickets behind it
    await row.getByRole('link', { name: '2', exact: true }).click();
    await page.waitForURL(/\/tickets\?/);
    for (const n of numbers) await expect.poll(() => page.getByRole('link', { name: n }).count()).toBeGreaterThan(0);
  });

  it('the leader opens on the 数据看板 and goes from a figure to the tickets behind it', async () => {
    const page = await e.page();
    await e.login(page, 'leader');
    await page.waitForURL(/\/dashboard$/);
    const card = page.locator('.ant-card').filter({ hasText: '在办' }).first();
    // the two tickets of the test before are open
    await expect.poll(async () => Number(await card.locator('.ant-statistic-content-value').textContent())).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByRole('img', { name: '受理与办结趋势' }).locator('canvas').count()).toBe(1);
    await e.shot(page, 'dashboard');
    await card.click();
    await page.waitForURL(/\/tickets\?status=/);
    await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThanOrEqual(2);
  });

  it('an early warning raised by a surge appears on the open dashboard and is acknowledged', async () => {
    const page = await e.page();
    await e.login(page, 'leader');
    await page.waitForURL(/\/dashboard$/);
    const banner = page.getByRole('alert').filter({ hasText: '监测预警' });
    expect(await banner.count()).toBe(0);
    // seven calls about the water at one place within minutes, where there were none in earlier weeks
    const agent = await apiClient(e.url, 'agent');
    for (let i = 0; i < 7; i += 1) {
      await agent.post('/api/tickets', { channel: 'phone', caller: { name: '市民', phone: `1370000${String(5000 + i)}` }, type: 'help', category: '城乡建设/供水', content: `民族路一带突然停水，家里没水用（${i}）`, address: '重庆市渝中区解放碑街道民族路' });
    }
    // the page is not reloaded: the watcher raises it within seconds and the page shows it
    await expect.poll(() => banner.count(), { timeout: 60_000 }).toBe(1);
    expect(await banner.textContent()).toContain('近 6 小时 7 件');
    await e.shot(page, 'dashboard-alert');
    await banner.getByRole('button', { name: '确认跟进' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('跟进说明').fill('已通知供水公司抢修');
    await dialog.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    const all = await (await apiClient(e.url, 'supervisor')).get('/api/analytics/alerts?state=all');
    expect(all.items[0].acknowledged).toMatchObject({ by: '热线中心主任 孙伟', note: '已通知供水公司抢修' });
  });

  it('left no errors in any browser console', () => {
    expect(e.consoleErrors).toEqual([]);
  });
});
