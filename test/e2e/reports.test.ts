import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startE2E, type E2E } from './harness.ts';

/**
 * 报告 and 通报 in the browser (issue 12): the leader reads this month's report, prints it and exports
 * it; the analyst drafts the month's 通报, the leader approves and publishes it, and a unit's
 * handler finds it on the unit's home with the unit's own row highlighted.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

/** This month in Beijing: YYYY-MM, and as the report names it. */
const month = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
const monthLabel = () => `${Number(month().slice(0, 4))}年${Number(month().slice(5))}月`;

describe('报告与通报', () => {
  it('the leader opens the monthly report, prints it cleanly and exports it as xlsx', async () => {
    const agent = await apiClient(e.url, 'agent');
    const dispatcher = await apiClient(e.url, 'dispatcher');
    const handler = await apiClient(e.url, 'handler1');
    const unit = (await dispatcher.get(`/api/units?q=${encodeURIComponent('解放碑街道办事处')}`))[0];
    for (const content of ['新华路路灯不亮已经一周了', '解放碑步行街井盖松动，行人容易绊倒']) {
      const t = await agent.post('/api/tickets', { channel: 'phone', caller: { name: '钱女士', phone: '13700004444' }, type: 'help', category: '城乡建设/路灯照明', content, address: '渝中区解放碑街道' });
      await dispatcher.post(`/api/tickets/${t.id}/actions/dispatch`, { units: [{ unitId: unit.id, role: 'lead' }] });
      await handler.post(`/api/tickets/${t.id}/actions/sign`);
      await handler.post(`/api/tickets/${t.id}/actions/reply`, { process: '现场查看并处理', result: '已处理', contacted: true });
    }

    const page = await e.page();
    await e.login(page, 'leader');
    await page.getByRole('menuitem', { name: '报告' }).click();
    await page.waitForURL(/\/reports/);
    await page.goto(`${e.url}/reports?kind=monthly&month=${month()}`);
    const doc = page.getByTestId('report-document');
    await expect.poll(() => doc.getByRole('heading', { level: 1 }).textContent()).toBe(`${monthLabel()}12345政务服务便民热线运行月报`);
    const received = doc.getByRole('table', { name: '主要指标' }).getByRole('row').filter({ hasText: '受理诉求' });
    await expect.poll(() => received.getByRole('cell').nth(1).textContent()).toBe('2');
    expect(await doc.locator('p').first().textContent()).toContain('共受理群众诉求 2 件');
    await expect.poll(() => doc.getByRole('img', { name: '受理与办结趋势' }).locator('canvas').count()).toBe(1);
    await e.shot(page, 'reports-monthly');
    // the print view holds the document only: no menu, no buttons
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /导出 Excel/ }).isVisible()).toBe(false);
    expect(await doc.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(file.suggestedFilename()).toMatch(new RegExp(`^月报-${month()}-01-${month()}-\\d{2}\\.xlsx$`));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await file.path())!);
    expect(book.getWorksheet('概要')!.getCell('A1').value).toBe(`${monthLabel()}12345政务服务便民热线运行月报`);
    const totals = book.getWorksheet('主要指标')!;
    const row = totals.getRows(2, totals.rowCount - 1)!.find((r) => r.getCell(1).value === '受理诉求（件）')!;
    expect(row.getCell(2).value).toBe(2);
    expect(book.getWorksheet('单位排名')!.getRow(2).values).toEqual(expect.arrayContaining(['解放碑街道办事处']));
  });

  it('the analyst drafts the month’s 通报, the leader publishes it, and the unit sees it with its own row highlighted', async () => {
    const analyst = await e.page();
    await e.login(analyst, 'analyst');
    await analyst.getByRole('menuitem', { name: '通报' }).click();
    await analyst.waitForURL(/\/bulletins$/);
    await analyst.getByRole('button', { name: '生成月度通报' }).click();
    const dialog = analyst.getByRole('dialog', { name: '生成月度通报' });
    const picker = dialog.getByLabel('通报月份');
    await picker.click();
    await picker.fill(month());
    await analyst.keyboard.press('Enter');
    await dialog.getByRole('button', { name: '生成草稿' }).click();
    await analyst.waitForURL(/\/bulletins\/[0-9a-f-]{36}$/);
    const doc = analyst.getByTestId('bulletin-document');
    await expect.poll(() => doc.getByRole('heading', { level: 1 }).textContent()).toBe(`关于${monthLabel()}12345热线承办单位办理工作情况的通报`);
    expect(await doc.getByRole('table', { name: '考核排名附表' }).getByRole('row').filter({ hasText: '解放碑街道办事处' }).count()).toBe(1);
    await e.shot(analyst, 'bulletin-draft');
    await analyst.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => analyst.locator('.ant-tag').filter({ hasText: '待审核' }).count()).toBe(1);

    const leader = await e.page();
    await e.login(leader, 'leader');
    await leader.getByRole('menuitem', { name: /待我审批/ }).click();
    await leader.getByRole('tab', { name: /通报/ }).click();
    await leader.getByRole('row').filter({ hasText: '待审核' }).getByText(/通报$/).click();
    await leader.waitForURL(/\/bulletins\//);
    await leader.getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => leader.locator('.ant-tag').filter({ hasText: '待发布' }).count()).toBe(1);
    await leader.getByRole('button', { name: '发布', exact: true }).click();
    await leader.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
    await expect.poll(() => leader.locator('.ant-tag').filter({ hasText: '已发布' }).count()).toBe(1);
    // final: no step left to take
    expect(await leader.getByRole('button', { name: /编辑正文|提交审核|审核通过|退回修改/ }).count()).toBe(0);

    const unit = await e.page();
    await e.login(unit, 'handler1');
    await unit.waitForURL(/\/unit$/);
    const notice = unit.getByRole('alert').filter({ hasText: '新通报' });
    await expect.poll(() => notice.count()).toBe(1);
    await notice.getByRole('link').click();
    await unit.waitForURL(/\/bulletins\//);
    const own = unit.getByTestId('bulletin-document').locator('tr[data-own]');
    await expect.poll(() => own.textContent()).toContain('解放碑街道办事处');
    expect(await own.textContent()).toContain('本单位');
    expect(await unit.getByRole('alert').filter({ hasText: '本单位（解放碑街道办事处）：街道（乡镇）第 1 名' }).count()).toBe(1);
    await e.shot(unit, 'bulletin-unit');
    // read: the notice is gone from the unit's home
    await unit.getByRole('menuitem', { name: '承办单位' }).click();
    await unit.waitForURL(/\/unit$/);
    await expect.poll(() => unit.getByRole('tab', { name: /待签收/ }).count()).toBe(1);
    expect(await unit.getByRole('alert').filter({ hasText: '新通报' }).count()).toBe(0);
  });

  it('left no errors in any browser console', () => {
    expect(e.consoleErrors).toEqual([]);
  });
});
