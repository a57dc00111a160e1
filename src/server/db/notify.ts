import type { Queryable } from './connection.ts';

/**
 * Notifications (live updates, preset reloads) published after the writing transaction commits,
 * instead of NOTIFY inside it (issue 16). PostgreSQL takes one lock for every transaction that
 * notifies and holds it through the commit's flush to disk, so writes that notify commit one at a
 * time: at 32 concurrent writers an insert with NOTIFY ran at 538–1,096 a second against
 * 4,697–5,558 without (measured on this machine, 4 s turns each). Here a transaction's
 * notifications wait for its COMMIT (so nothing is announced that did not happen) and then go:
 *
 * - to this server instance's listeners at once, in the process;
 * - to the other instances on the same PostgreSQL in one NOTIFY for everything published within
 *   a few milliseconds (Relay, connection.ts), which they deliver and this one skips as its own.
 */
export interface Publisher {
  publish(channel: string, payload: string): void;
}

const publisherOf = new WeakMap<object, Publisher>();
const pendingOf = new WeakMap<object, Array<[string, string]>>();

/** A Db publishes what is written through it (connection.ts). */
export function registerPublisher(db: object, publisher: Publisher): void {
  publisherOf.set(db, publisher);
}

/** A transaction's handle: what it notifies waits for its commit (runAfterCommit). */
export function beginPending(tx: object, publisher: Publisher): void {
  publisherOf.set(tx, publisher);
  pendingOf.set(tx, []);
}

/** Called once the transaction committed: its notifications go out, in order. */
export function runAfterCommit(tx: object): void {
  const pending = pendingOf.get(tx);
  const publisher = publisherOf.get(tx);
  pendingOf.delete(tx);
  if (!pending || !publisher) return;
  for (const [channel, payload] of pending) publisher.publish(channel, payload);
}

export function dropPending(tx: object): void {
  pendingOf.delete(tx);
}

/**
 * Notifies `channel` once what `q` wrote is committed: after the transaction's COMMIT for a
 * transaction, at once for a statement run on the database itself (it committed when it returned).
 * Any other handle (a wrapper in a test) notifies inside its statement, as PostgreSQL would.
 */
export async function notifyAfterCommit(q: Queryable, channel: string, payload: string): Promise<void> {
  const pending = pendingOf.get(q);
  if (pending) {
    pending.push([channel, payload]);
    return;
  }
  const publisher = publisherOf.get(q);
  if (publisher) {
    publisher.publish(channel, payload);
    return;
  }
  await q.query('SELECT pg_notify($1, $2)', [channel, payload]);
}
