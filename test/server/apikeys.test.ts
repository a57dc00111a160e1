import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, CALLER, newTicket, type TestApp } from '../helpers.ts';

/**
 * 系统账号与 API 密钥 (issue 15 item 1): units' own systems share the hotline's data in real time
 * (重庆 第二十一条, 凉山 第十八条 信息共享) with keys that carry scopes and a unit, shown once, stored hashed,
 * rotated and revoked at once, every call audited.
 */
let t: TestApp;
let ticketAtStreet: string;
let ticketElsewhere: string;

const call = (key: string, method: 'GET' | 'POST', url: string, payload?: object, ip = '10.9.0.1') =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, remoteAddress: ip, ...(payload ? { payload } : {}) });

async function makeKey(body: Record<string, unknown>): Promise<{ key: string; id: string }> {
  const res = await t.as('admin').post('/api/admin/api-keys', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await buildTestApp();
  const street = await t.unitId('解放碑街道办事处');
  const market = await t.unitId('江北区市场监督管理局');
  ticketAtStreet = (await t.as('agent').post('/api/tickets', newTicket({ content: 'KEYTEST-STREET 新华路路灯不亮已经一周了' }))).json().id;
  ticketElsewhere = (await t.as('agent').post('/api/tickets', newTicket({ content: 'KEYTEST-MARKET 观音桥菜市场缺斤少两' }))).json().id;
  expect((await t.as('dispatcher').act(ticketAtStreet, 'dispatch', { units: [{ unitId: street, role: 'lead' }] })).statusCode).toBe(200);
  expect((await t.as('dispatcher').act(ticketElsewhere, 'dispatch', { units: [{ unitId: market, role: 'lead' }] })).statusCode).toBe(200);
}, 120_000);
afterAll(() => t?.close());

describe('API keys (重庆 第二十一条 / 凉山 第十八条 信息共享)', () => {
  it('a key is shown once, kept only as a prefix and a hash, and listed without its secret', async () => {
    const made = await makeKey({ name: '市数字城管系统', scopes: ['tickets:read'] });
    expect(made.key).toMatch(/^o12345_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const secret = made.key.split('_').slice(2).join('_');
    const { rows } = await t.db.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [made.id]);
    expect(JSON.stringify(rows)).not.toContain(secret);
    const list = await t.as('admin').get('/api/admin/api-keys');
    expect(list.body).not.toContain(secret);
    expect(list.json().items.find((k: { id: string }) => k.id === made.id)).toMatchObject({ name: '市数字城管系统', label: `${made.key.slice(0, 19)}_…`, revokedAt: null, lastUsedAt: null });
    // only administrators keep keys
    expect((await t.as('dispatcher').get('/api/admin/api-keys')).statusCode).toBe(403);
    expect((await t.as('dispatcher').post('/api/admin/api-keys', { name: 'x', scopes: ['tickets:read'] })).statusCode).toBe(403);
    // the system account can never sign in, and is not among the people on the users page
    const users = (await t.as('admin').get('/api/admin/users')).json() as Array<{ displayName: string }>;
    expect(users.map((u) => u.displayName)).not.toContain('市数字城管系统');
  });

  it('a center key with tickets:read reads tickets; its last use is recorded and every call is audited as the account', async () => {
    const { key, id } = await makeKey({ name: '区政务数据平台', scopes: ['tickets:read'] });
    const list = await call(key, 'GET', '/api/tickets?pageSize=100');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.body).toContain('KEYTEST-STREET');
    expect(list.body).toContain('KEYTEST-MARKET');
    const one = await call(key, 'GET', `/api/tickets/${ticketAtStreet}`);
    expect(one.statusCode).toBe(200);
    const me = await call(key, 'GET', '/api/me');
    expect(me.json()).toMatchObject({ displayName: '区政务数据平台' });
    const listed = (await t.as('admin').get('/api/admin/api-keys')).json().items.find((k: { id: string }) => k.id === id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed.lastUsedFrom).toBe('10.9.0.1');
    const { rows } = await t.db.query<{ action: string; actor_name: string; object_id: string; client_address: string }>(
      "SELECT action, actor_name, object_id, client_address FROM audit_log WHERE action IN ('apikey.call', 'read.ticket') AND actor_name = '区政务数据平台' ORDER BY id",
    );
    expect(rows.filter((r) => r.action === 'apikey.call').map((r) => r.object_id)).toEqual(['/api/tickets', '/api/tickets/:id', '/api/me']);
    expect(rows.some((r) => r.action === 'read.ticket')).toBe(true);
    expect(rows.every((r) => r.client_address === '10.9.0.1')).toBe(true);
  });

  it('scopes are enforced: reading cannot write, and no key reaches administration or the audit log', async () => {
    const { key } = await makeKey({ name: '只读系统', scopes: ['tickets:read'] });
    const write = await call(key, 'POST', '/api/tickets', newTicket());
    expect(write.statusCode).toBe(403);
    expect(write.json().message).toContain('tickets:write');
    expect((await call(key, 'GET', '/api/analytics/indicators')).statusCode).toBe(403);
    for (const url of ['/api/admin/users', '/api/audit', '/api/admin/api-keys']) expect((await call(key, 'GET', url)).statusCode, url).toBe(403);
    const { key: writer } = await makeKey({ name: '12345 小程序后台', scopes: ['tickets:write'] });
    const created = await call(writer, 'POST', '/api/tickets', newTicket({ channel: 'app', content: 'KEYTEST-APP 小区门口井盖缺失很危险' }));
    expect(created.statusCode, created.body).toBe(201);
    // registered as the system account, on the timeline like a person's registration
    const { rows } = await t.db.query<{ actor_name: string }>("SELECT actor_name FROM events WHERE ticket_id = $1 AND action = 'register'", [created.json().id]);
    expect(rows[0]!.actor_name).toContain('12345 小程序后台');
    // writing is not dispatching: that stays with the dispatcher
    const dispatch = await call(writer, 'POST', `/api/tickets/${created.json().id}/actions/dispatch`, { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
    expect(dispatch.statusCode).toBe(403);
  });

  it('a unit key sees its own subtree only, and never the caller in full', async () => {
    const { key } = await makeKey({ name: '解放碑街道网格系统', scopes: ['tickets:read', 'tickets:write'], unitId: await t.unitId('解放碑街道办事处') });
    const list = await call(key, 'GET', '/api/tickets?pageSize=100');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('KEYTEST-STREET');
    expect(list.body).not.toContain('KEYTEST-MARKET');
    expect(list.body).not.toContain(CALLER.phone);
    expect(list.body).not.toContain(CALLER.name);
    expect((await call(key, 'GET', `/api/tickets/${ticketElsewhere}`)).statusCode).toBe(404);
    const own = await call(key, 'GET', `/api/tickets/${ticketAtStreet}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).not.toContain(CALLER.phone);
    // a unit's key registers nothing (the center registers), but signs its own share as a handler would
    expect((await call(key, 'POST', '/api/tickets', newTicket())).statusCode).toBe(403);
    expect((await call(key, 'POST', `/api/tickets/${ticketElsewhere}/actions/sign`, {})).statusCode).toBe(404);
    const sign = await call(key, 'POST', `/api/tickets/${ticketAtStreet}/actions/sign`, {});
    expect(sign.statusCode, sign.body).toBe(200);
  });

  it('a revoked key is refused at once (401), and a rotated key’s predecessor with it', async () => {
    const { key, id } = await makeKey({ name: '待吊销系统', scopes: ['tickets:read'] });
    expect((await call(key, 'GET', '/api/tickets')).statusCode).toBe(200);
    expect((await t.as('admin').post(`/api/admin/api-keys/${id}/revoke`)).statusCode).toBe(200);
    const after = await call(key, 'GET', '/api/tickets');
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('invalid_api_key');
    expect((await t.as('admin').post(`/api/admin/api-keys/${id}/revoke`)).statusCode).toBe(422);

    const first = await makeKey({ name: '待轮换系统', scopes: ['tickets:read'] });
    const rotated = await t.as('admin').post(`/api/admin/api-keys/${first.id}/rotate`);
    expect(rotated.statusCode).toBe(200);
    const next = rotated.json() as { key: string; id: string; name: string; replaces: string };
    expect(next).toMatchObject({ name: '待轮换系统', replaces: first.id });
    expect((await call(first.key, 'GET', '/api/tickets')).statusCode).toBe(401);
    expect((await call(next.key, 'GET', '/api/tickets')).statusCode).toBe(200);
    const { rows } = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action IN ('apikey.revoke', 'apikey.rotate', 'apikey.refused') ORDER BY id");
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['apikey.revoke', 'apikey.rotate', 'apikey.refused']));
  });

  it('wrong keys are rate-limited per address (429 after five), and a right key from another address still works', async () => {
    const { key } = await makeKey({ name: '限流测试系统', scopes: ['tickets:read'] });
    const guess = key.slice(0, -4) + 'AAAA';
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await call(guess, 'GET', '/api/tickets', undefined, '10.9.9.9')).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.at(-1)).toBe(429);
    // even the right key waits at that address; elsewhere it works
    expect((await call(key, 'GET', '/api/tickets', undefined, '10.9.9.9')).statusCode).toBe(429);
    expect((await call(key, 'GET', '/api/tickets', undefined, '10.9.9.10')).statusCode).toBe(200);
    // a malformed header is refused without reaching any route
    const bad = await t.app.inject({ method: 'GET', url: '/api/tickets', headers: { authorization: 'Basic abc' }, remoteAddress: '10.9.9.11' });
    expect(bad.statusCode).toBe(401);
  });

  it('refuses unknown scopes and units', async () => {
    expect((await t.as('admin').post('/api/admin/api-keys', { name: 'x', scopes: ['everything'] })).statusCode).toBe(422);
    expect((await t.as('admin').post('/api/admin/api-keys', { name: 'x', scopes: ['tickets:read'], unitId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(422);
  });
});
