import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The server bundle of the web app (src/web/entry-server.tsx, built beside the browser's). */
interface Renderer {
  warm(): Promise<void>;
  render(url: string, opts: { me: unknown; get(url: string): Promise<unknown>; signal?: AbortSignal; onError?(error: unknown): void }): Promise<{ html: string; embedded: unknown }>;
}

/** Where the server bundle of a web build lives: dist/web → dist/web-ssr. */
export const ssrDirOf = (webDir: string) => join(dirname(webDir), `${basename(webDir)}-ssr`);

/**
 * The staff pages rendered here (src/web/pages.ts); other addresses redirect in the browser. Not
 * the pages whose default period starts from today (看板, 考核, 报告, 通报, 值班表): the browser
 * counts days on its own clock and zone, which the server's need not share, and the two renders
 * would then differ.
 */
const STAFF = /^\/(agent|dispatch|unit|inbox|visit|supervise|admin|security|kb|tickets(\/[\w-]+)?|account\/(password|totp))$/;

/** Signed-out pages kept rendered (the login page, the portal's addresses), oldest dropped first. */
const PUBLIC_KEPT = 64;

/** Past this the page is sent unrendered, as before: the browser draws it itself. */
const RENDER_LIMIT_MS = 1500;

/** The embedded data as a non-script block: `<` escaped so no text in it can close the element. */
const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * Server rendering of the web app's pages (issue 11: a cold load under 1 s). The browser shows the
 * page's markup — with its data — as soon as the HTML and the style sheet are in, instead of after
 * React and Ant Design have been fetched, evaluated and have asked the API; then the scripts take
 * the markup over (hydrateRoot, src/web/main.tsx).
 *
 * The data comes from the server's own API, called as the user who asked for the page (their
 * cookie): the same role checks, unit scope and masking as when the browser asks. Anything that
 * fails or takes too long falls back to the unrendered page, so rendering can only make a page
 * faster, never break it.
 */
export async function loadSsr(app: FastifyInstance, webDir: string, index: string): Promise<((request: FastifyRequest) => Promise<string | null>) | null> {
  const entry = join(ssrDirOf(webDir), 'entry-server.js');
  if (!existsSync(entry)) return null;
  const renderer = (await import(pathToFileURL(entry).href)) as Renderer;
  const marker = '<div id="root"></div>';
  if (!index.includes(marker)) return null;
  renderer.warm().catch((error: unknown) => app.log.warn({ err: error }, 'pages not loaded ahead for server rendering'));
  // Rendered once per address: with nobody signed in, a page is the same for everyone, and anyone may
  // ask for it — rendering each time would let a flood of requests cost the server far more than the
  // static page it replaced.
  const kept = new Map<string, string>();

  return async (request) => {
    const url = request.url;
    const path = url.split('?')[0]!;
    const portal = /^\/portal(\/|$)/.test(path);
    if (!portal && path !== '/login' && !STAFF.test(path)) return null;
    const headers = request.headers.cookie ? { cookie: request.headers.cookie } : {};
    const get = async (u: string) => {
      const res = await app.inject({ method: 'GET', url: u, headers: { ...headers, 'x-forwarded-for': request.ip } });
      if (res.statusCode !== 200) throw new Error(`GET ${u} → ${res.statusCode}`);
      return res.json();
    };
    try {
      const me = portal ? null : ((await get('/api/session')) as { user: { mustChangePassword?: boolean } | null }).user;
      // what the browser would redirect away from is left to the browser
      if (path === '/login' ? me : !portal && (!me || me.mustChangePassword)) return null;
      if (!me && kept.has(url)) return kept.get(url)!;
      let partial = false;
      const { html, embedded } = await renderer.render(url, {
        me,
        get,
        signal: AbortSignal.timeout(RENDER_LIMIT_MS),
        // the part is left to the browser; a defect all the same, so it is logged with its stack
        onError: (error: unknown) => {
          partial = true;
          request.log.error({ err: error, path }, 'server rendering failed in part of the page');
        },
      });
      const page = index.replace(marker, `<div id="root">${html}</div><script type="application/json" id="o12345-ssr">${json(embedded)}</script>`);
      if (!me && !partial) {
        if (kept.size >= PUBLIC_KEPT) kept.delete(kept.keys().next().value!);
        kept.set(url, page);
      }
      return page;
    } catch (error) {
      request.log.warn({ err: error, path }, 'page not rendered on the server; sent for the browser to render');
      return null;
    }
  };
}
