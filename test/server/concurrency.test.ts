import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await t.addUser('handler1b', '解放碑街道办事处', ['handler']);
});
afterAll(() => t.close());

describe('concurrent writes', () => {
  it('two handlers sign at once: exactly one wins, the other is told why', async () => {
    const c = (await t.as('agent').post('/api/tickets', newTicket())).json();
    await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
    // log both in first so the two requests race on the ticket, not on logging in
    await Promise.all([t.as('handler1').get('/api/me'), t.as('handler1b').get('/api/me')]);
    const [a, b] = await Promise.all([t.as('handler1').act(c.id, 'sign'), t.as('handler1b').act(c.id, 'sign')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().message).toContain('办理中');
    const after = (await t.as('dispatcher').get(`/api/tickets/${c.id}`)).json();
    expect(after.events.filter((e: { action: string }) => e.action === 'sign')).toHaveLength(1);
  });

  it('the same Idempotency-Key twice at once creates one ticket', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).rows[0]!.n;
    const agent = t.as('agent');
    await agent.get('/api/me');
    const body = newTicket({ content: '同一请求重试两次' });
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => agent.post('/api/tickets', body, { 'idempotency-key': 'call-20261123-0001' })));
    expect(new Set([a!.json().id, b!.json().id, c!.json().id]).size).toBe(1);
    expect([a, b, c].filter((r) => r!.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    const after = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).rows[0]!.n;
    expect(after).toBe(before + 1);
  });

  it('ticket numbers stay unique under concurrent registration', async () => {
    const agent = t.as('agent');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => agent.post('/api/tickets', newTicket({ content: `并发登记 ${i}` }))));
    const numbers = results.map((r) => r.json().number);
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(numbers).size).toBe(20);
  });
});
