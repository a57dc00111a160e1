import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskStorage } from '../../src/server/attachments/storage.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

// a real 1×1 PNG: uploads are checked by their content (file-type)
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

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
    expect(id.statusCode).toBe(422);
    expect(id.json().message).toContain('应为有效的编号（UUID）');
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

describe('text, ids and dates that PostgreSQL would refuse get a 422, never a 500', () => {
  const NUL_MESSAGE = '内容包含无法识别的字符（如空字符），请删除后重试';

  it('a NUL byte anywhere, even unauthenticated', async () => {
    const kb = await t.app.inject({ method: 'GET', url: '/api/public/kb?q=a%00b' });
    expect([kb.statusCode, kb.json().error, kb.json().message]).toEqual([422, 'invalid_text', NUL_MESSAGE]);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a\u0000', password: 'x' } });
    expect([login.statusCode, login.json().error]).toEqual([422, 'invalid_text']);
    expect(login.json().details[0].path).toBe('body.username');
    const before = await count();
    const ticket = await post(newTicket({ content: '路灯\u0000不亮' }));
    expect([ticket.statusCode, ticket.json().details[0].path]).toEqual([422, 'body.content']);
    expect(await count()).toBe(before);
  });

  it('a lone surrogate in anything written to the timeline', async () => {
    const c = (await post(newTicket())).json();
    const street = await t.unitId('解放碑街道办事处');
    const r = await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: street, role: 'lead' }], note: '请尽快\ud800处理' });
    expect([r.statusCode, r.json().error, r.json().details[0].path]).toEqual([422, 'invalid_text', 'body.note']);
    // A whole emoji (a surrogate pair) is fine.
    const ok = await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: street, role: 'lead' }], note: '请尽快处理😀' });
    expect(ok.statusCode).toBe(200);
  });

  it('a non-uuid id in any path', async () => {
    for (const url of ['/api/tickets/not-a-uuid/actions/archive', '/api/tickets/1/reveal-phone', '/api/kb/entries/1/submit']) {
      const r = await t.as('dispatcher').post(url, { reason: '回访' });
      expect(r.statusCode, url).toBe(422);
      expect(r.json().message).toContain('应为有效的编号（UUID）');
    }
    const kb = await t.app.inject({ method: 'GET', url: '/api/public/kb/123' });
    expect(kb.statusCode).toBe(422);
  });

  it('an impossible date, and a deadline beyond the calendar', async () => {
    const accuracy = await t.as('dispatcher').get('/api/dispatch/accuracy?from=2026-13-45');
    expect(accuracy.statusCode).toBe(422);
    expect(accuracy.json().message).toContain('真实存在的日期');
    const report = await t.as('dispatcher').get('/api/reports/repeats?from=2026-02-30');
    expect(report.statusCode).toBe(422);
    const c = (await post(newTicket())).json();
    const street = await t.unitId('解放碑街道办事处');
    for (const due of ['2200-01-01', '2026-02-30', '2026-12-01T25:00:00+08:00']) {
      const r = await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: street, role: 'lead' }], due });
      expect(r.statusCode, due).toBe(422);
      expect(r.json().message).toContain('2004–2099');
    }
    const ok = await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: street, role: 'lead' }], due: '2026-12-31' });
    expect(ok.json().assignments[0].clocks.find((k: { name: string }) => k.name === 'handle').dueAt).toBe('2026-12-31T23:59:59+08:00');
  });
});

describe('the timeline', () => {
  it('is ordered by time, then by event id as a number (not as text: 6, 17, 106 …)', async () => {
    const c = (await post(newTicket())).json();
    const street = await t.unitId('解放碑街道办事处');
    await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
    const ids = async () => ((await t.as('dispatcher').get(`/api/tickets/${c.id}`)).json().events as Array<{ id: number; at: string }>);
    // Reminders until the ticket has more than 10 events whose ids have different numbers of digits.
    for (let i = 0; i < 200; i += 1) {
      const events = await ids();
      if (events.length > 10 && String(events[0]!.id).length !== String(events.at(-1)!.id).length) break;
      await t.as('supervisor').act(c.id, 'remind', { note: `第${i + 1}次催办` });
    }
    // An event stamped earlier than the others comes first, whatever its id.
    t.setNow('2026-11-23T09:00:00+08:00');
    await t.as('supervisor').act(c.id, 'remind', { note: '补记的催办' });
    t.setNow('2026-11-23T09:30:00+08:00');
    const events = await ids();
    expect(events[0]).toMatchObject({ action: 'remind', note: '补记的催办' });
    expect(events.length).toBeGreaterThan(10);
    expect(String(events[1]!.id).length).toBeLessThan(String(events.at(-1)!.id).length);
    const order = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
    expect(events.map((e) => e.id)).toEqual(order.map((e) => e.id));
    expect(events.slice(1).map((e) => e.id)).toEqual(events.slice(1).map((e) => e.id).sort((a, b) => a - b));
  });
});

describe('attachments', () => {
  // a real 1×1 PNG: uploads are checked by their content, not by their first bytes alone
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
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

describe('an upload that fails leaves neither its row nor its file', () => {
  it('when the database refuses the row, and when the commit fails after the file was written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'o12345-att-'));
    const d = await buildTestApp({ storage: diskStorage(dir) });
    try {
      const send = async () => {
        const c = await d.login('agent');
        return d.app.inject({ method: 'POST', url: '/api/attachments', headers: { cookie: c, 'content-type': 'image/png' }, payload: PNG });
      };
      const rows = async () => (await d.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attachments')).rows[0]!.n;
      await d.db.exec(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
      await d.db.exec('CREATE TRIGGER refuse_now BEFORE INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION refuse()');
      expect((await send()).statusCode).toBe(500);
      expect([await rows(), await readdir(dir).catch(() => [])]).toEqual([0, []]);
      await d.db.exec('DROP TRIGGER refuse_now ON attachments');
      await d.db.exec('CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON attachments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse()');
      expect((await send()).statusCode).toBe(500);
      expect([await rows(), await readdir(dir)]).toEqual([0, []]);
      await d.db.exec('DROP TRIGGER refuse_at_commit ON attachments');
      const ok = await send();
      expect(ok.statusCode).toBe(201);
      expect([await rows(), (await readdir(dir)).length]).toEqual([1, 1]);
    } finally {
      await d.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
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
