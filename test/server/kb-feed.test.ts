import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers.ts';

/**
 * 知识库实时共享 through HTTP: a sub-centre's system pushes its knowledge entries with an API key of scope
 * kb:write; upsert by (source, its own id), every change a version, each through the center's review,
 * the entry marked with its source.
 */
let t: TestApp;
let key: string;
let otherKey: string;

const call = (k: string, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${k}` }, remoteAddress: '10.9.0.7', ...(payload ? { payload } : {}) });

const ENTRY = {
  title: '不动产登记资料查询需要哪些材料',
  questions: ['查房产证明要带什么', '不动产登记查询材料'],
  answer: '本人查询携带身份证原件；委托查询另需授权委托书和受托人身份证。',
  category: '住房',
  basis: { text: '《不动产登记资料查询暂行办法》第十四条' },
};

async function makeKey(name: string, unit: string, scopes: string[]) {
  const unitId = await t.unitId(unit);
  const res = await t.as('admin').post('/api/admin/api-keys', { name, unitId, scopes });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().key as string;
}

beforeAll(async () => {
  t = await buildTestApp();
  await t.addUser('reviewer', '12345政务服务便民热线中心', ['kb_reviewer']);
  key = await makeKey('渝中区不动产登记分中心系统', '渝中区', ['kb:write']);
  otherKey = await makeKey('江北区政务系统', '江北区', ['kb:write', 'tickets:read']);
}, 120_000);
afterAll(() => t?.close());

describe('凉山 第六条（二） 热线专业知识库全面实时共享至12345热线平台', () => {
  it('a push creates the entry under the key\'s unit, waiting for the center\'s review and marked with its source', async () => {
    const res = await call(key, 'PUT', '/api/kb/feed/BDC-0001', ENTRY);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ externalId: 'BDC-0001', state: 'pending', stateLabel: '待审核', created: true, unchanged: false });
    const entry = (await t.as('admin').get(`/api/kb/entries/${res.json().id}`)).json();
    expect(entry).toMatchObject({ title: ENTRY.title, state: 'pending', ownerUnit: { name: '渝中区' }, source: { name: '渝中区不动产登记分中心系统', ref: 'BDC-0001' } });
    // not served before review
    const search = (await t.as('agent').get(`/api/kb/search?q=${encodeURIComponent('不动产登记查询材料')}`)).json();
    expect(search.items.map((h: { id: string }) => h.id)).not.toContain(res.json().id);
  });

  it('the same push again adds no version; a change is a new version, back to review, kept in the history', async () => {
    const again = await call(key, 'PUT', '/api/kb/feed/BDC-0001', ENTRY);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ unchanged: true, created: false });
    const id = again.json().id;
    const v1 = again.json().version;

    // the center approves: published and found
    expect((await t.as('reviewer').post(`/api/kb/entries/${id}/approve`, {})).statusCode).toBe(200);
    const found = (await t.as('agent').get(`/api/kb/search?q=${encodeURIComponent('不动产登记查询材料')}`)).json();
    expect(found.items.map((h: { id: string }) => h.id)).toContain(id);
    expect((await call(key, 'GET', '/api/kb/feed/BDC-0001')).json()).toMatchObject({ state: 'published', stateLabel: '已发布' });

    const changed = await call(key, 'PUT', '/api/kb/feed/BDC-0001', { ...ENTRY, answer: `${ENTRY.answer}可在渝中区政务服务中心一楼窗口办理。` });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id, created: false, unchanged: false, state: 'pending' });
    expect(changed.json().version).toBeGreaterThan(v1);
    const versions = (await t.as('admin').get(`/api/kb/entries/${id}/versions`)).json();
    const actions = (Array.isArray(versions) ? versions : versions.items).map((v: { action: string }) => v.action);
    expect(actions.filter((a: string) => a === 'feed')).toHaveLength(2);
    expect(actions).toContain('approve');
  });

  it('the id is the source\'s own: another system\'s BDC-0001 is another entry', async () => {
    const other = await call(otherKey, 'PUT', '/api/kb/feed/BDC-0001', { ...ENTRY, title: '江北区不动产查询材料' });
    expect(other.statusCode).toBe(201);
    const mine = (await call(key, 'GET', '/api/kb/feed/BDC-0001')).json();
    expect(other.json().id).not.toBe(mine.id);
    expect((await t.as('admin').get(`/api/kb/entries/${other.json().id}`)).json()).toMatchObject({ ownerUnit: { name: '江北区' }, source: { name: '江北区政务系统' } });
  });

  it('refuses: a key without kb:write (403), a person even with KB roles (403), bad content (422 in Chinese), an unknown id (404)', async () => {
    const readOnly = await makeKey('只读系统', '渝中区', ['tickets:read']);
    expect((await call(readOnly, 'PUT', '/api/kb/feed/X-1', ENTRY)).statusCode).toBe(403);
    const person = await t.as('admin').put('/api/kb/feed/X-1', ENTRY);
    expect(person.statusCode).toBe(403);
    expect(person.json().message).toContain('API 密钥');
    // a kb:write key reaches nothing else
    expect((await call(key, 'GET', '/api/tickets')).statusCode).toBe(403);
    const empty = await call(key, 'PUT', '/api/kb/feed/X-1', { ...ENTRY, answer: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().message).toContain('答案');
    const owner = await call(key, 'PUT', '/api/kb/feed/X-1', { ...ENTRY, ownerUnitId: await t.unitId('江北区') });
    expect(owner.statusCode).toBe(422);
    expect((await call(key, 'PUT', '/api/kb/feed/bad%20id', ENTRY)).statusCode).toBe(422);
    expect((await call(key, 'GET', '/api/kb/feed/NOPE')).statusCode).toBe(404);
  });

  it('the system withdraws what it no longer carries: off at once, its history kept', async () => {
    const del = await call(key, 'DELETE', '/api/kb/feed/BDC-0001');
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json()).toMatchObject({ state: 'withdrawn', stateLabel: '已撤回' });
    expect((await call(key, 'DELETE', '/api/kb/feed/BDC-0001')).statusCode).toBe(404);
    const entry = (await t.as('admin').get(`/api/kb/entries/${del.json().id}`)).json();
    expect(entry.state).toBe('withdrawn');
    // pushed again: back through review
    const back = await call(key, 'PUT', '/api/kb/feed/BDC-0001', ENTRY);
    expect(back.json()).toMatchObject({ id: del.json().id, state: 'pending', unchanged: false });
  });
});
