/**
 * The entry of the web app, kept tiny: before React and Ant Design are even parsed, it asks for the
 * session and for the chunk of the page in the address bar, so that the three downloads overlap
 * instead of following one another (issue 11: a cold load under 1 s).
 */
import { preloadFor } from './pages.ts';
import { startSession } from './session-start.ts';

startSession();
preloadFor(window.location.pathname);
void import('./main.tsx');
