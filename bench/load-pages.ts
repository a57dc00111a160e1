import { query } from '../src/web/api.ts';
import { changeGate } from '../src/web/live-gate.ts';
import { totalsUrl } from '../src/web/list-totals.ts';
import type { Http } from './load-clients.ts';

/**
 * What the browsers holding the live stream ask for when a change reaches them (BENCH_LIVE_PAGES=1):
 * each page refreshes as the web does (src/web/live-gate.ts: 150 ms after a burst's first change, then
 * at most once a second), with the requests its open views make. Who holds the 2,000 streams is an
 * estimate, stated here to be argued with:
 *
 * - 100 of the center's dispatchers on 派单中心 (pages/dispatch/DispatchCenter.tsx): the 待我审批 badge
 *   (GET /api/inbox/counts, one for the page however many views show it: web/inbox.ts) and the 待派单 queue;
 * - 20 clerks in each of the two units the bench's tickets go to, on 本单位工单 (pages/unit/UnitInbox.tsx):
 *   the badge, the five tabs' counts in one request (GET /api/tickets/totals) and the list of the tab
 *   shown (待签收). `BENCH_UNIT_PAGE=lists` has them ask as the page did before: every tab's list, each
 *   tab rendered at once (forceRender), for its rows and its count;
 * - the other streams are the agents' at the registration desk, where no list follows the stream.
 *
 * The center hears every change; a unit only its own tickets' (live/hub.ts).
 */
export const LIVE_PAGES = { dispatchers: 100, clerksPerUnit: 20 } as const;

export type PageKind = 'live-badge' | 'live-queue' | 'live-unit-tabs';

/** The list a TicketTable loads first (components/TicketTable.tsx: ticketListUrl, page 1 of 10). */
const list = (filter: Record<string, string>) => `/api/tickets${query({ ...filter, page: 1, pageSize: 10 })}`;

const QUEUE = list({ status: 'registered' });
const UNIT_FILTERS: Array<Record<string, string>> = [
  { assignmentStatus: 'dispatched' },
  { assignmentStatus: 'handling' },
  { assignmentStatus: 'replied' },
  { assignmentStatus: 'return_requested,returned' },
  { assignmentStatus: 'completed', status: 'closed,archived,visiting' },
];
/** What a unit's page asks for on a change: the page as it is (web/list-totals.ts), or as it was. */
export const UNIT_PAGE = process.env.BENCH_UNIT_PAGE === 'lists' ? 'lists' : 'totals';
const UNIT_TABS = UNIT_PAGE === 'lists' ? UNIT_FILTERS.map(list) : [totalsUrl(UNIT_FILTERS), list(UNIT_FILTERS[0]!)];

export interface PageHolder {
  cookie: string;
  page: 'dispatch' | 'unit' | null;
}

/** The streams' holders in order: the dispatchers, each unit's clerks, then the agents. */
export function pageHolders(total: number, cookies: { dispatcher: string; agent: string; units: string[] }): PageHolder[] {
  const out: PageHolder[] = [];
  for (let i = 0; i < LIVE_PAGES.dispatchers; i += 1) out.push({ cookie: cookies.dispatcher, page: 'dispatch' });
  for (const unit of cookies.units) for (let i = 0; i < LIVE_PAGES.clerksPerUnit; i += 1) out.push({ cookie: unit, page: 'unit' });
  while (out.length < total) out.push({ cookie: cookies.agent, page: null });
  return out.slice(0, total);
}

/** Where a page's request is counted: the current hold's tallies, or nowhere between holds. */
export type PageSink = ((kind: PageKind, ms: number | Error) => void) | null;

/**
 * One gate per page that refreshes; `offer(stream)` for each change a stream receives. A refresh's
 * requests go out together (as the page's views load at once) and each is timed from the refresh.
 */
export function livePages(http: Http, holders: readonly PageHolder[], sink: () => PageSink): { offer(stream: number): void; stop(): void } {
  const timed = (kind: PageKind, path: string, cookie: string) => {
    const t0 = performance.now();
    http.call('GET', path, { cookie }).then(
      () => sink()?.(kind, performance.now() - t0),
      (error: Error) => sink()?.(kind, error),
    );
  };
  const gates = holders.map((h) =>
    h.page === null
      ? null
      : changeGate(() => {
          if (!sink()) return;
          timed('live-badge', '/api/inbox/counts', h.cookie);
          if (h.page === 'dispatch') timed('live-queue', QUEUE, h.cookie);
          else for (const path of UNIT_TABS) timed('live-unit-tabs', path, h.cookie);
        }),
  );
  return {
    offer: (stream) => gates[stream]?.offer(),
    stop: () => gates.forEach((g) => g?.stop()),
  };
}
