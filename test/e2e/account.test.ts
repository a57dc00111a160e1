import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  e.allowConsoleErrors(/status of 40[13]/);
});
afterAll(async () => {
  await e?.close();
});

describe('accounts in the browser', () => {
  it('after an admin reset, the user must set a new password before anything else', async () => {
    const admin = await e.page();
    await e.login(admin, 'admin');
    const temporary = await admin.evaluate(async () => {
      const users = (await (await fetch('/api/admin/users')).json()) as Array<{ id: string; username: string }>;
      const id = users.find((u) => u.username === 'handler2')!.id;
      const r = await fetch(`/api/admin/users/${id}/reset-password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return ((await r.json()) as { temporaryPassword: string }).temporaryPassword;
    });

    const page = await e.page();
    await page.goto(`${e.url}/login`);
    await page.getByLabel('用户名').fill('handler2');
    await page.getByLabel('密码').fill(temporary);
    await page.keyboard.press('Enter');
    await page.getByLabel('确认新密码').waitFor();
    await e.shot(page, '40-forced-password-change');
    await page.getByLabel('当前密码').fill(temporary);
    await page.getByLabel('新密码', { exact: true }).fill('Jiangbei2026x');
    await page.getByLabel('确认新密码').fill('Jiangbei2026x');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.waitForURL(/\/unit$/);

    // the user menu offers 修改密码 to everyone
    await page.getByRole('button', { name: /周杰/ }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: /修改密码/ }).count()).toBe(1);
  });

  it('left no errors in any browser console', () => {
    expect(e.consoleErrors.filter((m) => !/status of 40[13]/.test(m))).toEqual([]);
  });
});
