import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

// Issue 11: the center sends a completion back with a reason → the unit reads it, with who and when,
// on the ticket page and in the timeline; a handler reveals the caller's number with a reason and
// calls; the citizen reads the direct answer on the portal.
let e: E2E;
const WAIT = { timeout: 15_000 };
const PHONE = '13900005678';

async function login(username: string): Promise<string> {
  const r = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

async function call<T = Record<string, unknown>>(cookie: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${e.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('every reason is seen; the caller is reached', () => {
  let ticketId = '';

  it('the center sends a completion back with a reason, and the unit reads it with who and when', async () => {
    const [agent, dispatcher, handler] = [await login('agent'), await login('dispatcher'), await login('handler1')];
    const [unit] = await call<Array<{ id: string }>>(dispatcher, `/api/units?q=${encodeURIComponent('解放碑街道')}`);
    const t = await call<{ id: string; number: string }>(agent, '/api/tickets', {
      channel: 'phone', caller: { name: '孙女士', phone: PHONE }, type: 'help', content: '较场口公交站旁井盖松动，行人容易绊倒', address: '渝中区解放碑街道较场口',
    });
    ticketId = t.id;
    await call(dispatcher, `/api/tickets/${t.id}/actions/dispatch`, { units: [{ unitId: unit!.id, role: 'lead' }] });
    await call(handler, `/api/tickets/${t.id}/actions/sign`, {});
    await call(handler, `/api/tickets/${t.id}/actions/reply`, { process: '安排人员到场', result: '井盖已固定', contacted: false });

    const page = await e.page();
    await e.login(page, 'dispatcher');
    await page.goto(`${e.url}/tickets/${t.id}`);
    await page.getByRole('button', { name: '审核退回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('退回理由').fill('未联系来电人核实，请联系后重新答复');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => page.locator('.ant-card-head-title .ant-tag').first().textContent(), WAIT).toBe('办理中');

    const unitPage = await e.page();
    await e.login(unitPage, 'handler1');
    await unitPage.goto(`${e.url}/tickets/${t.id}`);
    const banner = unitPage.getByTestId('send-back');
    await expect.poll(() => banner.textContent(), WAIT).toMatch(/^审核退回：未联系来电人核实，请联系后重新答复（派单员.+，\d{4}-\d\d-\d\d \d\d:\d\d）/);
    const event = unitPage.getByTestId('event-reject-completion');
    expect(await event.textContent()).toContain('理由：未联系来电人核实，请联系后重新答复');
    expect(await event.textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d · 派单员/);
    // no code names anywhere in the page
    expect(await unitPage.locator('main, .ant-layout-content').first().innerText()).not.toMatch(/\b(handle|reject-completion|reviewing|handling)\b/);
    await e.shot(unitPage, '60-unit-reads-send-back');
  });

  it('handler1 reveals the number with a reason, then calls; both are on the timeline', async () => {
    const page = await e.page();
    await e.login(page, 'handler1');
    await page.goto(`${e.url}/tickets/${ticketId}`);
    await expect.poll(() => page.getByText('139****5678').count(), WAIT).toBe(1);
    await page.getByRole('button', { name: '查看号码' }).click();
    const dialog = page.getByRole('dialog');
    // a reason is required: the form says so, and nothing breaks
    await dialog.getByRole('button', { name: /查\s*看/ }).click();
    await expect.poll(() => dialog.getByText('请填写查看原因').count(), WAIT).toBe(1);
    await dialog.getByLabel('查看原因').fill('回电核实井盖固定情况');
    await dialog.getByRole('button', { name: /查\s*看/ }).click();
    await expect.poll(() => page.getByText(PHONE, { exact: true }).count(), WAIT).toBe(1);
    const dial = page.getByRole('link', { name: /拨\s*打/ });
    expect(await dial.getAttribute('href')).toBe(`tel:${PHONE}`);
    // no phone handler in a headless browser: the tel: navigation is the operating system's part
    await page.evaluate(() => document.addEventListener('click', (ev) => (ev.target as Element).closest('a[href^="tel:"]') && ev.preventDefault(), true));
    await dial.click();
    await expect.poll(() => page.getByText('未接入电话系统，请用本机或座机拨打').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('event-call-caller').count(), WAIT).toBe(1);
    expect(await page.getByTestId('event-reveal-phone').textContent()).toContain('查看原因：回电核实井盖固定情况');
    expect(await page.getByTestId('event-call-caller').textContent()).not.toContain(PHONE);
    await e.shot(page, '61-unit-reveals-and-calls');
  });

  it('the citizen reads the direct answer on the portal', async () => {
    const agent = await login('agent');
    const t = await call<{ id: string; number: string; queryCode: string }>(agent, '/api/tickets', {
      channel: 'phone', caller: { name: '周先生', phone: '13900006789' }, type: 'consultation', content: '居住证到期了怎么续签，需要哪些材料',
    });
    await call(agent, `/api/tickets/${t.id}/actions/answer`, { answer: '携带身份证和居住登记凭证到社区警务室办理续签' });
    const page = await e.page();
    await page.goto(`${e.url}/portal`);
    await page.getByRole('tab', { name: '查询进度' }).click();
    await page.getByLabel('工单编号').fill(t.number);
    await page.getByLabel('查询码').fill(t.queryCode);
    await page.getByRole('button', { name: /查\s*询/ }).last().click();
    await expect.poll(() => page.getByText('携带身份证和居住登记凭证到社区警务室办理续签').count(), WAIT).toBe(1);
    await e.shot(page, '62-portal-answer');
    expect(e.consoleErrors).toEqual([]);
  });
});
