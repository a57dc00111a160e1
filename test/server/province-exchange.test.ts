import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskName, maskPhone } from '../../src/core/ticket/privacy.ts';
import type { ExchangePeer } from '../../src/server/integration/exchange/peers.ts';
import { runProvincePushes, scheduleProvincePushes } from '../../src/server/integration/exchange/province-push.ts';
import { relay, type Relay } from '../exchange-relay.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 省市两级数据通道 (issue 15 item 5; 四川 (sichuan-2021) 二 打通省、市数据通道, 六（二） 综合分析评价): three open12345
 * instances, three databases — two cities, 凉山州 (liangshan-2023) and 成都市 (its own preset; chongqing-2021 stands
 * in), and the province, 四川省. Each city pushes its month's indicators to the province over HTTP through a
 * relay that can be down; the province shows both side by side, never a caller's data.
 */

let ls: TestApp;
let cd: TestApp;
let sc: TestApp;
let toSc: Relay;
const keys: Record<string, { id: string; key: string }> = {};
/** Each city's view of the province: the key the province made for it; platformId: the city's id at the province. */
const province = (city: string, key: string): ExchangePeer => ({ id: 'sc-12345', name: '四川省 12345 平台', url: toSc.url, key, platformId: city, level: 'province' });
const toLs = { current: null as ExchangePeer | null };

/** The callers of the cities' tickets: none of this may reach the province. */
const PEOPLE = [
  { name: '阿西木呷', phone: '13800771234', address: '西昌市长安街道航天大道 99 号 3 栋 2 单元' },
  { name: '吉克曲布', phone: '13900882345', address: '西昌市长安街道胜利路 18 号' },
  { name: '赵一鸣', phone: '13700993456', address: '渝中区解放碑街道新华路 12 号附 5 号' },
];

async function ok(t: TestApp, user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

/** A ticket of `who` at `t`, dispatched, replied and visited (satisfied or not). */
async function handled(t: TestApp, who: (typeof PEOPLE)[number], content: string, satisfaction: 'satisfied' | 'dissatisfied', category = '城乡建设/路灯照明') {
  const made = (await t.as('agent').post('/api/tickets', newTicket({ caller: { name: who.name, phone: who.phone }, address: who.address, content, category }))).json();
  await ok(t, 'dispatcher', made.id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
  await ok(t, 'handler1', made.id, 'sign');
  await ok(t, 'handler1', made.id, 'reply', { process: '现场核查', result: '已修复', contacted: true });
  if ((await t.as('dispatcher').get(`/api/tickets/${made.id}`)).json().status === 'reviewing') await ok(t, 'dispatcher', made.id, 'approve-completion');
  await ok(t, 'visitor', made.id, 'visit', satisfaction === 'satisfied' ? { satisfaction, resolution: 'resolved' } : { satisfaction, resolution: 'unresolved', fault: 'objective', comment: '还是不亮' });
  return made as { id: string; number: string };
}

const setNow = (iso: string) => [ls, cd, sc].forEach((t) => t.setNow(iso));
const numbers: string[] = [];

beforeAll(async () => {
  toSc = await relay();
  // the province lists its cities (level city); their url and key serve transfers down to them, unused here
  const city = (id: string, name: string): ExchangePeer => ({ id, name, url: 'http://127.0.0.1:9', key: 'o12345_unused', platformId: 'sc-12345', level: 'city' });
  sc = await buildTestApp({ server: { exchangePeers: [city('ls-12345', '凉山州 12345 平台'), city('cd-12345', '成都市 12345 平台')] } });
  toSc.target = sc;
  for (const c of ['ls-12345', 'cd-12345']) keys[c] = (await sc.as('admin').post('/api/admin/api-keys', { name: `${c} 指标上报`, scopes: ['exchange'] })).json();
  toLs.current = province('ls-12345', keys['ls-12345']!.key);
  ls = await buildTestApp({ policy: 'liangshan-2023', server: { exchangePeers: [toLs.current] } });
  cd = await buildTestApp({ server: { exchangePeers: [province('cd-12345', keys['cd-12345']!.key)] } });

  // 凉山: four lights out in one street within days (a hot issue), one visit dissatisfied
  for (let i = 0; i < 4; i += 1) {
    setNow(`2026-11-1${i}T10:00:00+08:00`);
    numbers.push((await handled(ls, PEOPLE[i % 2]!, `航天大道路灯不亮第 ${i + 1} 处，夜里很黑`, i === 3 ? 'dissatisfied' : 'satisfied')).number);
  }
  // 成都: two requests, both satisfied
  for (let i = 0; i < 2; i += 1) {
    setNow(`2026-11-1${5 + i}T10:00:00+08:00`);
    numbers.push((await handled(cd, PEOPLE[2]!, `新华路噪声扰民第 ${i + 1} 次`, 'satisfied', '环境保护/噪声扰民')).number);
  }
}, 300_000);
afterAll(async () => {
  for (const t of [ls, cd, sc]) await t?.close();
  await toSc?.close();
});

const comparison = async (month = '2026-11') => {
  const res = await sc.as('leader').get(`/api/analytics/province?month=${month}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('省市两级数据通道 (四川 (sichuan-2021) 二、六（二）)', () => {
  it('each city pushes its month to the province on the schedule; the province down, the push is retried with back-off', async () => {
    setNow('2026-11-23T10:00:00+08:00');
    toSc.modes = ['down', 'down'];
    // the month before (October, over: its final figures) and the running month
    expect(await runProvincePushes(ls.app.appContext)).toMatchObject({ queued: 2, sent: 2, failed: 2 });
    expect(await runProvincePushes(ls.app.appContext)).toMatchObject({ queued: 0, sent: 0 });
    setNow('2026-11-23T10:00:31+08:00');
    expect(await runProvincePushes(ls.app.appContext)).toMatchObject({ queued: 0, sent: 2, acknowledged: 2 });
    expect(await runProvincePushes(cd.app.appContext)).toMatchObject({ queued: 2, sent: 2, acknowledged: 2 });
    expect(toSc.seen.map((s) => s.status)).toEqual([503, 503, 200, 200, 200, 200]);
    expect(new Set(toSc.seen.map((s) => s.url))).toEqual(new Set(['/api/exchange/peers/ls-12345/indicators', '/api/exchange/peers/cd-12345/indicators']));
    const pushes = (await ls.as('admin').get('/api/exchange/province')).json();
    expect(pushes.province).toEqual({ id: 'sc-12345', name: '四川省 12345 平台' });
    expect(pushes.items.map((p: { period: string; state: string; attempts: number }) => [p.period, p.state, p.attempts])).toEqual([
      ['2026-11', 'acknowledged', 2],
      ['2026-10', 'acknowledged', 2],
    ]);
  });

  it('the province shows both cities side by side: 受理量、按时办结率、满意率、回访率、热点诉求, and the province’s total', async () => {
    const p = await comparison();
    expect(p.cities.map((c: { id: string; name: string }) => [c.id, c.name])).toEqual([
      ['ls-12345', '凉山州 12345 平台'],
      ['cd-12345', '成都市 12345 平台'],
    ]);
    const [l, c] = p.cities;
    expect(l.report).toMatchObject({ through: '2026-11-23', complete: false, tickets: { received: 4, closed: 4, visited: 4, unreachable: 0 } });
    expect(l.report.rates).toMatchObject({ onTimeRate: 1, satisfactionRate: 0.75, visitRate: 1, responseRate: 1 });
    expect(l.report.hot).toEqual([expect.objectContaining({ category: '城乡建设/路灯照明', count: 4, previous: 0 })]);
    expect(l.report.byCategory).toEqual([{ key: '城乡建设', count: 4 }]);
    expect(c.report).toMatchObject({ tickets: { received: 2, closed: 2 }, rates: { satisfactionRate: 1 } });
    expect(c.report.byCategory).toEqual([{ key: '环境保护', count: 2 }]);
    // the province's total from the counts, not an average of the rates: 5 satisfied of 6 rated
    expect(p.total).toMatchObject({ reported: 2, tickets: { received: 6, closed: 6, visited: 6 }, rates: { satisfactionRate: 0.8333, onTimeRate: 1, visitRate: 1 } });
    expect(p.months).toEqual(['2026-11', '2026-10']);
    expect(p.indicators.map((i: { label: string }) => i.label)).toEqual(expect.arrayContaining(['受理量', '按时办结率', '满意率', '回访率']));
    const october = await comparison('2026-10');
    expect(october.cities[0].report).toMatchObject({ complete: true, through: '2026-10-31', tickets: { received: 0 } });
    // the center's readers only; a unit, a visitor: no
    for (const u of ['analyst', 'admin', 'supervisor']) expect((await sc.as(u).get('/api/analytics/province?month=2026-11')).statusCode, u).toBe(200);
    for (const u of ['handler1', 'visitor', 'agent']) expect((await sc.as(u).get('/api/analytics/province?month=2026-11')).statusCode, u).toBe(403);
    expect((await sc.as('leader').get('/api/analytics/province?month=2026-13')).statusCode).toBe(422);
  });

  it('a newer push of the month replaces the one kept; the same again and an older one change nothing', async () => {
    setNow('2026-11-23T10:30:00+08:00');
    numbers.push((await handled(ls, PEOPLE[0]!, '航天大道路灯又坏了一处', 'satisfied')).number);
    // within the hour: nothing new is due
    expect(await runProvincePushes(ls.app.appContext)).toMatchObject({ queued: 0 });
    setNow('2026-11-23T11:00:31+08:00');
    expect(await runProvincePushes(ls.app.appContext)).toMatchObject({ queued: 1, acknowledged: 1 });
    const l = (await comparison()).cities[0].report;
    expect(l).toMatchObject({ versions: 2, tickets: { received: 5 } });

    const kept = await sc.db.query<{ payload: Record<string, unknown> }>("SELECT payload FROM province_reports WHERE peer = 'ls-12345' AND period = '2026-11'");
    const post = (body: unknown, key = keys['ls-12345']!.key, city = 'ls-12345') =>
      sc.app.inject({ method: 'POST', url: `/api/exchange/peers/${city}/indicators`, remoteAddress: '10.60.0.3', headers: { authorization: `Bearer ${key}` }, payload: body as object });
    const again = await post(kept.rows[0]!.payload);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ ack: true, stored: false, replayed: true });
    const older = await post({ ...kept.rows[0]!.payload, messageId: 'older-one', generatedAt: '2026-11-20T09:00:00+08:00', tickets: { received: 1, closed: 0, visited: 0, unreachable: 0 } });
    expect(older.json()).toMatchObject({ ack: true, stored: false, replayed: false });
    expect((await comparison()).cities[0].report).toMatchObject({ versions: 2, tickets: { received: 5 } });

    // refused: another city's key (each city's reports come from one account), no key, a person, a field outside the shape
    const spoof = await post({ ...kept.rows[0]!.payload, messageId: 'spoof', generatedAt: '2026-11-23T12:00:00+08:00' }, keys['cd-12345']!.key);
    expect(spoof.statusCode).toBe(403);
    expect(spoof.json().message).toContain('凉山州');
    expect((await post(kept.rows[0]!.payload, 'o12345_nope_nope')).statusCode).toBe(401);
    expect((await sc.as('admin').post('/api/exchange/peers/ls-12345/indicators', kept.rows[0]!.payload)).statusCode).toBe(403);
    expect((await post(kept.rows[0]!.payload, keys['ls-12345']!.key, 'nowhere')).statusCode).toBe(404);
    const leaky = await post({ ...kept.rows[0]!.payload, messageId: 'leaky', hot: [{ category: '城乡建设/路灯照明', place: null, count: 4, previous: 0, lastYear: 0, pPrevious: 0.06, significant: false, samples: [{ number: numbers[0] }] }] });
    expect(leaky.statusCode).toBe(422);
    const reader = (await sc.as('admin').post('/api/admin/api-keys', { name: '只读', scopes: ['analytics:read'] })).json().key;
    expect((await post(kept.rows[0]!.payload, reader)).statusCode).toBe(403);
    expect((await comparison()).cities[0].report.versions).toBe(2);
  });

  it('no caller’s data reaches the province: not in what it stored, nor in what went over the wire', async () => {
    const stored = await sc.db.query<{ text: string }>('SELECT payload::text AS text FROM province_reports');
    const wire = toSc.seen.map((s) => s.body);
    const audit = await sc.db.query<{ text: string }>("SELECT detail::text AS text FROM audit_log WHERE action = 'exchange.indicators'");
    const haystack = [...stored.rows.map((r) => r.text), ...wire, ...audit.rows.map((r) => r.text)].join('\n');
    expect(stored.rows).toHaveLength(4);
    for (const p of PEOPLE) {
      for (const secret of [p.name, maskName(p.name)!, p.phone, maskPhone(p.phone)!, p.address, p.address.split(' ')[0]!.replace(/^.*街道/, '')]) expect(haystack, secret).not.toContain(secret);
    }
    for (const n of numbers) expect(haystack).not.toContain(n);
    expect(haystack).not.toContain('夜里很黑');
    expect(haystack).not.toContain('噪声扰民第');
  });

  it('立即上报 on demand from the city; a province that keeps refusing stops the push and tells the city’s administrator', async () => {
    setNow('2026-11-23T14:00:00+08:00');
    const now = await ls.as('admin').post('/api/exchange/province/push', {});
    expect(now.statusCode, now.body).toBe(200);
    expect(now.json()).toMatchObject({ month: '2026-11', state: 'acknowledged' });
    expect((await ls.as('handler1').post('/api/exchange/province/push', {})).statusCode).toBe(403);
    expect((await sc.as('admin').post('/api/exchange/province/push', {})).statusCode).toBe(404);
    expect((await ls.as('admin').post('/api/exchange/province/push', { month: '2027-01' })).statusCode).toBe(422);

    // the province revokes 凉山's key: 401, a refusal — three in a row and the push stops
    expect((await sc.as('admin').post(`/api/admin/api-keys/${keys['ls-12345']!.id}/revoke`)).statusCode).toBe(200);
    setNow('2026-11-23T15:00:01+08:00');
    expect(await runProvincePushes(ls.app.appContext)).toMatchObject({ queued: 1, failed: 1 });
    setNow('2026-11-23T15:00:32+08:00');
    expect(await runProvincePushes(ls.app.appContext)).toMatchObject({ failed: 1 });
    setNow('2026-11-23T15:01:33+08:00');
    expect(await runProvincePushes(ls.app.appContext)).toMatchObject({ failed: 1 });
    const list = (await ls.as('admin').get('/api/exchange/province')).json().items;
    expect(list[0]).toMatchObject({ state: 'stopped', attempts: 3, lastStatus: 401, stoppedReason: expect.stringContaining('连续 3 次拒收') });
    // no more pushes queued (nor alerts raised) while it is stopped
    setNow('2026-11-23T17:00:00+08:00');
    expect(await scheduleProvincePushes(ls.app.appContext, toLs.current!)).toBe(0);
    expect((await ls.as('admin').get('/api/inbox/counts')).json().integration).toBe(1);
    const issues = (await ls.as('admin').get('/api/inbox/integration')).json().items;
    expect(issues).toEqual([expect.objectContaining({ kind: 'push-stopped', name: '四川省 12345 平台（2026-11）', reason: expect.stringContaining('HTTP 401') })]);
    expect((await ls.as('leader').get('/api/inbox/integration')).json().items).toEqual([]);
    const alerts = await ls.db.query<{ body: string }>("SELECT body FROM outbox WHERE channel = 'alert' AND body LIKE '%指标上报%'");
    expect(alerts.rows).toHaveLength(1);

    // a revoked key cannot be rotated: the province makes the city a new key of a new account, which takes over
    // the city (its old account has no key left); the city sends again on demand, the stopped push superseded
    toLs.current!.key = (await sc.as('admin').post('/api/admin/api-keys', { name: 'ls-12345 指标上报（新）', scopes: ['exchange'] })).json().key;
    const again = await ls.as('admin').post('/api/exchange/province/push', {});
    expect(again.json(), again.body).toMatchObject({ state: 'acknowledged' });
    expect((await ls.as('admin').get('/api/inbox/counts')).json().integration).toBe(0);
    expect((await ls.as('admin').get('/api/exchange/province')).json().items.slice(0, 2).map((p: { state: string }) => p.state)).toEqual(['acknowledged', 'superseded']);
    expect((await comparison()).cities[0].report.tickets.received).toBe(5);
    // 成都's account still cannot report for 凉山, nor 凉山's new one for 成都
    const kept = await sc.db.query<{ payload: Record<string, unknown> }>("SELECT payload FROM province_reports WHERE peer = 'ls-12345' AND period = '2026-11'");
    const as = async (key: string, city: string) =>
      (await sc.app.inject({ method: 'POST', url: `/api/exchange/peers/${city}/indicators`, remoteAddress: '10.60.0.4', headers: { authorization: `Bearer ${key}` }, payload: { ...kept.rows[0]!.payload, messageId: `x-${city}`, generatedAt: '2026-11-23T18:00:00+08:00' } })).statusCode;
    expect(await as(keys['cd-12345']!.key, 'ls-12345')).toBe(403);
    expect(await as(toLs.current!.key, 'cd-12345')).toBe(403);
  });
});
