import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startE2E, type E2E } from './harness.ts';

/**
 * 值班 on the agent desk and the 值班表 page, in Chromium at 1366×768 (issue 13 items 2 and 12): the
 * agent sees, for the units a request would go to, whether each is at work and who is on duty now
 * (邵阳 第二十条 24小时响应制度), today's leaders at the hotline (邵阳 第八条 领导接听日) and every
 * 24-hour unit; a unit's 单位管理员 keeps its own roster (邵阳 第二十七条 24小时值班表).
 */
let e: E2E;
const WAIT = { timeout: 15_000 };
const iso = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 16);
beforeAll(async () => {
  e = await startE2E();
}, 180_000);
afterAll(async () => {
  await e?.close();
});

describe('邵阳 第二十条、第八条: the agent desk shows who is on duty now', () => {
  it('the 值班 tab (Alt+5) names the suggested units\' state and duty person, today\'s leaders and the 24-hour units', async () => {
    // someone of 解放碑街道 on duty from an hour ago to two hours from now, by the unit's own 单位管理员
    const unitAdmin = await apiClient(e.url, 'reviewer1');
    const me = await unitAdmin.get('/api/me');
    const now = Date.now();
    await unitAdmin.post(`/api/units/${me.unit.id}/roster`, { kind: 'duty', name: '值班测试员', title: '街道值班室', phone: '13900001111', startsAt: iso(now - 3_600_000), endsAt: iso(now + 7_200_000) });

    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    await page.getByLabel('诉求内容').fill('解放碑新华路小区门口烧烤店油烟很大，晚上十一点还在营业，噪音也大');
    // the dispatch suggestions carry a line of who is on duty at the units suggested
    await page.getByRole('tab', { name: /^派单/ }).click();
    const compact = page.getByRole('region', { name: '派往单位值班' }).first();
    await expect.poll(() => compact.textContent(), WAIT).toContain('值班测试员');

    await page.getByLabel('诉求内容').press('Alt+5');
    const panel = page.getByRole('tabpanel', { name: /值班/ });
    const asked = panel.getByRole('region', { name: '派往单位值班' });
    await expect.poll(() => asked.textContent(), WAIT).toContain('解放碑街道办事处');
    const street = asked.getByTestId('duty-unit').filter({ hasText: '解放碑街道办事处' });
    // the center sees the phone in full, to call
    await expect(street.textContent()).resolves.toMatch(/值班测试员（街道值班室）\s*13900001111/);
    // 渝中区生态环境局 runs around the clock in the demo city
    await expect(asked.getByTestId('duty-unit').filter({ hasText: '渝中区生态环境局' }).textContent()).resolves.toContain('24小时值守');
    const around = panel.getByRole('region', { name: '24小时单位与当前值班' });
    await expect(around.textContent()).resolves.toContain('渝中区城市管理局');
    await expect(panel.getByRole('region', { name: '今日领导接听' }).isVisible()).resolves.toBe(true);
    // the whole panel is in view beside the form at 1366×768
    const box = await panel.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(1366);
    await e.shot(page, 'rosters-desk-duty');
  }, 120_000);
});

describe('邵阳 第二十七条: a unit keeps its own 24小时值班表', () => {
  it('the street office\'s 单位管理员 adds a night shift on 值班表 and sees it listed', async () => {
    const page = await e.page();
    await e.login(page, 'reviewer1');
    await page.getByRole('menuitem', { name: '值班表' }).click();
    await page.waitForURL(/\/duty$/);
    await page.getByRole('button', { name: /登记值班/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('夜班值守员');
    await dialog.getByLabel('职务或岗位').fill('街道值班室');
    // the form asks for a phone before the server would
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => dialog.getByText('值班须填写联系电话').count(), WAIT).toBe(1);
    await dialog.getByLabel('联系电话').fill('13900002222');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByRole('dialog').count(), WAIT).toBe(0);
    const row = page.getByRole('row').filter({ hasText: '夜班值守员' });
    await expect.poll(() => row.count(), WAIT).toBe(1);
    // the default shift: 17:30 today to 08:30 tomorrow
    await expect(row.textContent()).resolves.toContain('17:30–次日 08:30');
    await expect(row.textContent()).resolves.toContain('13900002222');
    // hours are the administrator's to set: the unit reads them
    await expect(page.getByRole('radio', { name: '24 小时' }).count()).resolves.toBe(0);
    await e.shot(page, 'rosters-unit-roster');
  }, 120_000);
});
