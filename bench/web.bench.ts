/**
 * bench:web — cold page loads in Chromium (issue 11: "a cold load takes 2.0–3.9 s; the site is one
 * 1.48 MB script served uncompressed"). For /login, the portal and each workspace, as the role
 * that works there: a new browser context each time (empty cache), the Navigation Timing of the
 * load, the time until the page's main content is in place, and the script bytes it fetched
 * (compressed on the wire, and decoded). The median of BENCH_RUNS runs.
 *
 * In the same run, beside it, the build as it was before issue 11: the same sources as one script
 * (no code splitting) served without compression (COMPRESSION=off). Both servers run at once on
 * fresh demo cities and are measured in turns, so a busy machine slows both alike.
 *
 *   npm run bench:web
 *   BENCH_RUNS=9 npm run bench:web
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildWeb } from '../src/cli/web-build.ts';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The targets of issue 11. */
const READY_TARGET_MS = 1000;
const LOGIN_SCRIPT_TARGET_KB = 250;

/**
 * The pages: where, as whom, and what shows that the page's main content is there (it must be in
 * the document, with no spinner or skeleton anywhere, for 300 ms on end).
 */
const PAGES: Array<{ name: string; path: string; user?: string; ready: string }> = [
  // the ceiling: the login form as plain HTML with the same style sheet and no script at all —
  // what this machine's Chromium needs for any page, however it is built
  { name: '下限：静态登录表单（无脚本）', path: '/floor.html', ready: 'input#username' },
  { name: '登录 /login', path: '/login', ready: 'input#username' },
  { name: '公众门户 /portal', path: '/portal', ready: 'textarea' },
  { name: '坐席工作台 /agent', path: '/agent', user: 'agent', ready: '.ant-layout-content textarea' },
  { name: '派单中心 /dispatch', path: '/dispatch', user: 'dispatcher', ready: '.ant-layout-content .ant-table-tbody' },
  { name: '承办单位 /unit', path: '/unit', user: 'handler1', ready: '.ant-layout-content .ant-table-tbody' },
  { name: '回访 /visit', path: '/visit', user: 'visitor', ready: '.ant-layout-content .ant-table-tbody' },
  { name: '督办 /supervise', path: '/supervise', user: 'supervisor', ready: '.ant-layout-content .ant-table-tbody' },
  { name: '工单查询 /tickets', path: '/tickets', user: 'agent', ready: '.ant-layout-content .ant-table-tbody' },
  { name: '知识库 /kb', path: '/kb', user: 'kbeditor', ready: '.ant-layout-content [role="tabpanel"] input' },
  { name: '系统管理 /admin', path: '/admin', user: 'admin', ready: '.ant-layout-content [role="tabpanel"] :is(.ant-tree-treenode, .ant-table-row)' },
];

interface Sample {
  /** Navigation Timing: the end of the load event (ms from navigation start). */
  load: number;
  /** When the page's main content was in place (ms from navigation start). */
  ready: number;
  /** When the page's scripts had taken it over, so that it responds (`<html data-app="ready">`, src/web/taken-over.tsx). */
  interactive: number;
  scripts: number;
  /** Script bodies as they came over the wire (compressed when the server compressed them). */
  encoded: number;
  decoded: number;
}

interface Variant {
  name: string;
  url: string;
  server: ChildProcess;
  dataDir: string;
  cookies: Map<string, string>;
  samples: Map<string, Sample[]>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The ceiling page (see PAGES), written beside the build before its server starts. */
function writeFloor(webDir: string): void {
  const css = readdirSync(join(webDir, 'assets')).filter((f) => f.endsWith('.css'));
  const links = css.map((f) => `<link rel="stylesheet" href="/assets/${f}">`).join('');
  writeFileSync(
    join(webDir, 'floor.html'),
    `<!doctype html><html lang="zh-CN" data-app="ready"><head><meta charset="UTF-8"><title>12345</title>${links}</head><body>` +
      `<form class="ant-form ant-form-vertical" style="width:330px;margin:200px auto"><h3>12345 政务服务便民热线</h3>` +
      `<label for="username">用户名</label><input id="username" class="ant-input ant-input-outlined">` +
      `<label for="password">密码</label><input id="password" type="password" class="ant-input ant-input-outlined">` +
      `<button class="ant-btn ant-btn-primary ant-btn-block" type="submit">登录</button></form></body></html>`,
  );
}

async function startServer(name: string, webDir: string, env: Record<string, string>): Promise<Variant> {
  const dataDir = mkdtempSync(join(tmpdir(), 'o12345-benchweb-'));
  const port = 23000 + Math.floor(Math.random() * 6000);
  const server = spawn(process.execPath, [join(ROOT, 'bin/open12345.js'), 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, JOBS: 'false', WEB_DIR: webDir, LOG_LEVEL: 'warn', NODE_ENV: '', DEMO_HISTORY: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 300) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const cookies = new Map<string, string>();
  for (const user of new Set(PAGES.map((p) => p.user).filter((u): u is string => !!u))) {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'demo12345' }) });
    const sid = /o12345_sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    if (!res.ok || !sid) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
    cookies.set(user, sid);
  }
  return { name, url, server, dataDir, cookies, samples: new Map() };
}

/**
 * Runs in the page before its own scripts: notes when the ready selector holds, with no spinner,
 * for 300 ms on end. A string, not a function: tsx would wrap a function's inner functions in a
 * helper (__name) that the page does not have.
 */
const watchReady = (selector: string) => `(() => {
  const selector = ${JSON.stringify(selector)};
  let since = null;
  const check = () => {
    app();
    const ok = !!document.querySelector(selector) && !document.querySelector('.ant-spin-spinning, .ant-skeleton-active');
    if (ok && since === null) since = performance.now();
    if (!ok) since = null;
  };
  const app = () => {
    if (document.documentElement && document.documentElement.dataset.app === 'ready' && window.__interactive === undefined) window.__interactive = performance.now();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const tick = () => {
    check();
    if (window.__ready === undefined && since !== null && performance.now() - since >= 300) window.__ready = since;
    // a page rendered on the server is ready before its scripts take it over: watch on for that
    if (window.__ready !== undefined && window.__interactive !== undefined) observer.disconnect();
    else setTimeout(tick, 10);
  };
  tick();
})();`;

async function measure(browser: Browser, v: Variant, p: (typeof PAGES)[number]): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    if (p.user) await context.addCookies([{ name: 'o12345_sid', value: v.cookies.get(p.user)!, url: v.url }]);
    await context.addInitScript({ content: watchReady(p.ready) });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${v.url}${p.path}`, { waitUntil: 'load' });
    await page
      .waitForFunction(() => (window as unknown as { __ready?: number }).__ready !== undefined && (window as unknown as { __interactive?: number }).__interactive !== undefined, null, { timeout: 30_000, polling: 50 })
      .catch(async (error: Error) => {
        const spinning = await page.locator('.ant-spin-spinning, .ant-skeleton-active').count();
        throw new Error(`${v.name} ${p.path}: "${p.ready}" not ready (${await page.locator(p.ready).count()} found, ${spinning} spinners) at ${page.url()}: ${error.message}`);
      });
    if (errors.length) throw new Error(`${p.path}: ${errors.join('; ')}`);
    if (new URL(page.url()).pathname !== p.path) throw new Error(`${p.path} went to ${page.url()}`);
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const ready = (window as unknown as { __ready: number }).__ready;
      const interactive = (window as unknown as { __interactive: number }).__interactive;
      // what the page needed to work; the staff pages fetched afterwards, when idle, are not counted
      const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => /\.js(\?|$)/.test(r.name) && r.responseEnd <= Math.max(ready, interactive));
      return {
        load: nav.loadEventEnd,
        ready,
        interactive,
        scripts: scripts.length,
        encoded: scripts.reduce((n, r) => n + r.encodedBodySize, 0),
        decoded: scripts.reduce((n, r) => n + r.decodedBodySize, 0),
      };
    });
  } finally {
    await context.close();
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'o12345-benchweb-build-'));
  const variants: Variant[] = [];
  let browser: Browser | null = null;
  try {
    process.stdout.write('building: split + pre-compressed (now), and one script (before issue 11)…\n');
    await buildWeb(join(tmp, 'split'));
    await buildWeb(join(tmp, 'single'), { singleChunk: true });
    writeFloor(join(tmp, 'split'));
    writeFloor(join(tmp, 'single'));
    variants.push(await startServer('now', join(tmp, 'split'), { COMPRESSION: 'on' }));
    variants.push(await startServer('before', join(tmp, 'single'), { COMPRESSION: 'off' }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
    // one unmeasured pass: the servers' first answers (query plans, JIT) are not what a user meets daily
    for (const v of variants) for (const p of PAGES) await measure(browser, v, p);
    for (let run = 0; run < RUNS; run += 1) {
      for (const p of PAGES) {
        for (const v of run % 2 ? [...variants].reverse() : variants) {
          const s = await measure(browser, v, p);
          v.samples.set(p.name, [...(v.samples.get(p.name) ?? []), s]);
        }
      }
      process.stdout.write(`  run ${run + 1}/${RUNS}\n`);
    }
  } finally {
    await browser?.close();
    for (const v of variants) {
      v.server.kill('SIGTERM');
      await new Promise((r) => v.server.once('exit', r));
      rmSync(v.dataDir, { recursive: true, force: true });
    }
    rmSync(tmp, { recursive: true, force: true });
  }

  const [now, before] = variants as [Variant, Variant];
  const stat = (v: Variant, page: string) => {
    const xs = v.samples.get(page)!;
    return { load: median(xs.map((x) => x.load)), ready: median(xs.map((x) => x.ready)), interactive: median(xs.map((x) => x.interactive)), scripts: xs[0]!.scripts, encoded: median(xs.map((x) => x.encoded)), decoded: median(xs.map((x) => x.decoded)) };
  };
  process.stdout.write(`\nCold loads in Chromium, median of ${RUNS} (new context each time, empty cache, 1366×768), this machine\n\n`);
  process.stdout.write('| page | load event | content ready | responds | scripts (files, wire / decoded) | before: load event | before: content ready | before: responds | before: scripts | ready, now / before | ready, now / ceiling |\n');
  process.stdout.write('|---|---|---|---|---|---|---|---|---|---|---|\n');
  const ceiling = stat(now, PAGES[0]!.name).ready;
  let worst = 0;
  let loginScript = 0;
  for (const p of PAGES) {
    const a = stat(now, p.name);
    const b = stat(before, p.name);
    if (p.path !== '/floor.html') worst = Math.max(worst, a.ready, a.load);
    if (p.path === '/login') loginScript = a.encoded;
    process.stdout.write(
      `| ${p.name} | ${ms(a.load)} | ${ms(a.ready)} | ${p.path === '/floor.html' ? '—' : ms(a.interactive)} | ${a.scripts}, ${kb(a.encoded)} / ${kb(a.decoded)} | ${ms(b.load)} | ${ms(b.ready)} | ${p.path === '/floor.html' ? '—' : ms(b.interactive)} | ${b.scripts}, ${kb(b.encoded)} / ${kb(b.decoded)} | ${(a.ready / b.ready).toFixed(2)} | ${(a.ready / ceiling).toFixed(1)} |\n`,
    );
  }
  process.stdout.write(
    `\nslowest page (load event or content ready): ${ms(worst)} (target < ${READY_TARGET_MS} ms: ${worst < READY_TARGET_MS ? 'met' : 'NOT met'}); ` +
      `login page script on the wire: ${kb(loginScript)} (target < ${LOGIN_SCRIPT_TARGET_KB} KB: ${loginScript < LOGIN_SCRIPT_TARGET_KB * 1024 ? 'met' : 'NOT met'})\n`,
  );
}

await main();
