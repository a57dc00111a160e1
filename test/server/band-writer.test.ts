import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/server/db/connection.ts';
import { BandWriter } from '../../src/server/repeats/band-writer.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';

let t: TestApp;
const ids: string[] = [];

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-11-02T09:30:00+08:00' });
  for (const place of ['大坪正街', '石油路', '袁家岗']) {
    const res = await t.as('agent').post('/api/tickets', {
      channel: 'phone',
      caller: { name: '赵六', phone: `1390001${String(ids.length).padStart(4, '0')}` },
      type: 'complaint',
      content: `${place}的井盖松动了，车辆经过时响声很大，晚上吵得睡不着，请尽快修好。`,
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id);
  }
  await t.app.appContext.bands!.flush();
});
afterAll(() => t.close());

/** The state a registration leaves: the fingerprint written, the band rows queued. */
async function queueAgain() {
  await t.db.query('DELETE FROM ticket_bands WHERE ticket_id = ANY($1::uuid[])', [ids]);
  await t.db.query('INSERT INTO ticket_bands_queue (ticket_id) SELECT unnest($1::uuid[])', [ids]);
}

async function state() {
  const { rows } = await t.db.query<{ bands: number; queued: number }>(
    `SELECT (SELECT count(*)::int FROM ticket_bands WHERE ticket_id = ANY($1::uuid[])) AS bands,
            (SELECT count(*)::int FROM ticket_bands_queue WHERE ticket_id = ANY($1::uuid[])) AS queued`,
    [ids],
  );
  return rows[0]!;
}

async function until(check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe('the band writer', () => {
  it('writes the queued tickets’ band rows shortly after, all in one go', async () => {
    await queueAgain();
    expect(await state()).toEqual({ bands: 0, queued: 3 });
    const statements: string[] = [];
    const counting: Queryable = { query: (sql, params) => (statements.push(sql), t.db.query(sql, params)) };
    const writer = new BandWriter(counting, undefined, 10);
    writer.soon();
    writer.soon();
    expect(await until(async () => (await state()).queued === 0, 3000)).toBe(true);
    expect(await state()).toEqual({ bands: 3 * 42, queued: 0 });
    expect(statements).toHaveLength(1);
    await writer.close();
  });

  it('tries again after the database failed it, and loses nothing', async () => {
    await queueAgain();
    const errors: unknown[] = [];
    let fail = true;
    const flaky: Queryable = {
      query: (sql, params) => {
        if (fail) {
          fail = false;
          return Promise.reject(new Error('connection terminated'));
        }
        return t.db.query(sql, params);
      },
    };
    const writer = new BandWriter(flaky, (e) => errors.push(e), 10);
    writer.soon();
    expect(await until(async () => errors.length === 1, 3000)).toBe(true);
    expect(await state()).toEqual({ bands: 0, queued: 3 });
    expect(await until(async () => (await state()).queued === 0, 5000)).toBe(true);
    expect(await state()).toEqual({ bands: 3 * 42, queued: 0 });
    expect(errors).toHaveLength(1);
    await writer.close();
  });

  it('moves nothing once closed: what is queued waits for the next start', async () => {
    await queueAgain();
    const writer = new BandWriter(t.db, undefined, 10);
    writer.soon();
    await writer.close();
    writer.soon(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(await state()).toEqual({ bands: 0, queued: 3 });
    await t.app.appContext.bands!.flush();
    expect(await state()).toEqual({ bands: 3 * 42, queued: 0 });
  });
});
