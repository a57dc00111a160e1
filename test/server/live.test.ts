import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * The live stream (GET /api/stream) outlives the request that opened it: what it sends must follow
 * the session as it is now — a user moved to another unit, or signed out, is not served as before.
 */
let t: TestApp;
let address: string;
let jiefangbei: string;
let jbMarket: string;

beforeAll(async () => {
  t = await buildTestApp();
  jiefangbei = await t.unitId('解放碑街道办事处');
  jbMarket = await t.unitId('江北区市场监督管理局');
  await t.addUser('live1', '解放碑街道办事处', ['handler']);
  address = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

/** Reads a server-sent event stream as it arrives. */
function reader(res: Response) {
  const body = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  return {
    get text() {
      return text;
    },
    get done() {
      return done;
    },
    /** Waits until the stream so far satisfies `until` (or ends). */
    async waitFor(until: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      while (!until(text) && !done) {
        if (Date.now() > deadline) throw new Error(`stream did not show it in time; so far:\n${text}`);
        const chunk = await Promise.race([body.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
        if (!chunk) continue;
        if (chunk.done) done = true;
        else text += decoder.decode(chunk.value, { stream: true });
      }
      return text;
    },
  };
}

async function dispatchedTo(unitId: string): Promise<string> {
  const created = await t.as('agent').post('/api/tickets', newTicket());
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const d = await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId, role: 'lead' }] });
  expect(d.statusCode, d.body).toBe(200);
  return id;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live stream', () => {
  it("follows the user's unit as it is now, and ends once the session does", async () => {
    const cookie = await t.login('live1');
    const abort = new AbortController();
    const res = await fetch(`${address}/api/stream`, { headers: { cookie }, signal: abort.signal });
    expect(res.status).toBe(200);
    const stream = reader(res);
    try {
      // only changes of tickets shared with the user's unit
      const elsewhere = await dispatchedTo(jbMarket);
      const own = await dispatchedTo(jiefangbei);
      await stream.waitFor((s) => s.includes(own));
      expect(stream.text).not.toContain(elsewhere);

      // moved to the market bureau: from now on that unit's changes, no longer the street office's
      const { rows } = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'live1'`);
      const moved = await t.as('admin').put(`/api/admin/users/${rows[0]!.id}`, { displayName: 'live1', unitId: jbMarket, roles: ['handler'] });
      expect(moved.statusCode, moved.body).toBe(200);
      await sleep(1100);
      const formerUnit = await dispatchedTo(jiefangbei);
      const newUnit = await dispatchedTo(jbMarket);
      await stream.waitFor((s) => s.includes(newUnit));
      expect(stream.text).not.toContain(formerUnit);

      // signed out (as from another tab): the next change ends the stream with a word to sign in again
      const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
      expect(out.statusCode).toBeLessThan(300);
      await sleep(1100);
      const after = await dispatchedTo(jbMarket);
      await stream.waitFor((s) => s.includes('event: signed-out'));
      await stream.waitFor(() => false, 2000).catch(() => '');
      expect(stream.done).toBe(true);
      expect(stream.text).not.toContain(after);
    } finally {
      abort.abort();
    }
  });
});
