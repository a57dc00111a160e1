import type { ComponentType } from 'react';

/**
 * Every page of the app, each its own chunk (issue 11: a cold load under 1 s — the login page must
 * not carry the workspaces, nor a workspace the others). `when` is the addresses that show the
 * page: boot.ts starts loading that chunk before React itself has run. To add a page: one line
 * here, one <Route> in routes.tsx.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each page has props of its own
export interface PageChunk<P = any> {
  when: RegExp;
  load: () => Promise<ComponentType<P>>;
}

const page = <P>(when: RegExp, load: () => Promise<ComponentType<P>>): PageChunk<P> => ({ when, load });

export const PAGES = {
  // the frame of every staff workspace (menu, user menu): everywhere but the login page and portal
  AppLayout: page(/^\/(?!login$|portal(\/|$))/, () => import('./components/AppLayout.tsx').then((m) => m.AppLayout)),
  LoginPage: page(/^\/login$/, () => import('./pages/LoginPage.tsx').then((m) => m.LoginPage)),
  PortalPage: page(/^\/portal(\/|$)/, () => import('./pages/portal/PortalPage.tsx').then((m) => m.PortalPage)),
  AgentDesk: page(/^\/agent$/, () => import('./pages/agent/AgentDesk.tsx').then((m) => m.AgentDesk)),
  DispatchCenter: page(/^\/dispatch$/, () => import('./pages/dispatch/DispatchCenter.tsx').then((m) => m.DispatchCenter)),
  UnitInbox: page(/^\/unit$/, () => import('./pages/unit/UnitInbox.tsx').then((m) => m.UnitInbox)),
  InboxPage: page(/^\/inbox$/, () => import('./pages/inbox/InboxPage.tsx').then((m) => m.InboxPage)),
  VisitQueue: page(/^\/visit$/, () => import('./pages/visit/VisitQueue.tsx').then((m) => m.VisitQueue)),
  DashboardPage: page(/^\/dashboard$/, () => import('./pages/dashboard/DashboardPage.tsx').then((m) => m.DashboardPage)),
  ProvincePage: page(/^\/province$/, () => import('./pages/province/ProvincePage.tsx').then((m) => m.ProvincePage)),
  EvaluationPage: page(/^\/evaluation$/, () => import('./pages/evaluation/EvaluationPage.tsx').then((m) => m.EvaluationPage)),
  ReportsPage: page(/^\/reports$/, () => import('./pages/reports/ReportsPage.tsx').then((m) => m.ReportsPage)),
  BulletinsPage: page(/^\/bulletins$/, () => import('./pages/bulletins/BulletinsPage.tsx').then((m) => m.BulletinsPage)),
  BulletinPage: page(/^\/bulletins\/[^/]+$/, () => import('./pages/bulletins/BulletinPage.tsx').then((m) => m.BulletinPage)),
  SuperviseBoard: page(/^\/supervise$/, () => import('./pages/supervise/SuperviseBoard.tsx').then((m) => m.SuperviseBoard)),
  SubmissionsPage: page(/^\/submissions$/, () => import('./pages/submissions/SubmissionsPage.tsx').then((m) => m.SubmissionsPage)),
  DutyPage: page(/^\/duty$/, () => import('./pages/duty/DutyPage.tsx').then((m) => m.DutyPage)),
  ExpertsPage: page(/^\/experts$/, () => import('./pages/experts/ExpertsPage.tsx').then((m) => m.ExpertsPage)),
  AdminPage: page(/^\/admin$/, () => import('./pages/admin/AdminPage.tsx').then((m) => m.AdminPage)),
  SecurityPage: page(/^\/security$/, () => import('./pages/security/SecurityPage.tsx').then((m) => m.SecurityPage)),
  KbPage: page(/^\/kb$/, () => import('./pages/kb/KbPage.tsx').then((m) => m.KbPage)),
  TicketsPage: page(/^\/tickets$/, () => import('./pages/TicketsPage.tsx').then((m) => m.TicketsPage)),
  TicketPage: page(/^\/tickets\/[^/]+$/, () => import('./pages/ticket/TicketPage.tsx').then((m) => m.TicketPage)),
  ChangePasswordPage: page(/^\/account\/password$/, () => import('./pages/account/ChangePasswordPage.tsx').then((m) => m.ChangePasswordPage)),
  TotpPage: page(/^\/account\/totp$/, () => import('./pages/account/TotpPage.tsx').then((m) => m.TotpPage)),
};

/** Starts loading the chunks the address shows; a failure shows when the page renders. */
export function preloadFor(pathname: string): void {
  for (const p of Object.values(PAGES)) if (p.when.test(pathname)) p.load().catch(() => {});
}

/** The staff pages: what someone signed in may open from the menu or a list. */
const STAFF_PAGES = (Object.keys(PAGES) as Array<keyof typeof PAGES>).filter((k) => k !== 'LoginPage' && k !== 'PortalPage');

/**
 * Once the page in front of the user is up and the browser is idle, the staff pages are fetched in
 * the background: moving to another workspace or a ticket then waits for no download, as when the
 * app was one script — without making the first page wait for them. Not on the portal, whose users
 * (on phones) never open a staff page.
 */
export function prefetchStaffPages(): void {
  const run = () => STAFF_PAGES.forEach((k) => PAGES[k].load().catch(() => {}));
  const idle = () => (typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback(run, { timeout: 3000 }) : window.setTimeout(run, 500));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}
