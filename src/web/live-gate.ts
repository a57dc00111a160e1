/** A burst of changes (a job touching many tickets) becomes one refresh this long after its first. */
export const GATHER_MS = 150;
/**
 * …and a view refreshes at most this often. A busy center's stream brings several changes a second
 * without a pause: a refresh that waited for a quiet moment never came, and one per change would have
 * each open list and badge ask the server again every few hundred milliseconds (issue 16).
 */
export const MIN_INTERVAL_MS = 1000;
/**
 * …plus a share of this, drawn again at each refresh, while changes keep coming. Every page at the
 * center hears the same changes: refreshing in step, 100 dispatchers' and 40 clerks' pages asked for
 * 400 lists and badges within a few milliseconds each second, and a request's p95 was 350–500 ms with
 * the server's CPU at a quarter (bench:load, BENCH_LIVE_PAGES=1).
 */
export const SPREAD_MS = 500;

/**
 * Gathers the live changes a view hears into refreshes: `fire` runs GATHER_MS after the first change
 * of a burst, and while changes keep coming, once every MIN_INTERVAL_MS and a random part of SPREAD_MS.
 */
export function changeGate(fire: () => void, random: () => number = Math.random): { offer(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let next = -Infinity;
  return {
    offer() {
      if (timer) return;
      const wait = Math.max(GATHER_MS, next - Date.now());
      timer = setTimeout(() => {
        timer = null;
        next = Date.now() + MIN_INTERVAL_MS + random() * SPREAD_MS;
        fire();
      }, wait);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
