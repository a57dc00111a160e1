import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchKnowledgeBase } from '../../src/server/kb/expiry.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

let t: TestApp;
let yzCity: string;
let jiefangbei: string;

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-11-23T09:30:00+08:00' });
  yzCity = await t.unitId('渝中区城市管理局');
  jiefangbei = await t.unitId('解放碑街道办事处');
  await t.addUser('yzeditor', '渝中区城市管理局', ['kb_editor']);
  await t.addUser('jbeditor', '江北区市场监督管理局', ['kb_editor']);
  await t.addUser('reviewer', '12345政务服务便民热线中心', ['kb_reviewer']);
});
afterAll(() => t.close());

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function publish(user: string, body: Record<string, unknown>) {
  const e = await ok(await t.as(user).post('/api/kb/entries', body), 201);
  await ok(await t.as(user).post(`/api/kb/entries/${e.id}/submit`, {}));
  return ok(await t.as('reviewer').post(`/api/kb/entries/${e.id}/approve`, {}));
}

const notices = async (unitId: string) => (await t.db.query<{ body: string }>('SELECT body FROM outbox WHERE unit_id = $1 ORDER BY id', [unitId])).rows.map((r) => r.body);

describe('keeping the knowledge base up to date (谁提供、谁维护、谁更新: 重庆 第十八条、第十九条; 凉山 第十六条、第十七条; 邵阳 第二十二条)', () => {
  it('reminds the owner unit once of an entry expiring within 30 days, then takes it offline', async () => {
    const soon = await publish('yzeditor', { title: '冬季占道经营临时管理规定', answer: '12月起夜市占道经营须办理临时许可。', expiresOn: '2026-12-10', visibility: 'public' });
    await publish('yzeditor', { title: '户外广告设置审批', answer: '户外广告设置须经城管部门审批。', expiresOn: '2027-05-01' });
    const first = await watchKnowledgeBase(t.ctx);
    expect(first).toMatchObject({ reminded: 1, expired: 0 });
    expect((await notices(yzCity)).filter((b) => b.includes('将于 2026-12-10 失效'))).toHaveLength(1);
    expect((await watchKnowledgeBase(t.ctx)).reminded).toBe(0);

    const report = await ok(await t.as('yzeditor').get('/api/kb/reports/stale'));
    expect(report.units).toHaveLength(1);
    expect(report.units[0]).toMatchObject({ unit: { id: yzCity }, counts: { expiring: 1 } });
    expect(report.units[0].entries[0]).toMatchObject({ id: soon.id, reasons: ['expiring'] });
    expect((await ok(await t.as('jbeditor').get('/api/kb/reports/stale'))).units).toEqual([]);
    expect((await t.as('agent').get('/api/kb/reports/stale')).statusCode).toBe(403);

    t.setNow('2026-12-11T08:00:00+08:00');
    expect((await watchKnowledgeBase(t.ctx)).expired).toBe(1);
    const expired = await ok(await t.as('yzeditor').get(`/api/kb/entries/${soon.id}`));
    expect(expired.state).toBe('expired');
    expect((await notices(yzCity)).at(-1)).toContain('已于 2026-12-10 失效并下线');
    const history = await ok(await t.as('yzeditor').get(`/api/kb/entries/${soon.id}/versions`));
    expect(history.at(-1)).toMatchObject({ action: 'expire', actor: '系统' });
    const gone = await ok(await t.app.inject({ method: 'GET', url: `/api/public/kb?q=${encodeURIComponent('占道经营')}` }));
    expect(gone.items).toEqual([]);
    const later = await ok(await t.as('reviewer').get('/api/kb/reports/stale'));
    expect(later.units[0].counts.expired).toBe(1);
    t.setNow('2026-11-23T09:30:00+08:00');
  });

  it('lists the week\'s knowledge gaps by normalized query, for the owning units', async () => {
    const lamp = await publish('yzeditor', { title: '路灯维修报修流程', answer: '路灯不亮请拨打12345，城管部门三个工作日内修复。', visibility: 'public' });
    const ask = async (q: string) => ok(await t.as('agent').get(`/api/kb/search?q=${encodeURIComponent(q)}`));
    expect((await ask('宠物狗疫苗接种点在哪里')).items).toEqual([]);
    await ask('宠物狗疫苗接种点在哪里？');
    const s = await ask('路灯维修');
    expect(s.items[0].id).toBe(lamp.id);
    await ok(await t.as('agent').post(`/api/kb/entries/${lamp.id}/feedback`, { helpful: false, searchId: s.searchId }));
    const wrong = await t.as('agent').post(`/api/kb/entries/${lamp.id}/feedback`, { helpful: false, searchId: s.searchId + 1000 });
    expect(wrong.statusCode).toBe(422);

    const center = await ok(await t.as('reviewer').get('/api/kb/gaps'));
    const dog = center.gaps.find((g: { normalized: string }) => g.normalized === '宠物狗疫苗接种点在哪里');
    expect(dog).toMatchObject({ searches: 2, noResult: 2, ownerUnit: null });
    const lampGap = center.gaps.find((g: { normalized: string }) => g.normalized === '路灯维修');
    expect(lampGap).toMatchObject({ searches: 1, unhelpful: 1, closestEntry: { id: lamp.id }, ownerUnit: { id: yzCity } });
    const unit = await ok(await t.as('yzeditor').get('/api/kb/gaps'));
    expect(unit.gaps.map((g: { normalized: string }) => g.normalized)).toEqual(['路灯维修']);
    expect((await ok(await t.as('jbeditor').get('/api/kb/gaps'))).gaps).toEqual([]);
    const entry = await ok(await t.as('agent').get(`/api/kb/entries/${lamp.id}`));
    expect(entry.uses).toMatchObject({ unhelpful: 1 });
  });

  it('takes citizens\' feedback on public entries, a few per minute per address', async () => {
    const pub = await publish('kbeditor', { title: '新生儿医保参保登记', answer: '新生儿出生后三个月内办理医保参保登记。', visibility: 'public' });
    const internal = await publish('kbeditor', { title: '医保窗口内部排班', answer: '内部信息。' });
    const send = (id: string, helpful: boolean, ip = '203.0.113.7') =>
      t.app.inject({ method: 'POST', url: `/api/public/kb/${id}/feedback`, payload: { helpful }, remoteAddress: ip });
    expect((await send(internal.id, true, '203.0.113.9')).statusCode).toBe(404);
    for (let i = 0; i < 10; i += 1) expect((await send(pub.id, i % 2 === 0)).statusCode).toBe(200);
    const limited = await send(pub.id, true);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toContain('过于频繁');
    expect((await send(pub.id, true, '203.0.113.8')).statusCode).toBe(200);
    const entry = await ok(await t.as('agent').get(`/api/kb/entries/${pub.id}`));
    expect(entry.uses).toMatchObject({ helpful: 6, unhelpful: 5 });
  });
});

describe('agent assist', () => {
  it('shows the best entries and similar handled requests with the units\' replies', async () => {
    const create = async (content: string) => ok(await t.as('agent').post('/api/tickets', newTicket({ content })), 201);
    const done = await create('解放碑新华路的路灯坏了一个星期，晚上很黑');
    await ok(await t.as('dispatcher').act(done.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] }));
    await ok(await t.as('handler1').act(done.id, 'sign'));
    await ok(await t.as('handler1').act(done.id, 'reply', { process: '联系供电所更换线路', result: '路灯已修复', contacted: true }));
    await ok(await t.as('dispatcher').act(done.id, 'approve-completion'));
    await create('新华路路灯不亮'); // still open: not a precedent
    const r = await ok(await t.as('agent').get(`/api/kb/assist?text=${encodeURIComponent('新华路的路灯又不亮了，晚上看不见路')}`));
    expect(r.entries[0].title).toBe('路灯维修报修流程');
    expect(r.tickets).toHaveLength(1);
    expect(r.tickets[0]).toMatchObject({ id: done.id, status: 'visiting', replies: [{ unit: '解放碑街道办事处', result: '路灯已修复' }] });
    expect(r.tickets[0].excerptHtml).toContain('<mark>路灯</mark>');
    expect(JSON.stringify(r)).not.toContain('13812341234');
  });
});

describe('the domain dictionary and synonyms', () => {
  it('admins add words and synonym groups; entries are found by them at once', async () => {
    const e = await publish('kbeditor', { title: '渝快办注册指南', answer: '下载渝快办，用身份证实名注册。' });
    expect((await t.as('agent').post('/api/kb/dictionary/words', { word: '渝快办' })).statusCode).toBe(403);
    const added = await ok(await t.as('admin').post('/api/kb/dictionary/words', { word: '渝快办' }), 201);
    expect(added.reindexed).toBeGreaterThanOrEqual(1);
    await ok(await t.as('admin').post('/api/kb/dictionary/words', { word: '一网通办' }), 201);
    expect((await t.as('admin').post('/api/kb/dictionary/words', { word: '一网通办' })).statusCode).toBe(409);
    const group = await ok(await t.as('admin').post('/api/kb/dictionary/synonyms', { words: ['渝快办', '一网通办'] }), 201);
    const r = await ok(await t.as('agent').get(`/api/kb/search?q=${encodeURIComponent('一网通办怎么注册')}`));
    expect(r.items[0].id).toBe(e.id);
    const dict = await ok(await t.as('agent').get('/api/kb/dictionary'));
    expect(dict.words).toEqual(expect.arrayContaining(['渝快办', '一网通办']));
    expect(dict.synonyms.map((s: { id: string }) => s.id)).toContain(group.id);
    await ok(await t.as('admin').delete(`/api/kb/dictionary/synonyms/${group.id}`));
  });
});
