import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryPredictor } from '../../src/server/dispatch/suggestions.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

// A stand-in classifier with a fixed vocabulary: the suggestion side is tested here, the model in
// its own tests. It reads "油烟" as 环境保护 and everything else as unknown.
const classifier: CategoryPredictor = {
  async predict(text) {
    if (!text.includes('油烟')) return null;
    return { category: '环境保护', confidence: 0.82, alternatives: [{ category: '环境保护', confidence: 0.82 }, { category: '商贸旅游', confidence: 0.1 }], words: ['油烟', '饭店'], modelId: 'm1' };
  },
};

let t: TestApp;
let yzCity: string;
let jiefangbei: string;
let yzEnv: string;

beforeAll(async () => {
  t = await buildTestApp({ classifier });
  yzCity = await t.unitId('渝中区城市管理局');
  jiefangbei = await t.unitId('解放碑街道办事处');
  yzEnv = await t.unitId('渝中区生态环境局');
});
afterAll(() => t.close());

async function create(body: Record<string, unknown>) {
  const res = await t.as('agent').post('/api/tickets', newTicket(body));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

describe('dispatch suggestions (凉山 第十一条、第十一条（二）属地管理、按职承办、行业主管)', () => {
  it('suggests the department with the duty for the place, then the street office, with reasons', async () => {
    const ticket = await create({ category: '城乡建设/路灯照明', content: '新华路的路灯不亮已经一周了', address: '渝中区解放碑街道新华路' });
    const res = await t.as('dispatcher').get(`/api/tickets/${ticket.id}/suggestions`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.place).toEqual({ code: '500103003', name: '解放碑街道' });
    expect(body.suggestions.slice(0, 2).map((s: { unitId: string }) => s.unitId)).toEqual([yzCity, jiefangbei]);
    const reasons = body.suggestions[0].reasons.map((r: { text: string }) => r.text).join(' ');
    expect(reasons).toContain('属地：解放碑街道');
    expect(reasons).toContain('派单目录：城乡建设/路灯照明');
    expect(reasons).toContain('职责：路灯');
  });

  it('uses the classifier when the agent gave no category, and shows its confidence and words', async () => {
    const res = await t.as('agent').post('/api/dispatch/suggestions', { content: '楼下饭店油烟直排，熏得没法开窗', address: '渝中区七星岗街道' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.classification.category).toBe('环境保护');
    expect(body.suggestions[0].unitId).toBe(yzEnv);
    const why = body.suggestions[0].reasons.find((r: { kind: string }) => r.kind === 'classifier').text;
    expect(why).toContain('82%');
    expect(why).toContain('油烟');
  });

  it('resolves a district name found in two provinces to the one in this city', async () => {
    const res = await t.as('agent').post('/api/dispatch/suggestions', { content: '江北区有饭店油烟扰民' });
    expect(res.json().place.code).toBe('500105');
  });

  it('refuses units outside the center and bad input, in Chinese', async () => {
    const ticket = await create({});
    expect((await t.as('handler1').get(`/api/tickets/${ticket.id}/suggestions`)).statusCode).toBe(403);
    const bad = await t.as('agent').post('/api/dispatch/suggestions', { content: '  ' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toMatch(/诉求内容/);
    expect((await t.as('dispatcher').get('/api/tickets/00000000-0000-0000-0000-000000000000/suggestions')).statusCode).toBe(404);
  });
});

describe('dispatch accuracy', () => {
  it('counts a ticket sent to the first suggestion and kept, and not one sent elsewhere or returned', async () => {
    const before = (await t.as('supervisor').get('/api/dispatch/accuracy')).json();
    const hit = await create({ category: '城乡建设/路灯照明', content: '路灯不亮', address: '渝中区解放碑街道' });
    const miss = await create({ category: '城乡建设/路灯照明', content: '路灯又坏了', address: '渝中区解放碑街道' });
    const back = await create({ category: '城乡建设/路灯照明', content: '路灯一直闪', address: '渝中区解放碑街道' });
    for (const x of [hit, miss, back]) expect((await t.as('dispatcher').get(`/api/tickets/${x.id}/suggestions`)).statusCode).toBe(200);
    const send = async (id: string, unitId: string) => {
      const res = await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId, role: 'lead' }] });
      expect(res.statusCode, res.body).toBe(200);
    };
    await send(hit.id, yzCity);
    await send(miss.id, jiefangbei);
    await send(back.id, yzCity);
    await t.addUser('yzcity1', '渝中区城市管理局', ['handler']);
    const ret = await t.as('yzcity1').act(back.id, 'return', { reason: '该路段路灯由供电公司管理', basis: '职责分工' });
    expect(ret.statusCode, ret.body).toBe(200);
    expect((await t.as('dispatcher').act(back.id, 'approve-return', {})).statusCode).toBe(200);

    const after = (await t.as('supervisor').get('/api/dispatch/accuracy')).json();
    expect(after.dispatched - before.dispatched).toBe(3);
    expect(after.firstChoice - before.firstChoice).toBe(2);
    expect(after.firstChoiceKept - before.firstChoiceKept).toBe(1);
    expect(after.returned - before.returned).toBe(1);
    expect(after.accuracy).toBeCloseTo(after.firstChoiceKept / after.dispatched, 3);
    expect((await t.as('handler1').get('/api/dispatch/accuracy')).statusCode).toBe(403);
    expect((await t.as('supervisor').get('/api/dispatch/accuracy?from=2026-12-01&to=2026-11-01')).statusCode).toBe(422);
  });
});

describe('routing table', () => {
  it('admins add, change and remove lines; others may not; bad lines are refused in Chinese', async () => {
    const list = await t.as('dispatcher').get('/api/routing-rules');
    expect(list.statusCode).toBe(200);
    expect(list.json().length).toBeGreaterThan(5);
    const line = { category: '卫生计生/医疗服务', unitId: jiefangbei, note: '试点' };
    expect((await t.as('dispatcher').post('/api/routing-rules', line)).statusCode).toBe(403);
    const created = await t.as('admin').post('/api/routing-rules', line);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json().unitName).toBe('解放碑街道办事处');

    const s = await t.as('agent').post('/api/dispatch/suggestions', { content: '医院排队太久', category: '卫生计生/医疗服务' });
    expect(s.json().suggestions[0].unitId).toBe(jiefangbei);

    const changed = await t.as('admin').put(`/api/routing-rules/${id}`, { category: '卫生计生/医疗服务', unitKind: 'district', regionCode: '500103' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().unitId).toBeNull();

    const both = await t.as('admin').post('/api/routing-rules', { category: '卫生计生', unitId: jiefangbei, unitKind: 'street' });
    expect(both.statusCode).toBe(422);
    expect(both.json().message).toContain('二选一');
    const unknown = await t.as('admin').post('/api/routing-rules', { category: '不存在的分类', unitKind: 'street' });
    expect(unknown.statusCode).toBe(422);
    expect((await t.as('admin').delete(`/api/routing-rules/${id}`)).statusCode).toBe(204);
    expect((await t.as('admin').delete(`/api/routing-rules/${id}`)).statusCode).toBe(404);
  });
});
