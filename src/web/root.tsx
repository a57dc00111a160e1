import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { forgetEmbedded } from './preloaded.ts';
import { AppRoutes } from './routes.tsx';
import { SessionProvider } from './session.tsx';
import type { Me } from './types.ts';

dayjs.locale('zh-cn');

/**
 * What wraps every page, in the browser (main.tsx) and on the server (entry-server.tsx) alike: the
 * two must render the same tree — the same markup, and the same ids (useId counts positions in the
 * tree) — for the browser to take over the server's markup.
 */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ zeroRuntime: true, token: { colorPrimary: '#1677ff', borderRadius: 4 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/**
 * The first move to another address ends the server's answers (preloaded.ts). Compared with the
 * first location, not with React Router's 'default' key: a reload keeps the history entry's key.
 */
function ForgetOnMove() {
  const { key } = useLocation();
  const first = useRef(key);
  useEffect(() => {
    if (key !== first.current) forgetEmbedded();
  }, [key]);
  return null;
}

/** Inside the router: the session and the pages. `initial`: the session, given on the server. */
export function App({ initial }: { initial?: { user: Me | null } }) {
  return (
    <>
      <ForgetOnMove />
      <SessionProvider initial={initial}>
        <AppRoutes />
      </SessionProvider>
    </>
  );
}
