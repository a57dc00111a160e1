import { availableParallelism } from 'node:os';

/** Ports for servers the tests start: below Linux's ephemeral ports (32768 and up), which the tests' own outgoing connections take. */
const FIRST = 21000;
const LAST = 32000;

let offset = -1;

/**
 * A port for a server a test starts in its own process. Each vitest worker draws from a range of its
 * own (VITEST_POOL_ID, 1 … as many workers as cores), and the browser suite from the upper half, so
 * that files running side by side — or `npm test` beside the browser tests — never pick the same
 * port, as they could when every file drew from one shared range.
 */
export function serverPort(suite: 'main' | 'browser' = 'main'): number {
  const half = Math.floor((LAST - FIRST) / 2);
  const workers = availableParallelism();
  const size = Math.floor(half / workers);
  const worker = (Number(process.env.VITEST_POOL_ID ?? 1) - 1) % workers;
  // the next few along, not the same one: a server just stopped may still hold its port for a moment
  offset = offset < 0 ? Math.floor(Math.random() * size) : (offset + 1 + Math.floor(Math.random() * 7)) % size;
  return FIRST + (suite === 'browser' ? half : 0) + worker * size + offset;
}
