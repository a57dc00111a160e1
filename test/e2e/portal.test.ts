import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

// Issue 11: the portal on a phone (WeChat H5, 375×667): submit with a photo → track → rate, with
// no sideways scrolling, touch targets of 44 px and inputs that do not zoom the page.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const PHONE = { width: 375, height: 667 };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

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

/** What a phone user must never meet: a page wider than the screen, small targets, zooming inputs. */
async function fitsAPhone(page: Page) {
  // measured once the styles have settled: Ant Design's fields ease every property over 0.2 s, and
  // Chromium 156.0.8078.114 reports a field's font size mid-way (15.88–15.99 px just after typing)
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished.catch(() => undefined))));
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(375);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input:not([type=file]):not([type=radio]), textarea, .ant-select-selector, .ant-radio-button-wrapper')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({
        el: el.textContent?.trim() || el.getAttribute('aria-label') || el.tagName,
        typed: el.matches('input, textarea, .ant-select-selector'),
        h: el.getBoundingClientRect().height,
        font: parseFloat(getComputedStyle(el).fontSize),
      }))
      // a target under 44 px is hard to hit; a field under 16 px makes the phone zoom in
      .filter((x) => (x.h < 44 && !x.typed) || (x.typed && x.font < 16)),
  );
  expect(small).toEqual([]);
}

describe('the portal on a phone: the internet channel, open day and night (重庆 第二条; 凉山 第二条; 邵阳 第二条)', () => {
  it('submits a request with a photo, follows it, and rates the result', async () => {
    const page = await e.page(PHONE);
    await page.goto(`${e.url}/portal`);
    await page.getByLabel('姓名').fill('李四');
    await page.getByLabel('手机号码').fill('13900002222');
    await page.getByLabel('诉求内容').fill('新华路 28 号门口井盖破损，晚上很危险，请尽快处理');
    await page.getByLabel('事发地点').fill('渝中区解放碑新华路 28 号门口');
    await page.getByLabel('选择照片').setInputFiles({ name: '井盖.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => page.getByRole('button', { name: '提交', exact: true }).isEnabled()).toBe(true);
    await expect.poll(() => page.getByRole('img', { name: '井盖.png' }).count()).toBe(1);
    await fitsAPhone(page);
    await e.shot(page, '60-portal-phone-submit');
    await page.getByRole('button', { name: '提交', exact: true }).click();

    await page.getByText('您的诉求已提交').waitFor();
    const text = await page.locator('.ant-result-subtitle').innerText();
    const number = /工单编号\s*(\d{13,})/.exec(text)![1]!;
    const code = /查询码\s*([0-9A-Z]{10})/.exec(text)![1]!;
    await fitsAPhone(page);

    // the hotline works it: dispatched, handled, approved — now the caller may rate
    const dispatcher = await apiAs('dispatcher');
    const handler = await apiAs('handler1');
    const list = await dispatcher('GET', `/api/tickets?q=${number}`);
    const ticket = list.items.find((t: { number: string }) => t.number === number);
    expect((await dispatcher('GET', `/api/tickets/${ticket.id}/attachments`)).items.map((a: { filename: string }) => a.filename)).toEqual(['井盖.png']);
    const units: Array<{ id: string; name: string }> = await dispatcher('GET', `/api/units?q=${encodeURIComponent('解放碑街道办事处')}`);
    await dispatcher('POST', `/api/tickets/${ticket.id}/actions/dispatch`, { units: [{ unitId: units.find((u) => u.name === '解放碑街道办事处')!.id, role: 'lead' }] });
    await handler('POST', `/api/tickets/${ticket.id}/actions/sign`, {});
    await handler('POST', `/api/tickets/${ticket.id}/actions/reply`, { process: '联系市政更换井盖', result: '井盖已更换', contacted: true });
    await dispatcher('POST', `/api/tickets/${ticket.id}/actions/approve-completion`, {});

    await page.getByRole('button', { name: '查询进度' }).click();
    await expect.poll(() => page.getByText('请对办理结果评价').count()).toBe(1);
    expect(await page.getByLabel('工单编号').inputValue()).toBe(number);
    expect(await page.getByLabel('查询码').inputValue()).toBe(code);
    await page.getByText('满意', { exact: true }).click();
    await page.getByLabel('问题是否解决').click();
    await page.getByTitle('已解决').click();
    await fitsAPhone(page);
    await e.shot(page, '61-portal-phone-rate');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByText('感谢您的评价').count()).toBe(1);
    await expect.poll(() => page.getByText('请对办理结果评价').count()).toBe(0);
    await fitsAPhone(page);
  });
});
