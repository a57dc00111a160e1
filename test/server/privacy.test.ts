import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

let t: TestApp;
let jiefangbei: string;
let jbMarket: string;

beforeAll(async () => {
  t = await buildTestApp();
  jiefangbei = await t.unitId('解放碑街道办事处');
  jbMarket = await t.unitId('江北区市场监督管理局');
});
afterAll(() => t.close());

async function dispatched(body: Record<string, unknown>, unitId = jiefangbei) {
  const c = (await t.as('agent').post('/api/tickets', newTicket(body))).json();
  await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId, role: 'lead' }] });
  return c.id as string;
}

describe('who sees what (重庆 第二十二条; 大足 第二条、第十条（六）)', () => {
  it('center staff see the caller; a unit sees a masked phone, and the read is logged', async () => {
    const id = await dispatched({});
    expect((await t.as('dispatcher').get(`/api/tickets/${id}`)).json().caller).toEqual({ name: '张三', phone: '13812341234' });
    const unit = (await t.as('handler1').get(`/api/tickets/${id}`)).json();
    expect(unit.caller).toEqual({ name: '张**', phone: '138****1234' });
    expect(JSON.stringify(unit)).not.toContain('13812341234');
    const log = await t.db.query<{ what: string }>('SELECT what FROM access_log WHERE ticket_id = $1', [id]);
    expect(log.rows.map((r) => r.what)).toEqual(['view']);
  });

  it('revealing the phone to call back is logged on the timeline', async () => {
    const id = await dispatched({});
    const r = await t.as('handler1').post(`/api/tickets/${id}/reveal-phone`, { reason: '回电核实路灯位置' });
    expect(r.json()).toEqual({ phone: '13812341234' });
    const detail = (await t.as('dispatcher').get(`/api/tickets/${id}`)).json();
    expect(detail.events.at(-1)).toMatchObject({ action: 'reveal-phone', reason: '回电核实路灯位置' });
  });

  it('an anonymous or confidential ticket never shows the caller to any unit', async () => {
    for (const flags of [{ anonymous: true }, { confidential: true }]) {
      const id = await dispatched(flags);
      const unit = (await t.as('handler1').get(`/api/tickets/${id}`)).json();
      expect(unit.caller).toBeNull();
      expect(JSON.stringify(unit)).not.toMatch(/张三|张\*\*|13812341234|138\*\*\*\*1234/);
      const reveal = await t.as('handler1').post(`/api/tickets/${id}/reveal-phone`, { reason: '回电' });
      expect(reveal.statusCode).toBe(403);
    }
  });

  it('the unit complained about never learns who complained (邵阳 第二十三条, 凉山 第二十条)', async () => {
    const id = await dispatched({ type: 'complaint', content: '江北区市场监管局执法人员态度恶劣', subjectUnitId: jbMarket }, jbMarket);
    const unit = (await t.as('handler2').get(`/api/tickets/${id}`)).json();
    expect(unit.caller).toBeNull();
    expect(unit.subjectUnitId).toBeNull();
    expect(JSON.stringify(unit)).not.toMatch(/张三|13812341234|138\*\*\*\*1234/);
  });

  it('a unit sees only tickets of its own subtree, in lists and by id', async () => {
    const mine = await dispatched({ content: '只派给解放碑的工单' });
    const theirs = (await t.as('handler2').get(`/api/tickets/${mine}`));
    expect(theirs.statusCode).toBe(404);
    const list = (await t.as('handler2').get('/api/tickets?pageSize=100')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(mine);
    const act = await t.as('handler2').act(mine, 'sign');
    expect(act.statusCode).toBe(404);
    const own = (await t.as('handler1').get('/api/tickets?pageSize=100')).json();
    expect(own.items.map((i: { id: string }) => i.id)).toContain(mine);
  });
});

describe('sessions', () => {
  it('requires login, with a Chinese message', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/tickets' });
    expect(r.statusCode).toBe(401);
    expect(r.json().message).toBe('请先登录');
  });

  it('returns who I am, and logs out', async () => {
    const cookie = await t.login('handler1');
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json();
    expect(me).toMatchObject({ username: 'handler1', roles: ['handler'], unit: { name: '解放碑街道办事处' } });
    const set = (await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).headers['set-cookie'];
    expect(String(set)).toContain('o12345_sid=;');
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect(set && String(set)).toBeTruthy();
  });

  it('sets an httpOnly SameSite cookie', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent', password: 'demo12345' } });
    expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(r.headers['set-cookie'])).toMatch(/SameSite=Lax/);
  });

  it('slows an address after 5 wrong passwords, without locking the owner out', async () => {
    const from = (password: string, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password }, remoteAddress });
    for (let i = 0; i < 5; i += 1) {
      const r = await from('wrong', '203.0.113.1');
      expect(r.statusCode).toBe(401);
      expect(r.json().message).toBe('用户名或密码错误');
    }
    const slowed = await from('demo12345', '203.0.113.1');
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json().message).toContain('请 1 秒后再试');
    expect(slowed.headers['retry-after']).toBe('1');
    expect((await from('demo12345', '198.51.100.1')).statusCode).toBe(200);
  });

  it('changes a password, refusing weak ones', async () => {
    const cookie = await t.login('kbeditor');
    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword: 'demo12345', newPassword: 'short1' } });
    expect(weak.statusCode).toBe(422);
    const good = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword: 'demo12345', newPassword: 'Chongqing2026!' } });
    expect(good.statusCode).toBe(200);
    expect((await t.db.query("SELECT default_password FROM users WHERE username = 'kbeditor'")).rows[0]).toEqual({ default_password: false });
    await expect(t.login('kbeditor')).rejects.toThrow(/401/);
    expect(await t.login('kbeditor', 'Chongqing2026!')).toMatch(/^o12345_sid=/);
  });
});
