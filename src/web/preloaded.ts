import { createContext, use, useContext } from 'react';
import type { Me } from './types.ts';

/**
 * Pages rendered on the server (issue 11: a cold load under 1 s): the server renders the page with
 * the answers of the GETs it makes first, and sends those answers with the HTML, so the browser's
 * first render — which takes over (hydrates) the server's markup — has the very same data and
 * draws the same thing, instead of a spinner while it asks again.
 */
export interface ServerData {
  /** The answer to GET url as the signed-in user (undefined when it failed: the page asks itself). */
  load(url: string): Promise<unknown>;
}

/** Set only while rendering on the server (src/web/entry-server.tsx). */
export const ServerDataContext = createContext<ServerData | null>(null);

/** What the server sent with the page: who is signed in and the answers it rendered with. */
export interface Embedded {
  session: Me | null;
  data: Record<string, unknown>;
}

/** The id of the <script type="application/json"> the server writes (not run, so the CSP holds). */
export const EMBEDDED_ID = 'o12345-ssr';

let embedded: Embedded | null | undefined;

/** The server's data for this page load, or null when the page was not rendered on the server. */
export function embeddedData(): Embedded | null {
  if (embedded !== undefined) return embedded;
  const el = typeof document === 'undefined' ? null : document.getElementById(EMBEDDED_ID);
  embedded = el?.textContent ? (JSON.parse(el.textContent) as Embedded) : null;
  return embedded;
}

/**
 * The first answer to GET url: on the server it waits for it (the page renders with its data); in
 * the browser, the answer the server rendered with, during the first render only. Undefined
 * otherwise — the component then loads as it always did.
 */
export function usePreloaded<T>(url: string): T | undefined {
  const server = useContext(ServerDataContext);
  if (server) return use(server.load(url)) as T | undefined;
  return embeddedData()?.data[url] as T | undefined;
}

/**
 * The answers belong to the page the server rendered: once the user moves on (main.tsx), a page
 * asks the API itself. (Not dropped at the first use: the parts of a page are taken over one by one
 * as their scripts arrive, and each must find what the server drew with.)
 */
export function forgetEmbedded(): void {
  if (embeddedData()) embedded = { session: embedded!.session, data: {} };
}
