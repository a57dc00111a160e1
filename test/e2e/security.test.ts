import { afterAll, beforeAll, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

/** A signed-in API client, as the other workspaces would act. */
async function client(username: string) {
  const login = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${e.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return r.json();
  };
}

it('the security officer (安全审计员) sees who revealed a caller\'s phone, and verifies the chain', async () => {
  const agent = await client('agent');
  const units = await agent('GET', '/api/units?q=解放碑街道办事处');
  const ticket = await agent('POST', '/api/tickets', { channel: 'phone', caller: { name: '赵女士', phone: '13700001111' }, content: '小区门口井盖松动，车辆经过声音很大', type: 'help' });
  await (await client('dispatcher'))('POST', `/api/tickets/${ticket.id}/actions/dispatch`, { units: [{ unitId: units[0].id, role: 'lead' }] });
  const handler = await client('handler1');
  expect(await handler('POST', `/api/tickets/${ticket.id}/reveal-phone`, { reason: '回电确认井盖位置' })).toEqual({ phone: '13700001111' });

  const page = await e.page();
  await e.login(page, 'auditor');
  await page.waitForURL(/\/security$/);
  await expect.poll(() => page.getByRole('menuitem', { name: /安全审计/ }).count()).toBe(1);
  // the reveal is there: who, which unit, which ticket, whose phone (masked), why
  const row = page.locator('tr', { hasText: '查看完整电话' }).first();
  await expect.poll(() => row.count()).toBe(1);
  const text = await row.textContent();
  expect(text).toContain('解放碑街道 刘洋');
  expect(text).toContain(ticket.number);
  expect(text).toContain('137****1111');
  expect(text).toContain('回电确认井盖位置');
  await e.shot(page, 'security-01-audit-log');

  await page.getByRole('button', { name: '校验完整性' }).click();
  await expect.poll(() => page.locator('.ant-alert-success').textContent(), { timeout: 20_000 }).toMatch(/审计日志完整：共 \d+ 条/);
  await e.shot(page, 'security-02-verified');
  expect(e.consoleErrors).toEqual([]);
});
