import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillFingerprints } from '../../src/server/repeats/backfill.ts';
import { buildTestApp, outboxTo, type TestApp } from '../helpers.ts';

let t: TestApp;
let jiefangbei: string;

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-11-02T09:30:00+08:00' });
  jiefangbei = await t.unitId('解放碑街道办事处');
});
afterAll(() => t.close());

const LAMP = '新华路12号门口的路灯已经坏了一个多星期，晚上一片漆黑，老人孩子出行很不安全，请尽快派人维修。';
const LAMP_AGAIN = '尊敬的领导您好！新华路12号门口路灯坏了一个多星期了，晚上一片漆黑，老人和孩子出行很不安全，希望尽快派人来维修，谢谢！';
const NOISE = '幸福小区3栋楼下的烧烤店每天营业到凌晨两点，油烟和噪音严重扰民，居民无法休息。';
const SCHOOL = '孩子今年满六岁，户口在江北区，想咨询小学入学需要准备哪些材料，网上报名什么时候开始？';
const NEW_HUA = '渝中区解放碑街道新华路12号';

let phones = 0;
const phone = () => `1390000${String((phones += 1)).padStart(4, '0')}`;

async function create(content: string, extra: Record<string, unknown> = {}) {
  const res = await t.as('agent').post('/api/tickets', { channel: 'phone', caller: { name: '李四', phone: phone() }, type: 'help', content, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; version: number };
}

async function repeatsOf(id: string, user = 'agent', query = '') {
  const res = await t.as(user).get(`/api/tickets/${id}/repeats${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { windowDays: number; candidates: Array<{ ticketId: string; number: string; status: string; similarity: number; reasons: string[]; caller: { phone: string | null } | null }> };
}

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

describe('finding repeats', () => {
  it('shows the earlier tickets of the same caller, whatever they were about, with their state', async () => {
    const caller = { name: '王五', phone: '13700001111' };
    const first = await create(SCHOOL, { caller });
    const second = await create(NOISE, { caller: { ...caller, phone: '137-0000-1111' }, address: '江北区幸福小区' });
    const { candidates, windowDays } = await repeatsOf(second.id);
    expect(windowDays).toBe(30);
    const hit = candidates.find((c) => c.ticketId === first.id)!;
    expect(hit.reasons).toEqual(['same-caller']);
    expect(hit.status).toBe('registered');
    expect(hit.number).toBe(first.number);
    expect(candidates.some((c) => c.ticketId === second.id)).toBe(false);
  });

  it('shows a near-duplicate request at the same place from another caller, best first, and not unrelated ones', async () => {
    const original = await create(LAMP, { address: NEW_HUA, title: '路灯不亮' });
    const unrelated = await create(SCHOOL, { address: '江北区观音桥街道' });
    const again = await create(LAMP_AGAIN, { address: '渝中区 解放碑街道 新华路12号' });
    const { candidates } = await repeatsOf(again.id);
    expect(candidates[0]!.ticketId).toBe(original.id);
    expect(candidates[0]!.reasons).toEqual(['same-place', 'similar-text']);
    expect(candidates[0]!.similarity).toBeGreaterThan(0.5);
    expect(candidates.map((c) => c.ticketId)).not.toContain(unrelated.id);
    expect((await repeatsOf(unrelated.id)).candidates.map((c) => c.ticketId)).not.toContain(original.id);
  });

  it('lets the agent see repeats while registering, before saving', async () => {
    await create(NOISE, { address: '江北区幸福小区3栋' });
    const res = await t.as('agent').post('/api/repeats/preview', { content: `${NOISE}已经反映过了，还是没人管！`, address: '江北区幸福小区3栋' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().candidates[0].reasons).toContain('similar-text');
    // the center sees callers in full
    expect(res.json().candidates[0].caller.phone).not.toContain('*');

    expect((await t.as('handler1').post('/api/repeats/preview', { content: NOISE })).statusCode).toBe(403);
    const empty = await t.as('agent').post('/api/repeats/preview', { content: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().message).toContain('请填写诉求内容');
    expect((await t.as('agent').post('/api/repeats/preview', { content: NOISE, windowDays: 0 })).statusCode).toBe(422);
    expect((await t.as('agent').post('/api/repeats/preview', { content: NOISE, callerPhone: 'abc' })).statusCode).toBe(422);
  });

  it('finds a ticket registered moments ago, before its band rows are written and after', async () => {
    const original = await create(LAMP, { address: '渝中区七星岗街道中山一路8号' });
    const bandRows = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_bands WHERE ticket_id = $1', [original.id])).rows[0]!.n;
    const queued = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_bands_queue WHERE ticket_id = $1', [original.id])).rows[0]!.n;
    await t.app.appContext.bands!.flush();
    expect([await bandRows(), await queued()]).toEqual([42, 0]);
    // as registration leaves it: the fingerprint written, the band rows queued
    await t.db.query('DELETE FROM ticket_bands WHERE ticket_id = $1', [original.id]);
    await t.db.query('INSERT INTO ticket_bands_queue (ticket_id) VALUES ($1)', [original.id]);
    const preview = async () => {
      const res = await t.as('agent').post('/api/repeats/preview', { content: LAMP_AGAIN, address: '渝中区七星岗街道中山一路8号' });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().candidates as Array<{ ticketId: string; similarity: number }>).find((c) => c.ticketId === original.id);
    };
    const before = await preview();
    expect(before?.similarity).toBeGreaterThan(0.5);
    expect(await bandRows()).toBe(0);
    await t.app.appContext.bands!.flush();
    expect([await bandRows(), await queued()]).toEqual([42, 0]);
    expect(await preview()).toEqual(before);
  });

  it('looks only within the window, 30 days by default and wider when asked', async () => {
    t.setNow('2026-09-01T10:00:00+08:00');
    const old = await create('解放西路88号的下水道堵塞，污水漫到人行道上，气味很大，行人无法通行。', { address: '渝中区解放西路88号' });
    t.setNow('2026-11-02T10:00:00+08:00');
    const late = await create('解放西路88号下水道堵塞，污水漫到人行道上了，气味很大，行人都无法通行。', { address: '渝中区解放西路88号' });
    expect((await repeatsOf(late.id)).candidates.map((c) => c.ticketId)).not.toContain(old.id);
    expect((await repeatsOf(late.id, 'agent', '?windowDays=90')).candidates.map((c) => c.ticketId)).toContain(old.id);
    expect((await t.as('agent').get(`/api/tickets/${late.id}/repeats?windowDays=abc`)).statusCode).toBe(422);
  });

  it('shows a unit only the tickets it may see, with the caller masked', async () => {
    const caller = { name: '赵六', phone: '13611112222' };
    const a = await create(LAMP, { address: NEW_HUA, caller });
    const b = await create(LAMP_AGAIN, { address: NEW_HUA, caller });
    // not dispatched to the street office: it does not exist for them
    expect((await t.as('handler1').get(`/api/tickets/${b.id}/repeats`)).statusCode).toBe(404);
    await ok('dispatcher', b.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] });
    expect((await repeatsOf(b.id, 'handler1')).candidates.map((c) => c.ticketId)).not.toContain(a.id);
    await ok('dispatcher', a.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] });
    const seen = (await repeatsOf(b.id, 'handler1')).candidates.find((c) => c.ticketId === a.id)!;
    expect(seen.caller!.phone).toBe('136****2222');
    expect((await repeatsOf(b.id, 'agent')).candidates.find((c) => c.ticketId === a.id)!.caller!.phone).toBe('13611112222');
  });

  it('fingerprints tickets from before repeat detection', async () => {
    const a = await create('朝天门码头附近的共享单车乱停乱放，堵住了消防通道，存在安全隐患。', { address: '渝中区朝天门街道' });
    const b = await create('朝天门码头附近共享单车乱停乱放，把消防通道堵住了，存在很大的安全隐患。', { address: '渝中区朝天门街道' });
    // a: from before migration 005 (no fingerprint); b: fingerprinted by an older version
    await t.db.query('DELETE FROM ticket_bands WHERE ticket_id = $1', [a.id]);
    await t.db.query('DELETE FROM ticket_fingerprints WHERE ticket_id = $1', [a.id]);
    await t.db.query('UPDATE ticket_fingerprints SET version = 0 WHERE ticket_id = $1', [b.id]);
    expect((await repeatsOf(b.id)).candidates.map((c) => c.ticketId)).not.toContain(a.id);
    expect(await backfillFingerprints(t.db)).toBe(2);
    expect((await repeatsOf(b.id)).candidates.map((c) => c.ticketId)).toContain(a.id);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_bands WHERE ticket_id = $1', [b.id]);
    expect(rows[0]!.n).toBe(42);
  });
});

describe('merging and linking', () => {
  it('merges a new ticket into its original: both timelines, the caller noted for the visit and told by SMS', async () => {
    const original = await create(LAMP, { address: NEW_HUA });
    const dup = await create(LAMP_AGAIN, { address: NEW_HUA, caller: { name: '钱七', phone: '13522223333' } });

    // center staff without the role are refused; a unit holding no share does not see the ticket at all
    expect((await t.as('visitor').act(dup.id, 'merge', { originalId: original.id })).statusCode).toBe(403);
    expect((await t.as('supervisor').act(dup.id, 'merge', { originalId: original.id })).statusCode).toBe(403);
    expect((await t.as('handler1').act(dup.id, 'merge', { originalId: original.id })).statusCode).toBe(404);
    const self = await t.as('agent').act(dup.id, 'merge', { originalId: dup.id });
    expect(self.statusCode).toBe(422);
    expect(self.json().message).toContain('自身');
    expect((await t.as('agent').act(dup.id, 'merge', { originalId: 'nope' })).statusCode).toBe(422);
    const missing = await t.as('agent').act(dup.id, 'merge', { originalId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().message).toBe('原工单不存在');

    const merged = await ok('agent', dup.id, 'merge', { originalId: original.id, note: '同一路灯' });
    expect(merged.status).toBe('merged');
    expect(merged.statusLabel).toBe('已合并');
    expect(merged.repeatOf).toBe(original.id);
    expect(merged.events.at(-1)).toMatchObject({ action: 'merge', originalNumber: original.number });
    expect((await t.as('agent').act(dup.id, 'merge', { originalId: original.id })).statusCode).toBe(409);

    const o = (await t.as('visitor').get(`/api/tickets/${original.id}`)).json();
    expect(o.events.at(-1)).toMatchObject({ action: 'merged-in', mergedNumber: dup.number, callerPhone: '13522223333' });
    expect((await outboxTo(t, '13522223333')).at(-1)).toContain(original.number);

    // the original is handled; units never see the merged caller; the visit closes it and tells them too
    await ok('dispatcher', original.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] });
    const forUnit = (await t.as('handler1').get(`/api/tickets/${original.id}`)).json();
    expect(JSON.stringify(forUnit.events)).not.toContain('13522223333');
    await ok('handler1', original.id, 'sign');
    await ok('handler1', original.id, 'reply', { process: '更换灯泡', result: '路灯已修复', contacted: true });
    await ok('dispatcher', original.id, 'approve-completion');
    await ok('visitor', original.id, 'visit', { satisfaction: 'satisfied', resolution: 'resolved' });
    expect((await outboxTo(t, '13522223333')).at(-1)).toContain('办结');

    // a closed original takes no more merges
    const late = await create(LAMP_AGAIN, { address: NEW_HUA });
    const refused = await t.as('agent').act(late.id, 'merge', { originalId: original.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toContain('已办结');
  });

  it('links to the first ticket of the matter when the one named is itself a repeat, and refuses loops', async () => {
    const first = await create(NOISE, { address: '江北区幸福小区3栋' });
    const second = await create(NOISE, { address: '江北区幸福小区3栋' });
    const third = await create(NOISE, { address: '江北区幸福小区3栋' });
    await ok('agent', second.id, 'merge', { originalId: first.id });
    const linked = await ok('dispatcher', third.id, 'link-repeat', { originalId: second.id });
    expect(linked.repeatOf).toBe(first.id);
    expect(linked.events.at(-1)).toMatchObject({ action: 'link-repeat', originalId: first.id, requestedId: second.id });
    const loop = await t.as('agent').act(first.id, 'link-repeat', { originalId: third.id });
    expect(loop.statusCode).toBe(422);
    expect(loop.json().message).toContain('互相关联');
  });
});

describe('repeats per matter', () => {
  it('counts repeats by original, most repeated first, for supervisors and leaders', async () => {
    const busy = await create('较场口夜市摊贩占道经营，每晚噪音和垃圾扰民，多次反映无果。', { address: '渝中区较场口' });
    for (let i = 0; i < 3; i += 1) {
      const r = await create('较场口夜市摊贩占道经营，每晚噪音和垃圾扰民。', { address: '渝中区较场口' });
      await ok('agent', r.id, i === 0 ? 'link-repeat' : 'merge', { originalId: busy.id });
    }
    const res = await t.as('leader').get('/api/reports/repeats?from=2026-10-01&to=2026-11-30');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.items[0]).toMatchObject({ ticketId: busy.id, number: busy.number, repeats: 3, merged: 2, linked: 1 });
    expect(report.items.map((i: { repeats: number }) => i.repeats)).toEqual([...report.items.map((i: { repeats: number }) => i.repeats)].sort((a, b) => b - a));
    expect((await t.as('supervisor').get('/api/reports/repeats')).statusCode).toBe(200);
    // repeats before the period are not counted
    expect((await t.as('leader').get('/api/reports/repeats?from=2026-12-01&to=2026-12-31')).json().items).toEqual([]);

    expect((await t.as('agent').get('/api/reports/repeats')).statusCode).toBe(403);
    expect((await t.as('handler1').get('/api/reports/repeats')).statusCode).toBe(403);
    const backwards = await t.as('leader').get('/api/reports/repeats?from=2026-11-30&to=2026-11-01');
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().message).toContain('起始日不能晚于截止日');
    expect((await t.as('leader').get('/api/reports/repeats?from=2026-02-30')).statusCode).toBe(422);
  });
});
