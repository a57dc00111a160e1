import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, Route, Routes, useLocation, useSearchParams } from 'react-router';
import { loginFor, safeNext } from './next.ts';
import type { Me } from './types.ts';
import { PAGES, type PageChunk } from './pages.ts';
import { homeOf, useSession } from './session.tsx';
import { TakenOver } from './taken-over.tsx';

// Each page renders from its own chunk (pages.ts); the Suspense below shows a spinner meanwhile.
const lazyPage = <P,>(p: PageChunk<P>) => lazy(() => p.load().then((c: ComponentType<P>) => ({ default: c })));
const AppLayout = lazyPage(PAGES.AppLayout);
const LoginPage = lazyPage(PAGES.LoginPage);
const PortalPage = lazyPage(PAGES.PortalPage);
const AgentDesk = lazyPage(PAGES.AgentDesk);
const DispatchCenter = lazyPage(PAGES.DispatchCenter);
const UnitInbox = lazyPage(PAGES.UnitInbox);
const VisitQueue = lazyPage(PAGES.VisitQueue);
const SuperviseBoard = lazyPage(PAGES.SuperviseBoard);
const EvaluationPage = lazyPage(PAGES.EvaluationPage);
const DashboardPage = lazyPage(PAGES.DashboardPage);
const ProvincePage = lazyPage(PAGES.ProvincePage);
const ReportsPage = lazyPage(PAGES.ReportsPage);
const BulletinsPage = lazyPage(PAGES.BulletinsPage);
const BulletinPage = lazyPage(PAGES.BulletinPage);
const AdminPage = lazyPage(PAGES.AdminPage);
const DutyPage = lazyPage(PAGES.DutyPage);
const SubmissionsPage = lazyPage(PAGES.SubmissionsPage);
const ExpertsPage = lazyPage(PAGES.ExpertsPage);
const SecurityPage = lazyPage(PAGES.SecurityPage);
const KbPage = lazyPage(PAGES.KbPage);
const TicketsPage = lazyPage(PAGES.TicketsPage);
const TicketPage = lazyPage(PAGES.TicketPage);
const InboxPage = lazyPage(PAGES.InboxPage);
const ChangePasswordPage = lazyPage(PAGES.ChangePasswordPage);
const TotpPage = lazyPage(PAGES.TotpPage);

const fallback = (
  // data-page-loading: tests wait for it to go (test/e2e/harness.ts)
  <div data-page-loading style={{ display: 'flex', justifyContent: 'center', paddingTop: 200 }}>
    <Spin size="large" />
  </div>
);

/** Signed out: to the login page, which brings the user back here afterwards (?next=). */
function ToLogin() {
  const l = useLocation();
  const { signedOut } = useSession();
  return <Navigate to={signedOut ? '/login' : loginFor(`${l.pathname}${l.search}${l.hash}`)} replace />;
}

/** /login while signed in: on to where the link pointed, or the workspace. */
function FromLogin({ me }: { me: Me }) {
  const [params] = useSearchParams();
  return <Navigate to={me.mustChangePassword ? '/' : (safeNext(params.get('next')) ?? homeOf(me))} replace />;
}

export function AppRoutes() {
  const { me, loading } = useSession();
  if (loading) return fallback;
  return (
    <Suspense fallback={fallback}>
      <Routes>
        <Route path="/portal/*" element={<><PortalPage /><TakenOver /></>} />
        <Route path="/login" element={me ? <FromLogin me={me} /> : <><LoginPage /><TakenOver /></>} />
        {me?.mustChangePassword ? (
          // A password the system handed out: nothing else until the account has one of its own.
          <Route path="*" element={<><ChangePasswordPage forced /><TakenOver /></>} />
        ) : me ? (
          <Route element={<AppLayout />}>
            <Route path="/" element={<Navigate to={homeOf(me)} replace />} />
            <Route path="/agent" element={<AgentDesk />} />
            <Route path="/dispatch" element={<DispatchCenter />} />
            <Route path="/unit" element={<UnitInbox />} />
            <Route path="/inbox" element={<InboxPage />} />
            <Route path="/visit" element={<VisitQueue />} />
            <Route path="/supervise" element={<SuperviseBoard />} />
            <Route path="/evaluation" element={<EvaluationPage />} />
            <Route path="/dashboard" element={<DashboardPage />} />
            <Route path="/province" element={<ProvincePage />} />
            <Route path="/reports" element={<ReportsPage />} />
            <Route path="/bulletins" element={<BulletinsPage />} />
            <Route path="/bulletins/:id" element={<BulletinPage />} />
            <Route path="/admin" element={<AdminPage />} />
            <Route path="/duty" element={<DutyPage />} />
            <Route path="/submissions" element={<SubmissionsPage />} />
            <Route path="/experts" element={<ExpertsPage />} />
            <Route path="/security" element={<SecurityPage />} />
            <Route path="/kb" element={<KbPage />} />
            <Route path="/tickets" element={<TicketsPage />} />
            <Route path="/tickets/:id" element={<TicketPage />} />
            <Route path="/account/password" element={<ChangePasswordPage />} />
            <Route path="/account/totp" element={<TotpPage />} />
            <Route path="*" element={<Navigate to={homeOf(me)} replace />} />
          </Route>
        ) : (
          <Route path="*" element={<ToLogin />} />
        )}
      </Routes>
    </Suspense>
  );
}
