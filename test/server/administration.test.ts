import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

// 系统管理 (issue 11): units created, edited, moved with their subtree and deactivated; users'
// roles and unit edited; every write role-checked, refused in Chinese, and audited.
let t: TestApp;

interface Node {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  regionCode: string | null;
  responsibilities: string[];
  active: boolean;
  contacts: Array<{ name: string; phone: string; title?: string }>;
  children: Node[];
}

async function tree(): Promise<Node[]> {
  return (await t.as('admin').get('/api/units')).json();
}
function find(nodes: Node[], name: string): Node | undefined {
  for (const n of nodes) {
    if (n.name === name) return n;
    const inner = find(n.children, name);
    if (inner) return inner;
  }
  return undefined;
}
async function records(action: string): Promise<Array<{ action: string; actorName: string; detail: { status: number } }>> {
  // the chain links records shortly after; the list shows them at once
  return (await t.as('auditor').get(`/api/audit?action=${action}`)).json().items;
}
async function dispatchedTo(unitName: string): Promise<string> {
  const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id as string;
  const res = await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: await t.unitId(unitName), role: 'lead' }] });
  expect(res.statusCode, res.body).toBe(200);
  return id;
}

beforeAll(async () => {
  // the demo city has the district unit_admins yuzhong and jiangbei
  t = await buildTestApp();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('units', () => {
  it('an admin creates a unit with duties, region code and contacts; it shows in the tree', async () => {
    const res = await t.as('admin').post('/api/admin/units', {
      parentId: await t.unitId('渝中区'),
      name: '渝中区水务局',
      kind: 'department',
      regionCode: '500103',
      responsibilities: ['供水', '排水'],
      contacts: [{ name: '值班室', phone: '023-63891234', title: '24 小时值班' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const unit = find(await tree(), '渝中区水务局')!;
    expect(unit).toMatchObject({ kind: 'department', regionCode: '500103', responsibilities: ['供水', '排水'], active: true, contacts: [{ name: '值班室', phone: '023-63891234' }] });
    expect(find(await tree(), '渝中区')!.children.map((c) => c.name)).toContain('渝中区水务局');
    expect((await records('admin.unit.create')).some((r) => r.actorName === '系统管理员' && r.detail.status === 201)).toBe(true);
  });

  it('refuses bad input with a Chinese message and the field, and writes nothing', async () => {
    const parentId = await t.unitId('渝中区');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ parentId, name: '渝中区城市管理局', kind: 'department' }, /已有「渝中区城市管理局」/],
      [{ parentId, name: '新单位', kind: 'department', regionCode: '5001' }, /区划代码为 6 位/],
      [{ parentId, name: '新单位', kind: 'department', contacts: [{ name: '张三', phone: 'call me' }] }, /联系电话/],
      [{ parentId, name: ' ', kind: 'department' }, /单位名称/],
      [{ parentId, name: '新单位', kind: 'center' }, /只有单位树的根是热线中心/],
      [{ parentId, name: '新单位', kind: 'ministry' }, /单位类型/],
    ];
    for (const [body, message] of cases) {
      const res = await t.as('admin').post('/api/admin/units', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().message).toMatch(message);
    }
    expect(find(await tree(), '新单位')).toBeUndefined();
  });

  it('only an admin administers units', async () => {
    const id = await t.unitId('渝中区城市管理局');
    for (const user of ['dispatcher', 'yuzhong', 'supervisor']) {
      expect((await t.as(user).post('/api/admin/units', { parentId: await t.unitId('渝中区'), name: '越权单位', kind: 'department' })).statusCode).toBe(403);
      expect((await t.as(user).put(`/api/admin/units/${id}`, { name: '改名', kind: 'department' })).statusCode).toBe(403);
      expect((await t.as(user).post(`/api/admin/units/${id}/deactivate`)).statusCode).toBe(403);
    }
    expect(find(await tree(), '越权单位')).toBeUndefined();
  });

  it('edits name, duties, region code and contacts; the center keeps its kind', async () => {
    const id = await t.unitId('渝中区水务局');
    const res = await t.as('admin').put(`/api/admin/units/${id}`, { name: '渝中区水利局', kind: 'department', regionCode: '', responsibilities: ['供水'], contacts: [] });
    expect(res.statusCode, res.body).toBe(200);
    expect(find(await tree(), '渝中区水利局')).toMatchObject({ regionCode: null, responsibilities: ['供水'], contacts: [] });
    const center = await t.unitId('12345政务服务便民热线中心');
    const refused = await t.as('admin').put(`/api/admin/units/${center}`, { name: '热线中心', kind: 'district' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toMatch(/热线中心的类型不能修改/);
    const renamed = await t.as('admin').put(`/api/admin/units/${center}`, { name: '12345政务服务便民热线中心', kind: 'center', contacts: [{ name: '值班长', phone: '12345' }] });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(find(await tree(), '12345政务服务便民热线中心')!.contacts).toEqual([{ name: '值班长', phone: '12345' }]);
  });

  it('moves a street with its communities to another district: who sees its tickets follows at once', async () => {
    const ticket = await dispatchedTo('新华路社区居委会');
    expect((await t.as('yuzhong').get(`/api/tickets/${ticket}`)).statusCode).toBe(200);
    expect([403, 404]).toContain((await t.as('jiangbei').get(`/api/tickets/${ticket}`)).statusCode);

    const street = await t.unitId('解放碑街道办事处');
    const moved = await t.as('admin').post(`/api/admin/units/${street}/move`, { parentId: await t.unitId('江北区') });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().moved).toBe(3); // the street and its two communities

    const units = await tree();
    expect(find(units, '江北区')!.children.map((c) => c.name)).toContain('解放碑街道办事处');
    expect(find(units, '渝中区')!.children.map((c) => c.name)).not.toContain('解放碑街道办事处');
    expect(find(units, '解放碑街道办事处')!.children.map((c) => c.name).sort()).toEqual(['新华路社区居委会', '民生路社区居委会']);
    expect((await t.as('jiangbei').get(`/api/tickets/${ticket}`)).statusCode).toBe(200);
    expect([403, 404]).toContain((await t.as('yuzhong').get(`/api/tickets/${ticket}`)).statusCode);
    // the street's own handler still has its community's ticket in its subtree
    expect((await t.as('handler1').get(`/api/tickets/${ticket}`)).statusCode).toBe(200);
    expect((await records('admin.unit.move')).length).toBe(1);

    // and back, so the rest of the demo is as seeded
    expect((await t.as('admin').post(`/api/admin/units/${street}/move`, { parentId: await t.unitId('渝中区') })).statusCode).toBe(200);
    expect((await t.as('yuzhong').get(`/api/tickets/${ticket}`)).statusCode).toBe(200);
  });

  it('refuses moves that would make a loop, move the center, or change nothing', async () => {
    const street = await t.unitId('解放碑街道办事处');
    const intoOwnChild = await t.as('admin').post(`/api/admin/units/${street}/move`, { parentId: await t.unitId('新华路社区居委会') });
    expect(intoOwnChild.statusCode).toBe(422);
    expect(intoOwnChild.json().message).toMatch(/不能移到本单位或其下级单位之下/);
    const intoItself = await t.as('admin').post(`/api/admin/units/${street}/move`, { parentId: street });
    expect(intoItself.statusCode).toBe(422);
    const center = await t.unitId('12345政务服务便民热线中心');
    expect((await t.as('admin').post(`/api/admin/units/${center}/move`, { parentId: street })).json().message).toMatch(/不能移动/);
    expect((await t.as('admin').post(`/api/admin/units/${street}/move`, { parentId: await t.unitId('渝中区') })).json().message).toMatch(/已在该上级单位之下/);
    expect((await t.as('admin').post(`/api/admin/units/${street}/move`, { parentId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(422);
  });

  it('a deactivated unit takes no new dispatch, keeps the tickets it has, and its users still see them', async () => {
    const market = await t.unitId('江北区市场监督管理局');
    const before = await dispatchedTo('江北区市场监督管理局');
    expect((await t.as('admin').post(`/api/admin/units/${market}/deactivate`)).statusCode).toBe(200);
    expect(find(await tree(), '江北区市场监督管理局')!.active).toBe(false);

    const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id as string;
    const refused = await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: market, role: 'lead' }] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toMatch(/已停用，不能再派单/);
    expect((await t.as('dispatcher').get(`/api/tickets/${id}`)).json().status).toBe('registered');

    expect((await t.as('handler2').get(`/api/tickets/${before}`)).statusCode).toBe(200);
    expect((await t.as('handler2').act(before, 'sign')).statusCode).toBe(200);

    // a parent with active sub-units cannot be deactivated; the second deactivation is a conflict
    const district = await t.as('admin').post(`/api/admin/units/${await t.unitId('江北区')}/deactivate`);
    expect(district.statusCode).toBe(422);
    expect(district.json().message).toMatch(/请先停用或移走下级单位/);
    expect((await t.as('admin').post(`/api/admin/units/${market}/deactivate`)).statusCode).toBe(409);

    expect((await t.as('admin').post(`/api/admin/units/${market}/activate`)).statusCode).toBe(200);
    expect((await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: market, role: 'lead' }] })).statusCode).toBe(200);
    const actions = (await records('admin.unit')).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['admin.unit.deactivate', 'admin.unit.activate']));
  });
});

describe('users', () => {
  const userId = async (username: string) => {
    const users: Array<{ id: string; username: string }> = (await t.as('admin').get('/api/admin/users')).json();
    return users.find((u) => u.username === username)!.id;
  };

  it('an admin changes a user’s unit and roles; the user’s session has them at once', async () => {
    const id = await userId('handler2');
    const unitId = await t.unitId('江北区城市管理局');
    const res = await t.as('admin').put(`/api/admin/users/${id}`, { displayName: '周杰', unitId, roles: ['handler', 'unit_admin'] });
    expect(res.statusCode, res.body).toBe(200);
    const me = (await t.as('handler2').get('/api/session')).json().user;
    expect(me).toMatchObject({ displayName: '周杰', roles: ['handler', 'unit_admin'], unit: { name: '江北区城市管理局' } });
    const row = (await t.as('admin').get('/api/admin/users')).json().find((u: { id: string }) => u.id === id);
    expect(row).toMatchObject({ unitName: '江北区城市管理局', roles: ['handler', 'unit_admin'] });
    expect((await records('admin.user.update')).length).toBe(1);
    // back as seeded
    await t.as('admin').put(`/api/admin/users/${id}`, { displayName: '江北区市场监管局 周杰', unitId: await t.unitId('江北区市场监督管理局'), roles: ['handler'] });
  });

  it('refuses center roles in a handling unit, an empty role list, and an admin removing their own admin role', async () => {
    const id = await userId('handler1');
    const unitId = await t.unitId('解放碑街道办事处');
    const center = await t.as('admin').put(`/api/admin/users/${id}`, { displayName: '刘洋', unitId, roles: ['handler', 'dispatcher'] });
    expect(center.statusCode).toBe(422);
    expect(center.json().message).toBe('承办单位的用户不能担任热线中心角色：派单员');
    expect((await t.as('admin').put(`/api/admin/users/${id}`, { displayName: '刘洋', unitId, roles: [] })).json().message).toMatch(/至少选择一个角色/);
    const self = await userId('admin');
    const demote = await t.as('admin').put(`/api/admin/users/${self}`, { displayName: '系统管理员', unitId: await t.unitId('12345政务服务便民热线中心'), roles: ['kb_reviewer'] });
    expect(demote.statusCode).toBe(422);
    expect(demote.json().message).toMatch(/不能取消自己的系统管理员角色/);
    expect((await t.as('dispatcher').put(`/api/admin/users/${id}`, { displayName: 'x', unitId, roles: ['handler'] })).statusCode).toBe(403);
    expect((await t.as('handler1').get('/api/session')).json().user.roles).toEqual(['handler']);
  });

  it('disabling ends the user’s sessions at once; each account action is audited by name', async () => {
    const id = await userId('visitor');
    expect((await t.as('visitor').get('/api/session')).json().user).not.toBeNull();
    expect((await t.as('admin').post(`/api/admin/users/${id}/disable`)).statusCode).toBe(200);
    expect((await t.as('visitor').get('/api/tickets')).statusCode).toBe(401);
    expect((await t.as('admin').post(`/api/admin/users/${id}/enable`)).statusCode).toBe(200);
    const reset = await t.as('admin').post(`/api/admin/users/${id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const actions = (await records('admin.user')).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['admin.user.disable', 'admin.user.enable', 'admin.user.reset-password']));
  });
});
