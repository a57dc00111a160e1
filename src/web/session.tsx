import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from './api.ts';
import { settledSession, startSession } from './session-start.ts';
import type { Me } from './types.ts';

interface Session {
  me: Me | null;
  loading: boolean;
  /** Signs in; null when the account asks for its TOTP code next (submitCode). */
  login(username: string, password: string): Promise<Me | null>;
  submitCode(code: string): Promise<Me>;
  /** Reads the session again (after a password change or TOTP enrolment). */
  refresh(): Promise<void>;
  logout(): Promise<void>;
  /** Signed out by choice in this page: the login page then starts afresh (no ?next= back to where they were). */
  signedOut: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children, initial }: { children: ReactNode; initial?: { user: Me | null } }) {
  // boot.ts asked already; most often the answer is in before React first renders. On the server
  // (entry-server.tsx) the session is given.
  const [me, setMe] = useState<Me | null>(() => (initial ?? settledSession())?.user ?? null);
  const [loading, setLoading] = useState(() => !(initial ?? settledSession()));
  useEffect(() => {
    if (!loading) return;
    void startSession().then((user) => {
      setMe(user);
      setLoading(false);
    });
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    const m = await api.post<Me | { totpRequired: true }>('/api/auth/login', { username, password });
    if ('totpRequired' in m) return null;
    setMe(m);
    return m;
  }, []);
  const submitCode = useCallback(async (code: string) => {
    const m = await api.post<Me>('/api/auth/login/totp', { code });
    setMe(m);
    return m;
  }, []);
  const refresh = useCallback(async () => {
    const s = await api.get<{ user: Me | null }>('/api/session');
    setMe(s.user);
  }, []);
  const [signedOut, setSignedOut] = useState(false);
  const logout = useCallback(async () => {
    await api.post('/api/auth/logout');
    setSignedOut(true);
    setMe(null);
  }, []);
  return <SessionContext.Provider value={{ me, loading, login, submitCode, refresh, logout, signedOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('SessionProvider missing');
  return s;
}

/** The workspace a role opens on after login. */
export function homeOf(me: Me): string {
  const r = me.roles;
  if (r.includes('agent')) return '/agent';
  if (r.includes('dispatcher')) return '/dispatch';
  if (r.includes('handler') || r.includes('unit_admin')) return '/unit';
  if (r.includes('visitor')) return '/visit';
  if (r.includes('leader')) return '/dashboard';
  if (r.includes('supervisor')) return '/supervise';
  if (r.includes('admin')) return '/admin';
  if (r.includes('auditor')) return '/security';
  if (r.includes('kb_editor') || r.includes('kb_reviewer')) return '/kb';
  if (r.includes('analyst')) return '/dashboard';
  return '/tickets';
}
