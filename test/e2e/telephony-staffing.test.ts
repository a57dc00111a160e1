import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOfInstant, formatDay } from '../../src/core/calendar/civil-date.ts';
import { startE2E, type E2E } from './harness.ts';

/**
 * The simulator fills a day; 接通率 (凉山 第十条) and the staffing plan are shown for it in the browser
 * (issue 14, done-when). `open12345 telephony simulate` runs as a user would run it, against the
 * server, with too few agents for the day: the leader's 话务统计 shows the 接通率 in red, and 坐席测算
 * the agents each half-hour needed beside the 值班表's.
 */
const SECRET = 'e2e-telephony-staffing-secret-0123456789';
const YESTERDAY = formatDay(dayOfInstant(Date.now()) - 1);
const WAIT = { timeout: 20_000 };
let e: E2E;
let simulated: { calls: number; answered: number; answerRate: number; tickets: number };
beforeAll(async () => {
  e = await startE2E({ env: { TELEPHONY_EVENTS_SECRET: SECRET } });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(import.meta.dirname, '../../bin/open12345.js'), 'telephony', 'simulate', '--date', YESTERDAY, '--calls', '200', '--agents', '2', '--url', e.url, '--secret', SECRET, '--tickets', '0.05'],
    { timeout: 170_000 },
  );
  simulated = JSON.parse(stdout.trim().split('\n').pop()!);
}, 180_000);
afterAll(async () => {
  await e?.close();
});

describe('话务统计 and 坐席测算 for a simulated day, as the leader', () => {
  it('shows the day’s 接通率 in red and the staffing plan with the half-hours that were short', async () => {
    expect(simulated.calls).toBe(200);
    expect(simulated.answerRate).toBeLessThan(0.95);
    expect(simulated.tickets).toBeGreaterThan(0);
    const page = await e.page();
    await e.login(page, 'leader');
    await page.goto(`${e.url}/dashboard?from=${YESTERDAY}&to=${YESTERDAY}`);
    const card = page.getByTestId('call-stats');
    await card.waitFor(WAIT);
    const rate = `${((simulated.answered / simulated.calls) * 100).toFixed(1)}%`;
    await card.getByText('呼入量').first().waitFor(WAIT);
    await card.getByText(rate, { exact: true }).first().waitFor(WAIT);

    await card.getByText('坐席测算', { exact: true }).click();
    const plan = page.getByTestId('staffing-plan');
    await plan.waitFor(WAIT);
    // the day's own figures beside the plan: its 接通率 below 95 %, shown in red
    const actual = plan.getByTestId('staffing-answer-rate');
    await actual.waitFor(WAIT);
    expect(await actual.innerText()).toBe(rate);
    expect(await actual.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(207, 19, 34)');
    // the 10:00 half-hour: more agents needed by the calls that came than the two who answered
    const row = plan.locator('tr', { has: page.getByRole('cell', { name: '10:00', exact: true }) });
    await row.waitFor(WAIT);
    const cells = await row.locator('td').allInnerTexts();
    // 时段, 预测呼入, 15 秒, 接通率, 所需, 排班, 缺口, 实际呼入, 实际接通率, 按实际所需, 接听坐席
    expect(Number(cells[7])).toBeGreaterThan(5);
    expect(Number(cells[9])).toBeGreaterThan(2);
    expect(Number(cells[10])).toBeLessThanOrEqual(2);
    // the demo 值班表 has the center's early shift at the phones then
    expect(Number(cells[5])).toBeGreaterThanOrEqual(3);
    expect(await plan.innerText()).toMatch(/按实际 \d+ 个半小时/);
    await plan.getByText('测算日期').scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 140);
    await page.mouse.move(0, 0);
    await e.shot(page, 'telephony-staffing-leader');
  });
});
