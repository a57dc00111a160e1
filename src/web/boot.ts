/**
 * The entry of the web app, kept tiny: before React and Ant Design are even parsed, it asks for the
 * session and for the chunk of the page in the address bar, so that the three downloads overlap
 * instead of following one another (issue 11: a cold load under 1 s).
 */
// The style sheet is linked from the page's <head> (Vite does that for the entry's CSS): a page the
// server rendered shows styled before any script has run.
import 'antd/dist/antd.css';
import { preloadFor } from './pages.ts';
import { startSession } from './session-start.ts';

// A page rendered on the server shows its forms before its scripts run (taken-over.tsx): a form sent
// then (Enter in the login form) must not go out as the browser's plain GET, the password in the address.
document.addEventListener(
  'submit',
  (e) => {
    if (document.documentElement.dataset.app !== 'ready') e.preventDefault();
  },
  true,
);

startSession();
preloadFor(window.location.pathname);
void import('./main.tsx');
