import { StrictMode } from 'react';
import { prerender } from 'react-dom/static';
import { StaticRouter } from 'react-router';
import { PAGES } from './pages.ts';
import { ServerDataContext, type Embedded, type ServerData } from './preloaded.ts';
import { App, Providers } from './root.tsx';
import type { Me } from './types.ts';

export interface RenderOptions {
  me: Me | null;
  /** GET url as the user whose page this is (the server's own API, same checks and masking). */
  get(url: string): Promise<unknown>;
  signal?: AbortSignal;
  /** An error while rendering: the part it was in is left for the browser to render. */
  onError?(error: unknown): void;
}

/**
 * Renders a page on the server (issue 11: a cold load under 1 s — the browser shows the page's
 * markup before its scripts run, then takes it over). Built by Vite into dist/web-ssr and called
 * by src/server/web/ssr.ts. Waits for the page's lazy chunks and for the data its components ask
 * with usePreloaded; returns the markup and the data to send with it.
 */
export async function render(url: string, opts: RenderOptions): Promise<{ html: string; embedded: Embedded }> {
  const data: Record<string, unknown> = {};
  const asked = new Map<string, Promise<unknown>>();
  const server: ServerData = {
    load(u) {
      let p = asked.get(u);
      if (!p) {
        p = opts.get(u).then(
          (v) => ((data[u] = v), v),
          () => undefined,
        );
        asked.set(u, p);
      }
      return p;
    },
  };
  const { prelude } = await prerender(
    // the same tree as main.tsx renders in the browser, but for the router and the data
    <StrictMode>
      <ServerDataContext value={server}>
        <Providers>
          <StaticRouter location={url}>
            <App initial={{ user: opts.me }} />
          </StaticRouter>
        </Providers>
      </ServerDataContext>
    </StrictMode>,
    // every part inline, in order: React would otherwise send large parts after the rest with an
    // inline script to put them in place, which the Content-Security-Policy (no inline script) stops
    { signal: opts.signal, onError: opts.onError, progressiveChunkSize: Number.POSITIVE_INFINITY },
  );
  const html = await new Response(prelude as ReadableStream<Uint8Array>).text();
  return { html, embedded: { session: opts.me, data } };
}

/** Loads every page's module once, when the server starts: the first user of a page does not wait for it. */
export async function warm(): Promise<void> {
  await Promise.all(Object.values(PAGES).map((p) => p.load()));
}
