import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/server/db/connection.ts';
import { SessionChecks } from '../../src/server/live/session-checks.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';

/**
 * The live streams' session checks made together (issue 16: 2,000 browsers on the live stream): the
 * checks that fall due at once cost one query, not one each, and a session that ends still ends every
 * stream of it at the next check.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

function counting(db: Queryable): Queryable & { queries: number } {
  const c = {
    queries: 0,
    query: (async (sql: string, params?: unknown[]) => {
      c.queries += 1;
      return db.query(sql, params);
    }) as Queryable['query'],
  };
  return c;
}

const cookieOf = async (username: string) => (await t.login(username)).split('=')[1]!;

describe('live stream session checks', () => {
  it('200 streams of 4 sessions whose checks fall due together cost one query, and each gets its own user', async () => {
    const db = counting(t.db);
    const checks = new SessionChecks(db, t.ctx.now, true, 1000, (e) => {
      throw e;
    });
    const users = ['agent', 'dispatcher', 'handler1', 'handler2'];
    const sids = await Promise.all(users.map(cookieOf));
    const me = await Promise.all(users.map((u) => t.as(u).get('/api/me').then((r) => r.json())));
    for (let i = 0; i < 200; i += 1) checks.open(sids[i % 4]!, me[i % 4]);
    const actors = await Promise.all(Array.from({ length: 200 }, (_, i) => checks.actor(sids[i % 4]!, true)));
    expect(db.queries).toBe(1);
    expect(actors.map((a) => a?.username)).toEqual(Array.from({ length: 200 }, (_, i) => users[i % 4]));
    // within recheckMs no query at all
    await Promise.all(sids.map((s) => checks.actor(s)));
    expect(db.queries).toBe(1);
  });

  it('a session signed out is null for every stream of it at the next check; the others go on', async () => {
    const db = counting(t.db);
    const checks = new SessionChecks(db, t.ctx.now, true, 0, (e) => {
      throw e;
    });
    const leaving = await cookieOf('supervisor');
    const staying = await cookieOf('leader');
    const me = (await t.as('leader').get('/api/me')).json();
    for (let i = 0; i < 10; i += 1) checks.open(i % 2 ? leaving : staying, me);
    expect((await checks.actor(leaving))?.username).toBe('supervisor');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `o12345_sid=${leaving}` } });
    expect(out.statusCode).toBeLessThan(300);
    const [a, b] = await Promise.all([checks.actor(leaving), checks.actor(staying)]);
    expect(a).toBeNull();
    expect(b?.username).toBe('leader');
  });
});
