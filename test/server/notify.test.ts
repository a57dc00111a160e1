import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDb, type Db } from '../../src/server/db/connection.ts';
import { notifyAfterCommit } from '../../src/server/db/notify.ts';
import { testDb } from '../helpers.ts';

/**
 * Notifications after commit (src/server/db/notify.ts, issue 16): a transaction's notifications
 * reach listeners only once it has committed, never after a rollback, in order, once each; on
 * PostgreSQL a second server instance on the same database hears them too (a batched NOTIFY), and
 * the instance that published does not hear its own twice.
 */
let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await testDb());
  await db.exec('CREATE TABLE notify_probe (id int)');
});
afterAll(() => drop());

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('notifications after commit', () => {
  it('a transaction notifies after COMMIT, in order; a rolled-back one never; a statement on the database at once', async () => {
    const heard: string[] = [];
    const stop = await db.listen('o12345_probe', (p) => heard.push(p));
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO notify_probe VALUES (1)');
      await notifyAfterCommit(tx, 'o12345_probe', 'a');
      await notifyAfterCommit(tx, 'o12345_probe', 'b');
      expect(heard).toEqual([]); // not before the commit
    });
    expect(heard).toEqual(['a', 'b']);
    await expect(
      db.transaction(async (tx) => {
        await notifyAfterCommit(tx, 'o12345_probe', 'lost');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await notifyAfterCommit(db, 'o12345_probe', 'c');
    await wait(200); // a NOTIFY of our own coming back would arrive by now
    expect(heard).toEqual(['a', 'b', 'c']);
    await stop();
  });

  it.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL another instance on the same database hears them, batched, in order', async () => {
    const other = postgresDb(process.env.TEST_DATABASE_URL!, { max: 1 });
    const heard: string[] = [];
    const stop = await other.listen('o12345_probe2', (p) => heard.push(p));
    for (let i = 0; i < 50; i += 1) {
      await db.transaction(async (tx) => notifyAfterCommit(tx, 'o12345_probe2', `n${i}`));
    }
    for (let i = 0; i < 40 && heard.length < 50; i += 1) await wait(50);
    expect(heard).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`));
    await stop();
    await other.close();
  });
});
