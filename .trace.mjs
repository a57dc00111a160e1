import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const path = process.argv[2] ?? '/login';
const sel = process.argv[3] ?? 'input#username';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--no-first-run','--disable-sync'] });
// warm
for (let run = 0; run < 2; run++) {
  const ctx = await b.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  if (run === 1) await b.startTracing(page, { path: '/tmp/trace.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'loading', 'v8.execute'] });
  const t0 = Date.now();
  await page.goto('http://127.0.0.1:23457' + path);
  await page.waitForSelector(sel, { state: 'visible' });
  console.log('visible after', Date.now() - t0);
  if (run === 1) await b.stopTracing();
  await ctx.close();
}
await b.close();
const ev = JSON.parse(readFileSync('/tmp/trace.json', 'utf8')).traceEvents;
const nav = ev.find(e => e.name === 'navigationStart' ) ?? ev[0];
const t0 = nav.ts;
// main thread: thread with most RunTask of renderer
const byName = new Map();
const rendererMain = ev.filter(e => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map(e => `${e.pid}:${e.tid}`);
for (const e of ev) {
  if (e.ph !== 'X' || !rendererMain.includes(`${e.pid}:${e.tid}`)) continue;
  byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur);
}
console.log([...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms ${k}`).join('\n'));
const marks = ev.filter(e => ['firstPaint','firstContentfulPaint','domContentLoadedEventEnd','loadEventEnd','MarkDOMContent','MarkLoad'].includes(e.name)).map(e => `${e.name} ${((e.ts - t0)/1000).toFixed(0)}`);
console.log(marks.join('\n'));
// long tasks timeline
const tasks = ev.filter(e => e.ph === 'X' && e.name === 'RunTask' && rendererMain.includes(`${e.pid}:${e.tid}`) && e.dur > 30000).map(e => `${((e.ts - t0)/1000).toFixed(0)}+${(e.dur/1000).toFixed(0)}`);
console.log('long tasks:', tasks.join(' '));
