import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

let t: TestApp;
let cookie: string;
const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).rows[0]!.n;

beforeAll(async () => {
  t = await buildTestApp();
  cookie = await t.login('agent');
});
afterAll(() => t.close());

function post(payload: string | object, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/tickets', headers: { cookie, 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
}

describe('bad input gets a clear 4xx in Chinese and writes nothing', () => {
  it.each([
    ['unknown field', newTicket({ secret: 1 }), /secret|未知|无法识别/],
    ['content over 10,000 characters', newTicket({ content: '路'.repeat(10_001) }), /诉求内容不能超过 10000 字/],
    ['empty content', newTicket({ content: '  ' }), /请填写诉求内容/],
    ['wrong type', newTicket({ type: 'chat' }), /type/],
    ['missing phone on a named ticket', newTicket({ caller: { name: '李四' } }), /电话/],
    ['bad phone', newTicket({ caller: { name: '李四', phone: 'call me' } }), /电话号码格式不正确/],
  ])('%s → 422', async (_name, body, message) => {
    const before = await count();
    const r = await post(body);
    expect(r.statusCode).toBe(422);
    expect(r.json().message).toMatch(message);
    expect(r.json().message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await count()).toBe(before);
  });

  it('malformed JSON → 400, wrong content type → 415, a huge body → 413', async () => {
    const bad = await post('{"channel": "phone",');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('请求体不是合法的 JSON');
    const xml = await post('<ticket/>', { 'content-type': 'application/xml' });
    expect(xml.statusCode).toBe(415);
    const huge = await post(JSON.stringify(newTicket({ content: 'x'.repeat(2_000_000) })));
    expect(huge.statusCode).toBe(413);
  });

  it('a bad query string is refused, not a 500', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/tickets?pageSize=100000', headers: { cookie } });
    expect(r.statusCode).toBe(422);
    const id = await t.app.inject({ method: 'GET', url: '/api/tickets/not-an-id', headers: { cookie } });
    expect(id.statusCode).toBe(404);
  });

  it('an action with a bad body changes nothing', async () => {
    const c = (await post(newTicket())).json();
    const r = await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: '00000000-0000-4000-8000-000000000000', role: 'lead' }] });
    expect(r.statusCode).toBe(422);
    expect(r.json().message).toContain('承办单位不存在');
    const after = (await t.as('dispatcher').get(`/api/tickets/${c.id}`)).json();
    expect(after.status).toBe('registered');
    expect(after.version).toBe(c.version);
    expect(after.assignments).toEqual([]);
  });
});

describe('attachments', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
  const upload = (body: Buffer, type: string) =>
    t.app.inject({ method: 'POST', url: '/api/attachments', headers: { cookie, 'content-type': type, 'x-filename': encodeURIComponent('现场.png') }, payload: body });

  it('stores an allowed file and links it to a new ticket', async () => {
    const r = await upload(png, 'image/png');
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ filename: '现场.png', contentType: 'image/png', size: png.length });
    const c = await post(newTicket({ attachments: [r.json().id] }));
    expect(c.statusCode).toBe(201);
    const get = await t.app.inject({ method: 'GET', url: `/api/attachments/${r.json().id}`, headers: { cookie } });
    expect(get.rawPayload.equals(png)).toBe(true);
  });

  it('refuses other types, disguised files and files over 20 MB with 422', async () => {
    const exe = await upload(Buffer.from('MZ...'), 'application/x-msdownload');
    expect(exe.statusCode).toBe(422);
    expect(exe.json().message).toContain('不支持的附件类型');
    const fake = await upload(Buffer.from('not really a png'), 'image/png');
    expect(fake.statusCode).toBe(422);
    const big = await upload(Buffer.concat([png, Buffer.alloc(20 * 1024 * 1024)]), 'image/png');
    expect(big.statusCode).toBe(422);
    expect(big.json().message).toBe('附件不能超过 20 MB');
  });
});

describe('the API documents itself', () => {
  it('lists every route in OpenAPI, generated from the validating schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths);
    for (const p of ['/api/auth/login', '/api/tickets', '/api/tickets/{id}', '/api/units', '/api/policy', '/api/tickets/{id}/actions/dispatch', '/api/tickets/{id}/actions/visit', '/api/tickets/{id}/actions/archive']) {
      expect(paths).toContain(p);
    }
    expect(doc.paths['/api/tickets'].post.requestBody.content['application/json'].schema.properties.content.maxLength).toBe(10000);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});
