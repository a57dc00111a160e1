import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it('在办 counts a ticket passed down to a community once in the totals, and once in each unit’s row', async () => {
  const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id;
  const act = async (u: string, a: string, b: Record<string, unknown> = {}) => expect((await t.as(u).act(id, a, b)).statusCode).toBe(200);
  await act('dispatcher', 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
  await act('handler1', 'sign');
  await act('handler1', 'subdispatch', { unitId: await t.unitId('新华路社区居委会') });
  const rows = (await t.as('supervisor').get('/api/supervision/board')).json() as Array<{ unitName: string; open: number }>;
  expect(rows.filter((r) => r.open).map((r) => [r.unitName, r.open]).sort()).toEqual([['新华路社区居委会', 1], ['解放碑街道办事处', 1]]);
  expect((await t.as('supervisor').get('/api/supervision/totals')).json()).toEqual({ open: 1, overdue: 0, dueSoon: 0 });
  expect((await t.as('handler1').get('/api/supervision/totals')).statusCode).toBe(403);
});
