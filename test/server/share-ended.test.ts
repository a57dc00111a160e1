import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, CALLER, newTicket, type TestApp } from '../helpers.ts';

/** Issue 10, item 3: a unit whose return was approved keeps only its own read-only history. */
let t: TestApp;
let jiefangbei: string;
let jbMarket: string;
let xinhualu: string;

beforeAll(async () => {
  t = await buildTestApp();
  jiefangbei = await t.unitId('解放碑街道办事处');
  jbMarket = await t.unitId('江北区市场监督管理局');
  xinhualu = await t.unitId('新华路社区居委会');
  await t.addUser('xinhualu1', '新华路社区居委会', ['handler']);
});
afterAll(() => t.close());

const ids = (r: { json(): { items: Array<{ id: string }> } }) => r.json().items.map((i) => i.id);

/** Dispatched to 解放碑, passed down to 新华路, returned and approved, then re-dispatched to 江北区市场监管局 who handle it. */
async function returnedAndRedispatched() {
  const c = (await t.as('agent').post('/api/tickets', newTicket({ content: '新华路路灯不亮 原始诉求内容' }))).json();
  expect((await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] })).statusCode).toBe(200);
  expect((await t.as('handler1').act(c.id, 'sign')).statusCode).toBe(200);
  expect((await t.as('handler1').act(c.id, 'subdispatch', { unitId: xinhualu })).statusCode).toBe(200);
  expect((await t.as('handler1').get(`/api/tickets?pageSize=100`)).json().items.map((i: { id: string }) => i.id)).toContain(c.id);
  expect((await t.as('handler1').act(c.id, 'return', { reason: '不属于本街道职责' })).statusCode).toBe(200);
  expect((await t.as('dispatcher').act(c.id, 'approve-return', {})).statusCode).toBe(200);
  const again = await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: jbMarket, role: 'lead' }], note: '改派说明-之后的事' });
  expect(again.statusCode).toBe(200);
  await t.as('handler2').act(c.id, 'sign');
  const reply = await t.as('handler2').act(c.id, 'reply', { process: '现场核查-之后的事', result: '已修复-之后的事', contacted: true });
  expect(reply.statusCode).toBe(200);
  return c.id as string;
}

describe('a unit whose return was approved', () => {
  let id: string;
  beforeAll(async () => {
    id = await returnedAndRedispatched();
  });

  it('no longer finds the ticket in its lists', async () => {
    for (const user of ['handler1', 'xinhualu1']) {
      expect(ids(await t.as(user).get('/api/tickets?pageSize=100'))).not.toContain(id);
      expect(ids(await t.as(user).get('/api/tickets?pageSize=100&assignmentStatus=returned,handling,dispatched'))).not.toContain(id);
    }
    expect(ids(await t.as('handler2').get('/api/tickets?pageSize=100'))).toContain(id);
  });

  it('reads its own history only: the request as it was, its own events up to the approval, no caller', async () => {
    const r = await t.as('handler1').get(`/api/tickets/${id}`);
    expect(r.statusCode).toBe(200);
    const h = r.json();
    expect(h.content).toContain('原始诉求内容');
    expect(h.access).toEqual({ relation: 'ended', readOnly: true, allowedActions: [], actions: [] });
    expect(h.caller).toBeNull();
    expect(h.callerView).toBe('hidden');
    const body = r.body;
    for (const secret of [CALLER.phone, CALLER.name, '138****1234', '张**', '之后的事', '江北区市场监督管理局']) expect(body).not.toContain(secret);
    expect(h.events.map((e: { action: string }) => e.action)).toEqual(['register', 'dispatch', 'sign', 'subdispatch', 'return', 'approve-return']);
    expect(h.assignments.map((a: { unit: { id: string } }) => a.unit.id).sort()).toEqual([jiefangbei, xinhualu].sort());
    expect(h.status).toBe('share-ended');
    // the sub-unit's share ended with it, at the same moment
    const sub = (await t.as('xinhualu1').get(`/api/tickets/${id}`)).json();
    expect(sub.access.readOnly).toBe(true);
    expect(sub.events.at(-1).action).toBe('approve-return');
    expect(JSON.stringify(sub)).not.toContain('之后的事');
  });

  it('cannot reveal the phone, see repeats, or act (403)', async () => {
    const reveal = await t.as('handler1').post(`/api/tickets/${id}/reveal-phone`, { reason: '想回电' });
    expect(reveal.statusCode).toBe(403);
    expect(reveal.body).not.toContain(CALLER.phone);
    expect((await t.as('handler1').get(`/api/tickets/${id}/repeats`)).statusCode).toBe(403);
    for (const [action, body] of [['sign', {}], ['reply', { process: 'x', result: 'x', contacted: false }], ['request-extension', { days: 1, reason: 'x' }]] as const) {
      const r = await t.as('handler1').act(id, action, body);
      expect(r.statusCode).toBe(403);
      expect(r.json().message).toContain('承办已结束');
    }
  });

  it('the unit now holding it still sees the caller masked and acts', async () => {
    const h = (await t.as('handler2').get(`/api/tickets/${id}`)).json();
    expect(h.caller).toEqual({ name: '张**', phone: '138****1234' });
    expect(h.access.readOnly).toBe(false);
  });

  it('a unit dispatched again after its return holds the ticket again', async () => {
    const c = (await t.as('agent').post('/api/tickets', newTicket())).json();
    await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] });
    await t.as('handler1').act(c.id, 'return', { reason: '误派' });
    await t.as('dispatcher').act(c.id, 'approve-return', {});
    expect((await t.as('handler1').act(c.id, 'sign')).statusCode).toBe(403);
    await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] });
    expect((await t.as('handler1').act(c.id, 'sign')).statusCode).toBe(200);
    expect(ids(await t.as('handler1').get('/api/tickets?pageSize=100'))).toContain(c.id);
  });
});
