import { useEffect, useState } from 'react';
import { api } from './api.ts';
import { useLive } from './live.ts';
import type { InboxCounts, Me } from './types.ts';

/** Roles that decide someone's request (extension, return, completion, appeal): they have a 待我审批. */
export const TICKET_DECIDING_ROLES = ['dispatcher', 'supervisor', 'admin', 'handler', 'unit_admin'];
/** …and those who draft, review and publish the 通报 (its waiting steps are in the same inbox). */
export const BULLETIN_ROLES = ['leader', 'analyst'];
export const DECIDING_ROLES = [...TICKET_DECIDING_ROLES, ...BULLETIN_ROLES];

export const mayDecide = (me: Me | null | undefined) => !!me && me.roles.some((r) => DECIDING_ROLES.includes(r));

const ZERO: InboxCounts = { extension: 0, return: 0, completion: 0, appeal: 0, 'supervision-extension': 0, 'unit-review': 0, consolidation: 0, proposal: 0, 'follow-up': 0, bulletin: 0, submission: 0, integration: 0, total: 0, notices: 0 };

/**
 * One count for the whole page (the menu badge and the workspace tabs read the same), fetched once
 * however many components show it, and again on every live change.
 */
let latest: InboxCounts = ZERO;
let inflight: Promise<void> | null = null;
const subscribers = new Set<(c: InboxCounts) => void>();

/** Asks for the counts again (after a step the live stream does not announce: a 通报's). */
export function refreshInboxCounts(): void {
  if (inflight) return;
  inflight = api
    .get<InboxCounts>('/api/inbox/counts')
    .then((c) => {
      latest = c;
      for (const s of subscribers) s(c);
    })
    // a badge that cannot load stays as it was; the pages themselves report errors
    .catch(() => {})
    .finally(() => {
      inflight = null;
    });
}

/** How many requests wait for the user's decision, by kind, kept current by the live stream. */
export function useInboxCounts(enabled = true): InboxCounts {
  const [counts, setCounts] = useState<InboxCounts>(latest);
  useEffect(() => {
    if (!enabled) return;
    subscribers.add(setCounts);
    // a badge is not urgent: the page's own data goes first (the embedded database answers one query at a time)
    const timer = setTimeout(refreshInboxCounts, 1200);
    return () => {
      clearTimeout(timer);
      subscribers.delete(setCounts);
      if (subscribers.size === 0) latest = ZERO;
    };
  }, [enabled]);
  useLive(() => {
    if (enabled) refreshInboxCounts();
  });
  return enabled ? counts : ZERO;
}
