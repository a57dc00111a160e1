import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

// Issue 11: a link opened while signed out is not lost at the login page — and the login page
// sends nobody to another site (no open redirect).
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

async function signIn(page: import('playwright-core').Page, username: string) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo12345');
  await page.keyboard.press('Enter');
}

describe('after signing in', () => {
  it('opens the page whose link was opened signed out', async () => {
    const page = await e.page();
    await page.goto(`${e.url}/tickets?status=registered`);
    await page.waitForURL((u) => u.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/tickets?status=registered');
    await signIn(page, 'dispatcher');
    await page.waitForURL((u) => u.pathname === '/tickets');
    expect(new URL(page.url()).search).toBe('?status=registered');
  });

  it('goes to the workspace, never to another site, whatever next says', async () => {
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const page = await e.page();
      await page.goto(`${e.url}/login?next=${encodeURIComponent(next)}`);
      await signIn(page, 'visitor');
      await page.waitForURL((u) => u.pathname === '/visit');
      expect(new URL(page.url()).origin).toBe(e.url);
      await page.context().close();
    }
  });
});
