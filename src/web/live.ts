import { useEffect, useRef } from 'react';
import { loginFor } from './next.ts';

type Change = { ticketId: string; status: string };
type Listener = (change: Change) => void;

/**
 * One EventSource (/api/stream) for the whole page, shared by every list, badge and ticket view:
 * a browser keeps at most six connections to a server over HTTP/1.1, and each open stream holds
 * one, so a stream per component would soon stall the page's other requests.
 */
const listeners = new Set<Listener>();
let source: EventSource | null = null;

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) {
    source = new EventSource('/api/stream');
    source.addEventListener('ticket', (e) => {
      const change = JSON.parse((e as MessageEvent).data) as Change;
      for (const l of [...listeners]) l(change);
    });
    // the server ends the stream once the session no longer holds (signed out elsewhere, account
    // disabled): reconnecting would only be refused, so the page goes to sign-in, keeping its place
    source.addEventListener('signed-out', () => {
      source?.close();
      source = null;
      if (window.location.pathname !== '/login') window.location.assign(loginFor(`${window.location.pathname}${window.location.search}`));
    });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && source) {
      source.close();
      source = null;
    }
  };
}

/**
 * Calls `onChange` whenever a ticket the user may see changes anywhere (server-sent events from
 * /api/stream), so inboxes, queues and boards stay current without a reload.
 */
export function useLive(onChange: (change: Change) => void): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribe((change) => {
      // Bursts (a job touching many tickets) become one refresh.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => handler.current(change), 150);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}
