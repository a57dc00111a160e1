/** A burst of changes (a job touching many tickets) becomes one refresh this long after its first. */
export const GATHER_MS = 150;
/**
 * …and a view refreshes at most this often. A busy center's stream brings several changes a second
 * without a pause: a refresh that waited for a quiet moment never came, and one per change would have
 * each open list and badge ask the server again every few hundred milliseconds (issue 16).
 */
export const MIN_INTERVAL_MS = 1000;

/**
 * Gathers the live changes a view hears into refreshes: `fire` runs GATHER_MS after the first change
 * of a burst, and while changes keep coming, once every MIN_INTERVAL_MS.
 */
export function changeGate(fire: () => void): { offer(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;
  return {
    offer() {
      if (timer) return;
      const wait = Math.max(GATHER_MS, last + MIN_INTERVAL_MS - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        fire();
      }, wait);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
