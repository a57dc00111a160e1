import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/core/calendar/civil-date.ts';
import { watchBursts } from '../../src/server/analytics/bursts.ts';
import { watchSurges } from '../../src/server/analytics/warnings.ts';
import { drainOutbox } from '../../src/server/jobs/outbox.ts';
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

describe('监测预警 (重庆 第二十条 异常情况实时智能预警; 凉山 第十九条)', () => {
  it('raises one alert for the surge and none for ordinary business, then none again for the same matter', async () => {
    const raised = await watchSurges(t.db, parseInstant(NOW));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ category: '城乡建设/供水', count: 7, expected: 0.25 });
    expect(await watchSurges(t.db, parseInstant(NOW) + 60_000)).toHaveLength(0);
    // one caller calling seven times about the water is a surge, but not many people at once
    expect(await watchBursts(t.db, parseInstant(NOW))).toHaveLength(0);
  });

  it('sends the alert to the duty leader through the outbox', async () => {
    const sent: Array<{ channel: string; body: string }> = [];
    await drainOutbox(t.db, t.ctx.vault, { send: async (m) => void sent.push(m) });
    const alerts = sent.filter((m) => m.channel === 'alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body).toContain('解放碑');
    expect(alerts[0]!.body).toContain('近 6 小时 7 件');
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

describe('监测预警：群体性苗头 (many callers, near-identical requests within hours)', () => {
  let b: TestApp;
  const WATER = [
    '幸福小区3栋从今天早上开始停水，到现在还没有来水，也没有任何通知',
    '幸福小区3栋从今天早上开始停水，到现在都还没有来水，也没有任何通知',
    '幸福小区3栋从今天早上开始停水，到现在还没有来水，物业也没有任何通知',
    '幸福小区3栋从今天早上开始就停水，到现在还没有来水，也没有任何通知',
    '幸福小区3栋从今天早上开始停水，现在还没有来水，也没有任何通知',
    '幸福小区3栋从今天早上开始停水，到现在还没有来水，也没有任何通知啊',
  ];
  const ask = async (at: string, phone: string, content: string, category?: string) => {
    b.setNow(at);
    const res = await b.as('agent').post('/api/tickets', newTicket({ caller: { name: '市民', phone }, content, address: '重庆市渝中区解放碑街道民族路', ...(category ? { category } : {}) }));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const AT = '2026-11-23T12:00:00+08:00';

  beforeAll(async () => {
    b = await buildTestApp({ now: '2026-11-23T09:00:00+08:00' });
    for (const [i, text] of WATER.entries()) await ask(`2026-11-23T${String(9 + Math.floor(i / 3)).padStart(2, '0')}:${10 + i * 7}:00+08:00`, `1390000100${i}`, text, i < 4 ? '城乡建设/供水' : undefined);
    // one person five times about the noise next door: a repeat, not a crowd
    for (let i = 0; i < 5; i += 1) await ask(`2026-11-23T10:0${i}:00+08:00`, '13900002000', '楼下烧烤店油烟很大，晚上噪音也很大，影响休息');
    await ask('2026-11-23T10:30:00+08:00', '13900003000', '希望增加轨道交通三号线早高峰班次');
  });
  afterAll(() => b.close());

  it('raises one alert for six callers writing the same thing, none for one caller writing five times', async () => {
    const raised = await watchBursts(b.db, parseInstant(AT));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ kind: 'burst', count: 6, callers: 6, category: '城乡建设/供水' });
    // a seventh caller later: the same burst growing, no second alert
    await ask('2026-11-23T12:20:00+08:00', '13900001009', '幸福小区3栋从今天早上开始停水，到现在还没有来水，也没有任何通知，什么时候恢复');
    expect(await watchBursts(b.db, parseInstant('2026-11-23T12:30:00+08:00'))).toHaveLength(0);
  });

  it('raises no burst for an event a surge alert already names (one event, one alert)', async () => {
    const later = '2026-11-23T20:00:00+08:00';
    for (let i = 0; i < 5; i += 1) await ask(`2026-11-23T19:1${i}:00+08:00`, `1390000400${i}`, '民族路这边路灯全部不亮了，晚上很黑很危险', '城乡建设/路灯照明');
    const surges = await watchSurges(b.db, parseInstant(later));
    expect(surges.map((a) => a.category)).toContain('城乡建设/路灯照明');
    expect(await watchBursts(b.db, parseInstant(later))).toHaveLength(0);
  });

  it('explains itself to the supervisor, shows a sample, and reaches the outbox without a phone number', async () => {
    const list = (await b.as('supervisor').get('/api/analytics/alerts')).json();
    const burst = list.items.find((a: { kind: string }) => a.kind === 'burst');
    expect(burst.explanation).toContain('6 位不同来电人');
    expect(burst.explanation).toContain('解放碑');
    expect(burst.tickets).toHaveLength(6);
    expect(burst.sample.content).toContain('幸福小区3栋');
    const sent: Array<{ channel: string; body: string }> = [];
    await drainOutbox(b.db, b.ctx.vault, { send: async (m) => void sent.push(m) });
    const alert = sent.find((m) => m.channel === 'alert' && m.body.includes('相似诉求'))!;
    expect(alert.body).toContain('6 位来电人');
    expect(alert.body).not.toMatch(/1390000/);
  });

  it('lists the clusters of the day for 热点诉求, to center readers only', async () => {
    const res = await b.as('leader').get('/api/analytics/clusters?from=2026-11-23&to=2026-11-23&minCallers=3');
    expect(res.statusCode, res.body).toBe(200);
    // all 18 requests of the day were read; the water (7 callers) and the street lights (5), most callers
    // first; not the one neighbour's noise
    expect(res.json()).toMatchObject({ read: 18, truncated: false });
    const items = res.json().items;
    expect(items.map((c: { callers: number }) => c.callers)).toEqual([7, 5]);
    expect(items[0]).toMatchObject({ tickets: 7 });
    expect(items[0].categories[0]).toEqual({ key: '城乡建设/供水', count: 4 });
    expect(items[0].samples[0].content).toContain('幸福小区');
    expect((await b.as('handler1').get('/api/analytics/clusters?from=2026-11-23&to=2026-11-23')).statusCode).toBe(403);
    const long = await b.as('leader').get('/api/analytics/clusters?from=2026-01-01&to=2026-11-23');
    expect(long.statusCode).toBe(422);
    expect(long.json().message).toContain('93 天');
  });
});
