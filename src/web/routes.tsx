import { Spin } from 'antd';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout.tsx';
import { AdminPage } from './pages/admin/AdminPage.tsx';
import { AgentDesk } from './pages/agent/AgentDesk.tsx';
import { KbPage } from './pages/kb/KbPage.tsx';
import { DispatchCenter } from './pages/dispatch/DispatchCenter.tsx';
import { ChangePasswordPage } from './pages/account/ChangePasswordPage.tsx';
import { TotpPage } from './pages/account/TotpPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { PortalPage } from './pages/portal/PortalPage.tsx';
import { SecurityPage } from './pages/security/SecurityPage.tsx';
import { SuperviseBoard } from './pages/supervise/SuperviseBoard.tsx';
import { TicketPage } from './pages/ticket/TicketPage.tsx';
import { TicketsPage } from './pages/TicketsPage.tsx';
import { InboxPage } from './pages/inbox/InboxPage.tsx';
import { UnitInbox } from './pages/unit/UnitInbox.tsx';
import { VisitQueue } from './pages/visit/VisitQueue.tsx';
import { homeOf, useSession } from './session.tsx';

export function AppRoutes() {
  const { me, loading } = useSession();
  if (loading) return <Spin size="large" style={{ display: 'block', marginTop: 200 }} />;
  return (
    <Routes>
      <Route path="/portal/*" element={<PortalPage />} />
      <Route path="/login" element={me ? <Navigate to={me.mustChangePassword ? '/' : homeOf(me)} replace /> : <LoginPage />} />
      {me?.mustChangePassword ? (
        // A password the system handed out: nothing else until the account has one of its own.
        <Route path="*" element={<ChangePasswordPage forced />} />
      ) : me ? (
        <Route element={<AppLayout />}>
          <Route path="/" element={<Navigate to={homeOf(me)} replace />} />
          <Route path="/agent" element={<AgentDesk />} />
          <Route path="/dispatch" element={<DispatchCenter />} />
          <Route path="/unit" element={<UnitInbox />} />
          <Route path="/inbox" element={<InboxPage />} />
          <Route path="/visit" element={<VisitQueue />} />
          <Route path="/supervise" element={<SuperviseBoard />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route path="/security" element={<SecurityPage />} />
          <Route path="/kb" element={<KbPage />} />
          <Route path="/tickets" element={<TicketsPage />} />
          <Route path="/tickets/:id" element={<TicketPage />} />
          <Route path="/account/password" element={<ChangePasswordPage />} />
          <Route path="/account/totp" element={<TotpPage />} />
          <Route path="*" element={<Navigate to={homeOf(me)} replace />} />
        </Route>
      ) : (
        <Route path="*" element={<Navigate to="/login" replace />} />
      )}
    </Routes>
  );
}
