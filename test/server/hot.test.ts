import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/** 热点诉求: a surge of one matter at one place stands out from steady business, with its p-value. */
let t: TestApp;
async function register(at: string, category: string, address: string, content: string) {
  t.setNow(at);
  const res = await t.as('agent').post('/api/tickets', newTicket({ category, address, content }));
  expect(res.statusCode, res.body).toBe(201);
}

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-11-09T09:00:00+08:00' });
  // the week before: one streetlight, and the usual three noise complaints
  await register('2026-11-10T10:00:00+08:00', '城乡建设/路灯照明', '重庆市渝中区解放碑街道民族路', '民族路路灯不亮');
  for (let i = 0; i < 3; i += 1) await register(`2026-11-1${1 + i}T10:00:00+08:00`, '环境保护/噪声扰民', '重庆市江北区观音桥街道建新北路', `建新北路夜间施工噪声第${i}次`);
  // this week: ten streetlights out in the same street office, and the noise as usual
  for (let i = 0; i < 10; i += 1) await register(`2026-11-${16 + (i % 5)}T1${i % 8}:00:00+08:00`, '城乡建设/路灯照明', '重庆市渝中区解放碑街道民族路', `民族路一带路灯成片不亮（${i}）`);
  for (let i = 0; i < 3; i += 1) await register(`2026-11-1${6 + i}T15:00:00+08:00`, '环境保护/噪声扰民', '重庆市江北区观音桥街道建新北路', `建新北路夜间施工噪声（本周${i}）`);
});
afterAll(() => t.close());

describe('热点诉求', () => {
  it('lists the category × town that rose, with the exact p-value, and leaves steady matters out', async () => {
    const res = await t.as('leader').get('/api/analytics/hot?from=2026-11-16&to=2026-11-22');
    expect(res.statusCode, res.body).toBe(200);
    const hot = res.json();
    expect(hot.previous).toEqual({ from: '2026-11-09', to: '2026-11-15' });
    expect(hot.lastYear).toEqual({ from: '2025-11-16', to: '2025-11-22' });
    expect(hot.items).toHaveLength(1);
    const [top] = hot.items;
    expect(top).toMatchObject({ category: '城乡建设/路灯照明', count: 10, previous: 1, lastYear: 0, significant: true });
    expect(top.place.name).toContain('解放碑');
    // P(X ≥ 10 | n = 11, p = ½) = 12 / 2048
    expect(top.pPrevious).toBeCloseTo(12 / 2048, 5);
    expect(top.samples).toHaveLength(3);
    expect(top.samples[0].content).toContain('路灯');
  });

  it('is for the center only', async () => {
    expect((await t.as('handler1').get('/api/analytics/hot?from=2026-11-16&to=2026-11-22')).statusCode).toBe(403);
  });
});
