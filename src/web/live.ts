import { useEffect, useRef } from 'react';
import { changeGate } from './live-gate.ts';
import { loginFor } from './next.ts';

type Change = { ticketId: string; status: string };
type Listener = (change: Change) => void;

/**
 * One EventSource (/api/stream) for the whole page, shared by every list, badge and ticket view:
 * a browser keeps at most six connections to a server over HTTP/1.1, and each open stream holds
 * one, so a stream per component would soon stall the page's other requests.
 */
const listeners = new Set<Listener>();
/** Screen pops: a call ringing at this user's extension (only its id; the desk reads the rest). */
type CallListener = (call: { callId: string }) => void;
const callListeners = new Set<CallListener>();
let source: EventSource | null = null;

function open(): void {
  if (source) return;
  source = new EventSource('/api/stream');
  source.addEventListener('ticket', (e) => {
    const change = JSON.parse((e as MessageEvent).data) as Change;
    for (const l of [...listeners]) l(change);
  });
  source.addEventListener('call', (e) => {
    const call = JSON.parse((e as MessageEvent).data) as { callId: string };
    for (const l of [...callListeners]) l(call);
  });
  // the server ends the stream once the session no longer holds (signed out elsewhere, account
  // disabled): reconnecting would only be refused, so the page goes to sign-in, keeping its place
  source.addEventListener('signed-out', () => {
    source?.close();
    source = null;
    if (window.location.pathname !== '/login') window.location.assign(loginFor(`${window.location.pathname}${window.location.search}`));
  });
}

function closeIfUnused(): void {
  if (listeners.size === 0 && callListeners.size === 0 && source) {
    source.close();
    source = null;
  }
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  open();
  return () => {
    listeners.delete(listener);
    closeIfUnused();
  };
}

/**
 * Calls `onCall` at once (no debounce: the 300 ms of a screen pop) when a call rings at the
 * signed-in user's extension (issue 14).
 */
export function useCallPop(onCall: (call: { callId: string }) => void): void {
  const handler = useRef(onCall);
  handler.current = onCall;
  useEffect(() => {
    const listener: CallListener = (c) => handler.current(c);
    callListeners.add(listener);
    open();
    return () => {
      callListeners.delete(listener);
      closeIfUnused();
    };
  }, []);
}

/**
 * Calls `onChange` when a ticket the user may see changes anywhere (server-sent events from
 * /api/stream), so inboxes, queues and boards stay current without a reload: once for a burst, and
 * at most once a second while changes keep coming (live-gate.ts). `concerns` picks the changes that matter to the
 * view (the ticket page: its own ticket); it is asked of every change, before any is gathered.
 */
export function useLive(onChange: () => void, concerns?: (change: Change) => boolean): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  const filter = useRef(concerns);
  filter.current = concerns;
  useEffect(() => {
    const gate = changeGate(() => handler.current());
    const unsubscribe = subscribe((change) => {
      if (!filter.current || filter.current(change)) gate.offer();
    });
    return () => {
      gate.stop();
      unsubscribe();
    };
  }, []);
}
