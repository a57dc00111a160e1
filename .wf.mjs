import { chromium } from 'playwright-core';
const [,, path, sel, user] = process.argv;
const url = process.env.URL ?? 'http://127.0.0.1:23457';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--no-first-run','--disable-sync'] });
let sid;
if (user) { const r = await fetch(url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'demo12345' }) }); sid = /o12345_sid=([^;]+)/.exec(r.headers.get('set-cookie'))[1]; }
for (let run = 0; run < 3; run++) {
  const ctx = await b.newContext({ viewport: { width: 1366, height: 768 } });
  if (sid) await ctx.addCookies([{ name: 'o12345_sid', value: sid, url }]);
  const page = await ctx.newPage();
  const t0 = Date.now();
  await page.goto(url + path);
  await page.waitForSelector(sel, { state: 'visible' });
  const t = Date.now() - t0;
  const res = await page.evaluate(() => performance.getEntriesByType('resource').map(r => [r.name.replace(location.origin, ''), Math.round(r.startTime), Math.round(r.responseEnd), r.initiatorType]));
  const nav = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return [Math.round(n.responseEnd), Math.round(n.domContentLoadedEventEnd), Math.round(n.loadEventEnd)]; });
  const paints = await page.evaluate(() => performance.getEntriesByType('paint').map(p => Math.round(p.startTime)));
  console.log('run', run, 'visible', t, 'nav(resp,dcl,load)', nav, 'paints', paints);
  if (run === 2) console.log(res.filter(r => r[1] < t).map(r => r.join(' ')).join('\n'));
  await ctx.close();
}
await b.close();
