import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/** GET /api/tickets/totals: a page's tab counts in one request, counted as the lists count (issue 16). */
let t: TestApp;
let jiefangbei: string;
let jbMarket: string;

beforeAll(async () => {
  t = await buildTestApp();
  jiefangbei = await t.unitId('解放碑街道办事处');
  jbMarket = await t.unitId('江北区市场监督管理局');
});
afterAll(() => t.close());

const UNIT_TABS = ['assignmentStatus=dispatched', 'assignmentStatus=handling', 'assignmentStatus=replied', 'assignmentStatus=completed&status=closed,archived,visiting'];
const totalsUrl = (lists: string[]) => `/api/tickets/totals?${lists.map((l) => `of=${encodeURIComponent(l)}`).join('&')}`;

async function dispatched(unitId: string) {
  const c = (await t.as('agent').post('/api/tickets', newTicket())).json();
  expect((await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId, role: 'lead' }] })).statusCode).toBe(200);
  return c.id as string;
}

describe('tab counts', () => {
  it('count what each list holds for the unit, and follow the unit’s work', async () => {
    const totals = async (user: string) => (await t.as(user).get(totalsUrl(UNIT_TABS))).json().totals as number[];
    const lists = async (user: string) => Promise.all(UNIT_TABS.map(async (q) => (await t.as(user).get(`/api/tickets?${q}`)).json().total as number));
    const before = await totals('handler1');
    const a = await dispatched(jiefangbei);
    await dispatched(jiefangbei);
    await dispatched(jbMarket);
    expect(await totals('handler1')).toEqual([before[0]! + 2, before[1], before[2], before[3]]);
    expect((await t.as('handler1').act(a, 'sign')).statusCode).toBe(200);
    const after = await totals('handler1');
    expect(after).toEqual([before[0]! + 1, before[1]! + 1, before[2], before[3]]);
    expect(after).toEqual(await lists('handler1'));
    // another unit counts its own shares only
    expect(await totals('handler2')).toEqual(await lists('handler2'));
  });

  it('refuse what a list refuses, in Chinese, and the caller’s number', async () => {
    const bad = await t.as('handler1').get(totalsUrl(['assignmentStatus=dispatched', 'status=nonsense']));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toMatch(/^第 2 个列表条件有误/);
    const phone = await t.as('dispatcher').get(totalsUrl(['phone=13812341234']));
    expect(phone.statusCode).toBe(422);
    expect(phone.json().message).toContain('工单查询');
    expect((await t.as('handler1').get(totalsUrl(Array.from({ length: 11 }, () => 'status=registered')))).statusCode).toBe(422);
    expect((await t.as('handler1').get('/api/tickets/totals')).statusCode).toBe(422);
  });

  it('are for signed-in users only', async () => {
    expect((await t.app.inject({ method: 'GET', url: totalsUrl(['status=registered']) })).statusCode).toBe(401);
  });
});
