import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * Issue 11 (a cold load under 1 s): pages rendered on the server (src/server/web/ssr.ts). The web
 * build's server bundle is stood in for by a small module, so that what the server does around it
 * — whose data, what is sent, what happens when rendering fails — is tested without a Vite build
 * (the browser tests, test/e2e/server-render.test.ts, run the real one).
 */
const RENDERER = `
export async function warm() {}
let renders = 0;
export async function render(url, { me, get, signal }) {
  renders += 1;
  if (url.startsWith('/tickets/boom')) throw new Error('boom');
  if (url.startsWith('/tickets/slow')) await new Promise((resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
  // signed out (the login page, the portal) there is no list to ask for
  const list = me ? await get('/api/tickets?status=registered') : { total: 0 };
  return {
    html: '<main>' + (me ? me.username : '访客') + ' ' + url + ' 共' + list.total + '件</main><p>第' + renders + '次渲染</p>',
    embedded: { session: me, data: { '/api/tickets?status=registered': list, note: '</script><script>alert(1)</script>\\u2028' } },
  };
}
`;
let dir: string;
let t: TestApp;
let off: TestApp;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'o12345-ssr-'));
  dir = join(root, 'web');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  mkdirSync(`${dir}-ssr`);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-AbC123.js"></script></body></html>');
  writeFileSync(join(dir, 'assets/index-AbC123.js'), 'console.log(1)');
  writeFileSync(join(`${dir}-ssr`, 'package.json'), '{ "type": "module" }');
  writeFileSync(join(`${dir}-ssr`, 'entry-server.js'), RENDERER);
  t = await buildTestApp({ server: { webDir: dir } });
  off = await buildTestApp({ server: { webDir: dir, ssr: false } });
  await t.as('agent').post('/api/tickets', newTicket({ content: '小区门口路灯不亮' }));
}, 240_000);
afterAll(async () => {
  await t?.close();
  await off?.close();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('pages rendered on the server (issue 11)', () => {
  it('renders a workspace with the data its user may see, sent with the page and never cached', async () => {
    const res = await t.as('dispatcher').get('/dispatch');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body).toMatch(/<div id="root"><main>dispatcher \/dispatch 共1件<\/main><p>第\d+次渲染<\/p><\/div>/);
    const embedded = JSON.parse(/<script type="application\/json" id="o12345-ssr">(.*?)<\/script>/s.exec(res.body)![1]!);
    expect(embedded.session.username).toBe('dispatcher');
    expect(embedded.data['/api/tickets?status=registered'].items[0].excerpt).toContain('路灯不亮');
  });

  it('asks the API as the user: a unit sees its own count, not the hotline’s queue', async () => {
    const res = await t.as('handler1').get('/unit');
    expect(res.body).toContain('handler1 /unit 共0件');
  });

  it('no text in the data can end its element or run as script', async () => {
    const res = await t.as('dispatcher').get('/dispatch');
    const block = /<script type="application\/json" id="o12345-ssr">(.*?)<\/script>/s.exec(res.body)![1]!;
    expect(block).not.toMatch(/<\/script|<script/i);
    expect(block).not.toContain('\u2028');
    expect(JSON.parse(block).data.note).toBe('</script><script>alert(1)</script>\u2028');
  });

  it('signed out, a workspace and a ticket get the bare page; the login page and the portal are rendered', async () => {
    for (const url of ['/dispatch', '/tickets/0b6f']) {
      const res = await t.app.inject({ url });
      expect(res.body).toContain('<div id="root"></div>');
      expect(res.body).not.toContain('o12345-ssr');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    expect((await t.app.inject({ url: '/login' })).body).toContain('<main>访客 /login 共');
    expect((await t.app.inject({ url: '/portal/track?no=1' })).body).toContain('<main>访客 /portal/track?no=1 共');
  });

  it('a signed-out page is rendered once per address, not at every request; a signed-in one each time', async () => {
    const first = (await t.app.inject({ url: '/portal/guide' })).body;
    const again = (await t.app.inject({ url: '/portal/guide' })).body;
    expect(first).toMatch(/第\d+次渲染/);
    expect(again).toBe(first);
    const a = (await t.as('dispatcher').get('/dispatch')).body;
    const b = (await t.as('dispatcher').get('/dispatch')).body;
    expect(/第(\d+)次渲染/.exec(b)![1]).not.toBe(/第(\d+)次渲染/.exec(a)![1]);
  });

  it('the login page of someone signed in, and addresses the browser redirects, are left to the browser', async () => {
    for (const url of ['/login', '/', '/nowhere']) expect((await t.as('agent').get(url)).body).toContain('<div id="root"></div>');
  });

  it('a page that fails to render, or takes too long, is sent bare — never an error', async () => {
    const boom = await t.as('dispatcher').get('/tickets/boom');
    expect(boom.statusCode).toBe(200);
    expect(boom.body).toContain('<div id="root"></div>');
    const started = Date.now();
    const slow = await t.as('dispatcher').get('/tickets/slow');
    expect(slow.statusCode).toBe(200);
    expect(slow.body).toContain('<div id="root"></div>');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('SSR=off sends every page bare', async () => {
    const res = await off.as('dispatcher').get('/dispatch');
    expect(res.body).toContain('<div id="root"></div>');
    expect(res.headers['cache-control']).toBe('no-cache');
  });
});
