import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

/** The ticket page offers only what the server allows: a unit whose return was approved reads, nothing more. */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  // the ended unit's page asks for what it may no longer read: 403s by design
  e.allowConsoleErrors(/Failed to load resource/);
});
afterAll(async () => {
  await e?.close();
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** The HTTP API as one demo user, to set the scene quickly. */
async function apiAs(username: string) {
  const login = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const r = await fetch(`${e.url}${path}`, { method, headers: { cookie, ...headers }, body: body === undefined ? undefined : body instanceof Buffer ? new Uint8Array(body) : JSON.stringify(body) });
    const data = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(data)}`);
    return data;
  };
}

describe('a unit whose share ended', () => {
  it('sees the files it may have while it holds the ticket, then only its read-only history', async () => {
    const agent = await apiAs('agent');
    const dispatcher = await apiAs('dispatcher');
    const handler = await apiAs('handler1');
    const found: Array<{ id: string; name: string }> = await agent('GET', `/api/units?q=${encodeURIComponent('解放碑街道办事处')}`);
    const unitId = found.find((u) => u.name === '解放碑街道办事处')!.id;
    const file = await agent('POST', '/api/attachments', PNG, { 'content-type': 'image/png', 'x-filename': encodeURIComponent('现场照片.png') });
    const ticket = await agent('POST', '/api/tickets', {
      channel: 'phone',
      caller: { name: '王先生', phone: '13700001234' },
      content: '七星岗金汤街人行道护栏损坏，行人容易跌落',
      type: 'help',
      attachments: [file.id],
    });
    await dispatcher('POST', `/api/tickets/${ticket.id}/actions/dispatch`, { units: [{ unitId, role: 'lead' }] });

    const page = await e.page();
    await e.login(page, 'handler1');
    await page.goto(`${e.url}/tickets/${ticket.id}`);
    await expect.poll(() => page.getByRole('link', { name: '现场照片.png' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: '签收' }).count()).toBe(1);

    await handler('POST', `/api/tickets/${ticket.id}/actions/return`, { reason: '属七星岗街道辖区' });
    await dispatcher('POST', `/api/tickets/${ticket.id}/actions/approve-return`, {});
    await page.reload();
    await expect.poll(() => page.getByText('本单位对该工单的承办已结束').count()).toBe(1);
    expect(await page.getByText('办理操作').count()).toBe(0);
    expect(await page.getByRole('button', { name: '签收' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '现场照片.png' }).count()).toBe(0);
    expect(await page.getByText('137****1234').count()).toBe(0);
    await e.shot(page, '20-unit-share-ended');
    expect(e.consoleErrors.filter((m) => !m.includes('Failed to load resource'))).toEqual([]);
  });
});
