import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { embeddedData } from './preloaded.ts';
import { App, Providers } from './root.tsx';

// the same tree as entry-server.tsx renders, but for the router
const app = (
  <StrictMode>
    <Providers>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </Providers>
  </StrictMode>
);

const root = document.getElementById('root')!;
// The server rendered this page (src/server/web/ssr.ts): take over its markup rather than draw it again.
if (embeddedData() && root.firstChild) hydrateRoot(root, app);
else createRoot(root).render(app);
