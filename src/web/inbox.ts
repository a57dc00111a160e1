import { useCallback, useEffect, useState } from 'react';
import { api } from './api.ts';
import { useLive } from './live.ts';
import type { InboxCounts, Me } from './types.ts';

/** Roles that decide someone's request (extension, return, completion, appeal): they have a 待我审批. */
export const DECIDING_ROLES = ['dispatcher', 'supervisor', 'admin', 'handler', 'unit_admin'];

export const mayDecide = (me: Me | null | undefined) => !!me && me.roles.some((r) => DECIDING_ROLES.includes(r));

const ZERO: InboxCounts = { extension: 0, return: 0, completion: 0, appeal: 0, total: 0 };

/** How many requests wait for the user's decision, by kind, kept current by the live stream. */
export function useInboxCounts(enabled = true): InboxCounts {
  const [counts, setCounts] = useState<InboxCounts>(ZERO);
  const load = useCallback(() => {
    if (!enabled) return;
    // a badge that cannot load stays as it was; the page itself reports errors
    api.get<InboxCounts>('/api/inbox/counts').then(setCounts).catch(() => {});
  }, [enabled]);
  useEffect(load, [load]);
  useLive(load);
  return counts;
}
