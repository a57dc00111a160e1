import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 热线联络员与驻场值守, through HTTP: each unit's fixed liaison (a user of the unit or a named contact
 * with an office phone), kept by the unit's own 单位管理员, shown to the center on the unit and the
 * ticket, flagged where missing; the center's on-site staff.
 */
let t: TestApp;
const ids = {} as Record<'center' | 'jfb' | 'market' | 'handler1', string>;

type Unit = { id: string; name: string; liaison: { name: string; officePhone: string } | null; children: Unit[] };
const flat = (nodes: Unit[]): Unit[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

beforeAll(async () => {
  t = await buildTestApp();
  ids.center = await t.unitId('12345政务服务便民热线中心');
  ids.jfb = await t.unitId('解放碑街道办事处');
  ids.market = await t.unitId('江北区市场监督管理局');
  ids.handler1 = (await t.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'handler1'`)).rows[0]!.id;
}, 120_000);
afterAll(() => t?.close());

describe('大足 第四条（二） 相对固定的热线联络员 / 凉山 第七条（一） 相对固定的专(兼)职工作人员', () => {
  it('a unit without a liaison is flagged in the unit tree; its 单位管理员 names one of its users with an office phone', async () => {
    const before = flat((await t.as('admin').get('/api/units')).json());
    expect(before.find((u) => u.id === ids.jfb)!.liaison).toBeNull();
    const page = (await t.as('reviewer1').get(`/api/units/${ids.jfb}/liaisons`)).json();
    expect(page).toMatchObject({ missing: true, items: [], mayEdit: { liaison: true, backup: true, onsite: false } });

    const made = await t.as('reviewer1').post(`/api/units/${ids.jfb}/liaisons`, { role: 'liaison', userId: ids.handler1, title: '办公室副主任', officePhone: '023-63801234', mobile: '13900001111' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ role: 'liaison', roleLabel: '热线联络员', name: '解放碑街道 刘洋', username: 'handler1', officePhone: '023-63801234', mobile: '13900001111' });

    const after = flat((await t.as('admin').get('/api/units')).json());
    expect(after.find((u) => u.id === ids.jfb)!.liaison).toEqual({ name: '解放碑街道 刘洋', officePhone: '023-63801234' });
    expect(after.find((u) => u.id === ids.market)!.liaison).toBeNull();
  });

  it('相对固定: one liaison per unit (409); a second person is a backup; a named contact needs no account', async () => {
    const again = await t.as('reviewer1').post(`/api/units/${ids.jfb}/liaisons`, { role: 'liaison', name: '王五', officePhone: '023-63800000' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('已有热线联络员');
    const backup = await t.as('reviewer1').post(`/api/units/${ids.jfb}/liaisons`, { role: 'backup', name: '王五', officePhone: '023-63800000' });
    expect(backup.statusCode, backup.body).toBe(201);
    expect(backup.json()).toMatchObject({ role: 'backup', name: '王五', userId: null, mobile: null });
  });

  it('bad input is refused in Chinese: no office phone, no name nor user, a user of another unit', async () => {
    const noPhone = await t.as('admin').post(`/api/units/${ids.market}/liaisons`, { role: 'liaison', name: '赵六' });
    expect(noPhone.statusCode).toBe(422);
    expect(noPhone.json().message).toContain('办公电话');
    const noName = await t.as('admin').post(`/api/units/${ids.market}/liaisons`, { role: 'liaison', officePhone: '023-67001234' });
    expect(noName.statusCode).toBe(422);
    expect(noName.json().message).toContain('姓名');
    const other = await t.as('admin').post(`/api/units/${ids.market}/liaisons`, { role: 'liaison', userId: ids.handler1, officePhone: '023-67001234' });
    expect(other.statusCode).toBe(422);
    expect(other.json().message).toContain('本单位的用户');
    const letters = await t.as('admin').post(`/api/units/${ids.market}/liaisons`, { role: 'liaison', name: '赵六', officePhone: 'call me' });
    expect(letters.statusCode).toBe(422);
  });

  it('only the administrator or the unit\'s own 单位管理员 sets it (403 for others), and the change is audited', async () => {
    for (const who of ['dispatcher', 'handler1', 'handler2', 'jiangbei']) {
      const r = await t.as(who).post(`/api/units/${ids.jfb}/liaisons`, { role: 'backup', name: '钱七', officePhone: '023-1234567' });
      expect(r.statusCode, who).toBe(403);
    }
    const { items } = (await t.as('reviewer1').get(`/api/units/${ids.jfb}/liaisons`)).json();
    const liaison = items.find((l: { role: string }) => l.role === 'liaison');
    const edit = await t.as('reviewer1').put(`/api/units/${ids.jfb}/liaisons/${liaison.id}`, { role: 'liaison', userId: ids.handler1, officePhone: '023-63809999' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().officePhone).toBe('023-63809999');
    expect((await t.as('handler2').put(`/api/units/${ids.jfb}/liaisons/${liaison.id}`, { role: 'liaison', name: 'x', officePhone: '1234' })).statusCode).toBe(403);
    // the id must belong to the unit named in the address
    expect((await t.as('admin').put(`/api/units/${ids.market}/liaisons/${liaison.id}`, { role: 'liaison', name: 'x', officePhone: '1234' })).statusCode).toBe(404);
    const { rows } = await t.db.query<{ action: string; actor_name: string; status: number }>(
      `SELECT action, actor_name, (detail->>'status')::int AS status FROM audit_log WHERE action LIKE 'liaison.%' ORDER BY id`,
    );
    expect(rows).toContainEqual({ action: 'liaison.create', actor_name: '解放碑街道 办公室 陈红', status: 201 });
    expect(rows).toContainEqual({ action: 'liaison.update', actor_name: '解放碑街道 办公室 陈红', status: 200 });
    // refused attempts are on record too
    expect(rows).toContainEqual({ action: 'liaison.update', actor_name: '江北区市场监管局 周杰', status: 403 });
  });

  it('the ticket page asks whom to call: the center sees each unit\'s liaison in full, another unit sees the mobile masked', async () => {
    const ticket = (await t.as('agent').post('/api/tickets', newTicket())).json();
    expect((await t.as('dispatcher').act(ticket.id, 'dispatch', { units: [{ unitId: ids.jfb, role: 'lead' }, { unitId: ids.market, role: 'assist' }] })).statusCode).toBe(200);
    const asked = await t.as('supervisor').get(`/api/liaisons?units=${ids.jfb},${ids.market}`);
    expect(asked.statusCode, asked.body).toBe(200);
    const [first, second] = asked.json().units;
    expect(first).toMatchObject({ unitName: '解放碑街道办事处', missing: false });
    expect(first.items.map((l: { roleLabel: string }) => l.roleLabel)).toEqual(['热线联络员', '备用联络员']);
    expect(first.items[0]).toMatchObject({ officePhone: '023-63809999', mobileMasked: false });
    expect(second).toMatchObject({ unitName: '江北区市场监督管理局', missing: true, items: [] });
    const masked = (await t.as('handler2').get(`/api/liaisons?units=${ids.jfb}`)).json().units[0].items[0];
    expect(masked).toMatchObject({ officePhone: '023-63809999', mobileMasked: false, mobile: null });
  });
});

describe('大足 第四条（二） 工作驻场值守人员', () => {
  it('the center arranges its on-site staff (a unit\'s 单位管理员 may not), listed for every signed-in user', async () => {
    const refused = await t.as('reviewer1').post(`/api/units/${ids.jfb}/liaisons`, { role: 'onsite', name: '驻场 孙八', officePhone: '023-12345001' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('驻场值守');
    const made = await t.as('admin').post(`/api/units/${ids.market}/liaisons`, { role: 'onsite', name: '驻场 孙八', title: '市场监管局驻热线中心', officePhone: '023-12345001', mobile: '13700002222' });
    expect(made.statusCode, made.body).toBe(201);
    const all = await t.as('agent').get('/api/liaisons');
    expect(all.statusCode).toBe(200);
    expect(all.json().onsite).toEqual([expect.objectContaining({ name: '驻场 孙八', unitName: '江北区市场监督管理局', roleLabel: '驻场值守', mobile: '13700002222' })]);
    // another unit sees the mobile masked
    expect((await t.as('handler1').get('/api/liaisons')).json().onsite[0]).toMatchObject({ mobile: '137****2222', mobileMasked: true });
    // on-site staff are not the unit's liaison: the unit is still flagged
    expect((await t.as('admin').get(`/api/units/${ids.market}/liaisons`)).json().missing).toBe(true);
    const del = await t.as('admin').delete(`/api/units/${ids.market}/liaisons/${made.json().id}`);
    expect(del.statusCode).toBe(200);
    expect((await t.as('agent').get('/api/liaisons')).json().onsite).toEqual([]);
  });
});
