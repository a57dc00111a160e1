import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';
import { ensureWebBuilt } from '../../src/cli/web-build.ts';
import { serverPort } from '../ports.ts';

const ROOT = join(import.meta.dirname, '../..');
export const SHOTS = join(ROOT, 'test-results/e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2E {
  url: string;
  browser: Browser;
  /** A fresh page (1366×768 unless told, e.g. a phone's 375×667) that records console errors. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  login(page: Page, username: string): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
  /** Every console error and uncaught page error so far, as "url: message". */
  consoleErrors: string[];
  /**
   * Console errors this file expects (e.g. a 403 the test provokes on purpose), for the rest of the
   * file; every other error fails the test it happened in.
   */
  allowConsoleErrors(...patterns: RegExp[]): void;
  /** After a failed test: a screenshot of each open page, what it says, its last API calls and the server's log. */
  diagnose(test: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Issue 11: no browser test can forget to check the console. This module is imported by every e2e
 * file, so the hook below runs after each of its tests: an error logged in the console or thrown
 * uncaught in a page during the test (not allowed by the file) fails that test.
 */
let current: { e: E2E; checked: number; allowed: RegExp[] } | null = null;
afterEach(async (ctx) => {
  if (!current) return;
  // a failure seen only in CI must be readable from CI's output alone
  if (ctx.task.result?.state === 'fail') await current.e.diagnose(ctx.task.name).catch((e: unknown) => console.log(`diagnose: ${String(e)}`));
  // an error thrown by the test's last click may still be on its way from the page
  await new Promise((r) => setTimeout(r, 50));
  const fresh = current.e.consoleErrors.slice(current.checked);
  current.checked = current.e.consoleErrors.length;
  const allowed = current.allowed;
  expect(fresh.filter((m) => !allowed.some((p) => p.test(m))), 'console errors or uncaught page errors during this test').toEqual([]);
});

/** Starts `open12345 serve` on a fresh embedded database with the demo city (without its history), and Chromium. */
export async function startE2E(opts: { env?: Record<string, string> } = {}): Promise<E2E> {
  await ensureWebBuilt(() => {});
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'o12345-e2e-'));
  const port = serverPort('browser');
  const server: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/open12345.js'), 'serve'], {
    // an empty demo city (DEMO_HISTORY=off): each file starts a server, and its lists hold only what its tests made
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, JOBS: 'false', DEMO_HISTORY: 'off', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    // two minutes: migrations and the demo city on a busy 2-core machine
    if (i > 600) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  const consoleErrors: string[] = [];
  const opened: { page: Page; trail: string[] }[] = [];
  const allowed: RegExp[] = [];
  const e: E2E = {
    url,
    browser,
    consoleErrors,
    allowConsoleErrors(...patterns) {
      allowed.push(...patterns);
    },
    async page(viewport = { width: 1366, height: 768 }) {
      const ctx = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await ctx.newPage();
      page.on('console', (m) => {
        // a CSP violation is reported whatever the message's level (issue 10: the app passes its CSP)
        if (m.type() === 'error' || /Content[- ]Security[- ]Policy/i.test(m.text())) consoleErrors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
      const trail: string[] = [];
      opened.push({ page, trail });
      const note = (line: string) => {
        trail.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
        if (trail.length > 20) trail.shift();
      };
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/api/')) note(`${r.request().method()} ${u.pathname}${u.search} → ${r.status()}`);
      });
      page.on('requestfailed', (r) => note(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText ?? ''}`));
      // A page rendered on the server shows before its scripts run: act once it responds, as a user
      // does (src/web/taken-over.tsx). Every navigation of the tests goes through here.
      const goto = page.goto.bind(page);
      page.goto = async (...args: Parameters<Page['goto']>) => {
        const res = await goto(...args);
        if (!new URL(page.url()).pathname.startsWith('/api/')) await takenOver(page);
        return res;
      };
      return page;
    },
    async login(page, username) {
      await page.goto(`${url}/login`);
      await takenOver(page);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill('demo12345');
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      // each page is a chunk of its own (src/web/pages.ts): the workspace is there once it has rendered
      await page.waitForFunction(() => !document.querySelector('[data-page-loading]'), null, { timeout: 30_000 });
    },
    async shot(page, name) {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
    },
    async diagnose(test) {
      const slug = test.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
      const out = [`==== diagnosis of failed test: ${test}`];
      for (const [i, { page, trail }] of opened.entries()) {
        if (page.isClosed()) continue;
        const file = join(SHOTS, `FAILED-${slug}-${i}.png`);
        await page.screenshot({ path: file, timeout: 5_000 }).catch(() => {});
        const said = await page
          .evaluate(() => [...document.querySelectorAll('.ant-message-notice, .ant-alert, .ant-form-item-explain-error, .ant-modal-title, [role=alert]')].map((n) => n.textContent?.trim()).filter(Boolean))
          .catch((err: unknown) => [`(page not readable: ${String(err)})`]);
        out.push(`-- page ${i} ${page.url()} (screenshot ${file})`, `   shows: ${JSON.stringify(said)}`, ...trail.map((t) => `   ${t}`));
      }
      // the server's warnings, errors and refused requests (its access log of assets is noise here)
      const worth = log.split('\n').filter((l) => l && (!l.includes('"level":30') || /"statusCode":[45]\d\d/.test(l)));
      out.push('-- server log, warnings, errors and 4xx/5xx (last 3,000 characters):', worth.join('\n').slice(-3000));
      console.log(out.join('\n'));
    },
    async close() {
      if (current?.e === e) current = null;
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  current = { e, checked: 0, allowed };
  return e;
}

/** Waits until the page's scripts have taken it over (`<html data-app="ready">`, src/web/taken-over.tsx). */
export async function takenOver(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.app === 'ready', null, { timeout: 30_000 });
}

/** A signed-in API client for setup. */
export async function apiClient(url: string, username: string) {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${url}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const json = await r.json();
    if (!r.ok) throw new Error(`${username} ${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { get: (path: string) => call('GET', path), post: (path: string, body: unknown = {}) => call('POST', path, body) };
}

/**
 * Picks `title` in the select behind `input` and waits for its list to close: on a busy machine a
 * click can land while the list is still opening, leaving it open over the next field.
 */
export async function choose(page: Page, input: Locator, title: string) {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if ((await input.getAttribute('aria-expanded')) !== 'true') await input.click();
    await page.locator(`.ant-select-item-option[title="${title}"]`).first().click({ timeout: 10_000 });
    const closed = await expect
      .poll(() => input.getAttribute('aria-expanded'), { timeout: 3000 })
      .toBe('false')
      .then(() => true)
      .catch(() => false);
    if (closed) return;
    await page.keyboard.press('Escape');
  }
  throw new Error(`could not choose ${title}`);
}
