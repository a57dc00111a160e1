import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/core/calendar/civil-date.ts';
import { watchSurges } from '../../src/server/analytics/warnings.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/** 监测预警: a burst of one matter at one place raises one alert that explains itself and is acknowledged. */
let t: TestApp;
async function register(at: string, category: string, address: string, content: string) {
  t.setNow(at);
  const res = await t.as('agent').post('/api/tickets', newTicket({ category, address, content }));
  expect(res.statusCode, res.body).toBe(201);
}
const NOW = '2026-11-23T15:00:00+08:00';

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-10-26T09:00:00+08:00' });
  // the four weeks before, same hours: noise at 观音桥 three times each week, one burst pipe at 解放碑 once
  for (const day of ['10-26', '11-02', '11-09', '11-16']) {
    for (let i = 0; i < 3; i += 1) await register(`2026-${day}T1${i}:30:00+08:00`, '环境保护/噪声扰民', '重庆市江北区观音桥街道建新北路', `施工噪声${day}-${i}`);
  }
  await register('2026-11-16T11:00:00+08:00', '城乡建设/供水', '重庆市渝中区解放碑街道民族路', '民族路水管漏水');
  // today: the usual noise, and seven calls about water from the same street office within hours
  for (let i = 0; i < 3; i += 1) await register(`2026-11-23T1${i}:40:00+08:00`, '环境保护/噪声扰民', '重庆市江北区观音桥街道建新北路', `施工噪声今天-${i}`);
  for (let i = 0; i < 7; i += 1) await register(`2026-11-23T1${i % 5}:1${i}:00+08:00`, '城乡建设/供水', '重庆市渝中区解放碑街道民族路', `民族路一带停水（${i}）`);
  t.setNow(NOW);
});
afterAll(() => t.close());

describe('监测预警', () => {
  it('raises one alert for the surge and none for ordinary business, then none again for the same matter', async () => {
    const raised = await watchSurges(t.db, parseInstant(NOW));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ category: '城乡建设/供水', count: 7, expected: 0.25 });
    expect(await watchSurges(t.db, parseInstant(NOW) + 60_000)).toHaveLength(0);
  });

  it('shows the alert to the supervisor with its numbers explained, and records who acknowledged it', async () => {
    const list = await t.as('supervisor').get('/api/analytics/alerts');
    expect(list.statusCode, list.body).toBe(200);
    const [alert] = list.json().items;
    expect(alert.place.name).toContain('解放碑');
    expect(alert.explanation).toContain('近 6 小时 7 件');
    expect(alert.explanation).toContain('1、0、0、0');
    const ack = await t.as('supervisor').post(`/api/analytics/alerts/${alert.id}/acknowledge`, { note: '已通知供水公司抢修' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledged).toMatchObject({ note: '已通知供水公司抢修' });
    expect((await t.as('supervisor').post(`/api/analytics/alerts/${alert.id}/acknowledge`, {})).statusCode).toBe(409);
    expect((await t.as('supervisor').get('/api/analytics/alerts')).json().items).toHaveLength(0);
    expect((await t.as('supervisor').get('/api/analytics/alerts?state=all')).json().items).toHaveLength(1);
    expect((await t.as('handler1').get('/api/analytics/alerts')).statusCode).toBe(403);
  });
});
