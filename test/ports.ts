/**
 * A port for a server a test starts in its own process. Each vitest worker draws from a thousand of
 * its own (VITEST_POOL_ID, 1 … the number of workers): files that run side by side never pick the
 * same port, as they could when every file drew from one shared range. All below Linux's ephemeral
 * ports (32768 and up), which the tests' own outgoing connections take.
 */
const PER_WORKER = 1000;
let taken = Math.floor(Math.random() * PER_WORKER);

export function serverPort(): number {
  const worker = (Number(process.env.VITEST_POOL_ID ?? 1) - 1) % 10;
  // the next few along, not the same one: a server just stopped may still hold its port for a moment
  taken = (taken + 1 + Math.floor(Math.random() * 7)) % PER_WORKER;
  return 21000 + worker * PER_WORKER + taken;
}
