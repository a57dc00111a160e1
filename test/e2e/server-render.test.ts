import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { apiClient, SHOTS, startE2E, takenOver, type E2E } from './harness.ts';

/**
 * Issue 11 (a cold load under 1 s): pages arrive rendered by the server, with their data, and the
 * scripts take them over. What the server renders is what the API would show the same user — the
 * same scope and masking — and the page works once taken over.
 */
let e: E2E;
const numbers = { queued: '', jiefangbei: '', jiangbei: '' };

async function html(path: string, username?: string): Promise<{ text: string; headers: Headers }> {
  let cookie = '';
  if (username) {
    const res = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
    cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }
  const res = await fetch(`${e.url}${path}`, { headers: cookie ? { cookie } : {} });
  return { text: await res.text(), headers: res.headers };
}

const units = (nodes: Array<{ id: string; name: string; children: unknown[] }>, name: string): string | undefined => {
  for (const n of nodes) {
    if (n.name === name) return n.id;
    const hit = units(n.children as typeof nodes, name);
    if (hit) return hit;
  }
  return undefined;
};

beforeAll(async () => {
  e = await startE2E();
  const agent = await apiClient(e.url, 'agent');
  const dispatcher = await apiClient(e.url, 'dispatcher');
  const tree = await dispatcher.get('/api/units');
  const make = async (key: keyof typeof numbers, content: string, phone: string, unit?: string) => {
    const t = await agent.post('/api/tickets', { channel: 'phone', caller: { name: '赵六', phone }, type: 'complaint', content });
    if (unit) await dispatcher.post(`/api/tickets/${t.id}/actions/dispatch`, { units: [{ unitId: units(tree, unit), role: 'lead' }] });
    numbers[key] = t.number;
  };
  await make('queued', '人民路口的井盖松动，车辆经过声音很大', '13812345601');
  await make('jiefangbei', '解放碑步行街夜间商铺音响扰民', '13812345602', '解放碑街道办事处');
  await make('jiangbei', '观音桥某超市销售过期食品', '13812345603', '江北区市场监督管理局');
}, 180_000);

afterAll(async () => {
  await e?.close();
});

describe('pages rendered by the server (issue 11)', () => {
  it('the dispatcher’s queue arrives in the HTML itself, with its data, and is never cached', async () => {
    const { text, headers } = await html('/dispatch', 'dispatcher');
    expect(text).toContain(numbers.queued);
    expect(text).toContain('人民路口的井盖松动');
    expect(text).toContain('id="o12345-ssr"');
    expect(headers.get('cache-control')).toBe('private, no-store');
    // no inline script: the Content-Security-Policy (script-src 'self') stays as it is
    expect(text.match(/<script(?![^>]*(\bsrc=|type="application\/json"))[^>]*>/g) ?? []).toEqual([]);
  });

  it('a unit’s page holds only its own tickets, and no caller’s full phone number', async () => {
    const { text } = await html('/unit', 'handler1');
    expect(text).toContain(numbers.jiefangbei);
    expect(text).not.toContain(numbers.jiangbei);
    expect(text).not.toContain(numbers.queued);
    const search = await html('/tickets', 'handler1');
    expect(search.text).toContain(numbers.jiefangbei);
    for (const phone of ['13812345601', '13812345602', '13812345603']) {
      expect(text).not.toContain(phone);
      expect(search.text).not.toContain(phone);
    }
  });

  it('signed out, a workspace address carries no data; the login page arrives rendered', async () => {
    const { text } = await html('/dispatch');
    expect(text).not.toContain('o12345-ssr');
    expect(text).not.toContain(numbers.queued);
    const login = await html('/login');
    expect(login.text).toMatch(/<input[^>]*id="username"/);
    expect(login.text).toMatch(/<form[^>]*method="post"/);
  });

  it('readable before any script runs, and working once the scripts take it over', async () => {
    const page = await e.page();
    // with scripts off, the queue is already there
    const still = await page.context().browser()!.newContext({ javaScriptEnabled: false, viewport: { width: 1366, height: 768 } });
    const res = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'demo12345' }) });
    const sid = res.headers.getSetCookie()[0]!.split(';')[0]!.split('=');
    await still.addCookies([{ name: sid[0]!, value: sid.slice(1).join('='), url: e.url }]);
    const bare = await still.newPage();
    await bare.goto(`${e.url}/dispatch`);
    await bare.locator('.ant-table-tbody').getByText(numbers.queued).waitFor({ timeout: 10_000 });
    await bare.screenshot({ path: join(SHOTS, 'ssr-no-script.png') });
    await still.close();
    // with scripts: the same rows, then a click opens the ticket
    await e.login(page, 'dispatcher');
    await page.goto(`${e.url}/dispatch`);
    await takenOver(page);
    await page.locator('.ant-table-tbody').getByText(numbers.queued).click();
    await page.waitForURL(/\/tickets\/[\w-]+$/, { timeout: 15_000 });
    await page.getByText('人民路口的井盖松动').first().waitFor({ timeout: 15_000 });
  });
});
