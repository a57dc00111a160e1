import { useEffect, useRef } from 'react';

/**
 * Calls `onChange` whenever a ticket the user may see changes anywhere (server-sent events from
 * /api/stream), so inboxes, queues and boards stay current without a reload.
 */
export function useLive(onChange: (change: { ticketId: string; status: string }) => void): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    const source = new EventSource('/api/stream');
    let timer: ReturnType<typeof setTimeout> | null = null;
    source.addEventListener('ticket', (e) => {
      const change = JSON.parse((e as MessageEvent).data);
      // Bursts (a job touching many tickets) become one refresh.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => handler.current(change), 150);
    });
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, []);
}
