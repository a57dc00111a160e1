import { useCallback, useEffect, useState } from 'react';
import { api, query } from './api.ts';
import { useLive } from './live.ts';
import { usePreloaded } from './preloaded.ts';

type Filter = Record<string, string | undefined>;

/** The address of several lists' counts (GET /api/tickets/totals), each list as its own query string. */
export const totalsUrl = (filters: readonly Filter[]) => `/api/tickets/totals?${filters.map((f) => `of=${encodeURIComponent(query(f).slice(1))}`).join('&')}`;

/**
 * How many tickets each of a page's tab lists holds, in one request kept current by the live
 * stream: the tabs a page does not show are counted, not loaded (issue 16: a unit's page asked
 * for its five tabs' lists on every change that reached it). `filters` must keep its identity.
 */
export function useListTotals(filters: readonly Filter[]): Array<number | undefined> {
  const url = totalsUrl(filters);
  // a page rendered on the server comes with its first answer (preloaded.ts)
  const preloaded = usePreloaded<{ totals: number[] }>(url);
  const [totals, setTotals] = useState<number[] | undefined>(preloaded?.totals);
  const load = useCallback(() => {
    api
      .get<{ totals: number[] }>(url)
      .then((d) => setTotals(d.totals))
      // a count that cannot load stays as it was; the list itself reports errors
      .catch(() => {});
  }, [url]);
  useEffect(load, [load]);
  useLive(load);
  return filters.map((_, i) => totals?.[i]);
}
