import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Calendar } from '../../src/core/calendar/calendar.ts';
import { buildApp } from '../../src/server/app.ts';
import { memoryStorage } from '../../src/server/attachments/storage.ts';
import { watchClocks } from '../../src/server/jobs/clock-watcher.ts';
import { watchSupervisionTriggers } from '../../src/server/supervision/triggers.ts';
import { buildTestApp, newTicket, testVault, type TestApp } from '../helpers.ts';

/**
 * 预设按单位子树 (issue 13 item 10), through HTTP: a 重庆 deployment (chongqing-2021, 渝府办发〔2021〕8号)
 * with 大足区 following its own 办法 (dazu-2021, 大足府办发〔2021〕45号 — 大足 第一条: made under the city's).
 * A share under 大足区 runs on 大足's clocks and rules, a share elsewhere on 重庆's, on one ticket.
 */

interface Clock { name: string; dueAt: string; basis: string; preset: string | null; status: string }
interface Share { id: string; unit: { name: string }; status: string; preset: { id: string; isDefault: boolean }; clocks: Clock[] }
interface Ticket { id: string; version: number; assignments: Share[]; events: Array<{ action: string; unitName?: string; presetTitle?: string; basis?: string; units?: string[] }> }
interface UnitNode { id: string; name: string; preset: string | null; presetApplies: { id: string; source: string; fromUnitName: string | null }; children: UnitNode[] }

const DAZU = '大足区12345政务服务便民热线办理管理暂行办法';
const CHONGQING = '重庆市12345政务服务便民热线运行管理暂行办法';

async function ok(t: TestApp, user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  if (res.statusCode !== 200) throw new Error(`${user} ${action}: ${res.statusCode} ${res.body}`);
  return res.json() as Ticket;
}

async function ticket(t: TestApp, id: string): Promise<Ticket> {
  const r = await t.as('dispatcher').get(`/api/tickets/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

const share = (tk: Ticket, unit: string) => tk.assignments.find((a) => a.unit.name === unit)!;
const clock = (s: Share, name: string) => s.clocks.find((c) => c.name === name)!;

async function addUnit(t: TestApp, parent: string, name: string, kind: string): Promise<string> {
  const r = await t.as('admin').post('/api/admin/units', { parentId: await t.unitId(parent), name, kind });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

async function setPreset(t: TestApp, user: string, unit: string, preset: string | null) {
  return t.as(user).put(`/api/admin/units/${await t.unitId(unit)}/preset`, { preset });
}

/** 大足区 under the center, 龙岗街道 under it and 北街社区 under that; users for the street. */
async function dazuDistrict(t: TestApp): Promise<void> {
  await addUnit(t, '12345政务服务便民热线中心', '大足区', 'district');
  await addUnit(t, '大足区', '龙岗街道办事处', 'street');
  await addUnit(t, '龙岗街道办事处', '北街社区居委会', 'community');
  await t.addUser('dzq', '大足区', ['handler']);
  await t.addUser('longgang', '龙岗街道办事处', ['handler']);
  await t.addUser('longgang-review', '龙岗街道办事处', ['unit_admin']);
}

function find(nodes: UnitNode[], name: string): UnitNode | undefined {
  for (const n of nodes) {
    if (n.name === name) return n;
    const hit = find(n.children, name);
    if (hit) return hit;
  }
  return undefined;
}

describe('大足区 under a 重庆 deployment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'chongqing-2021', now: '2026-11-23T09:30:00+08:00' }); // a Monday
    await dazuDistrict(t);
  });
  afterAll(() => t.close());

  it('only an admin sets a subtree’s preset: a dispatcher gets 403, an unknown preset 422, the center keeps the default (422)', async () => {
    expect((await setPreset(t, 'dispatcher', '大足区', 'dazu-2021')).statusCode).toBe(403);
    const unknown = await setPreset(t, 'admin', '大足区', 'dazu-2099');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().message).toContain('dazu-2021');
    expect((await setPreset(t, 'admin', '12345政务服务便民热线中心', 'dazu-2021')).statusCode).toBe(422);
    const set = await setPreset(t, 'admin', '大足区', 'dazu-2021');
    expect(set.statusCode, set.body).toBe(200);
    const audit = (await t.as('auditor').get('/api/audit?action=admin.unit.preset')).json().items as Array<{ actorName: string; detail: { status: number } }>;
    expect(audit.some((r) => r.actorName === '系统管理员' && r.detail.status === 200)).toBe(true);
    expect(audit.some((r) => r.detail.status === 403)).toBe(true);
  });

  it('the units listing shows which preset applies where: 大足区 its own, 龙岗街道 and 北街社区 inherited from 大足区, 渝中区 the default', async () => {
    const units = (await t.as('admin').get('/api/units')).json() as UnitNode[];
    expect(find(units, '大足区')!.presetApplies).toMatchObject({ id: 'dazu-2021', source: 'own' });
    expect(find(units, '龙岗街道办事处')).toMatchObject({ preset: null, presetApplies: { id: 'dazu-2021', source: 'inherited', fromUnitName: '大足区' } });
    expect(find(units, '北街社区居委会')!.presetApplies).toMatchObject({ id: 'dazu-2021', source: 'inherited', fromUnitName: '大足区' });
    expect(find(units, '渝中区')!.presetApplies).toMatchObject({ id: 'chongqing-2021', source: 'default' });
    const where = (await t.as('admin').get('/api/policy/units')).json();
    expect(where.default.id).toBe('chongqing-2021');
    expect(where.subtrees).toEqual([expect.objectContaining({ unitName: '大足区', unitPath: '12345政务服务便民热线中心 / 大足区', units: 3, preset: expect.objectContaining({ id: 'dazu-2021', title: DAZU }) })]);
    // GET /api/policy still answers the deployment's default; a subtree's preset by id
    expect((await t.as('handler1').get('/api/policy')).json().id).toBe('chongqing-2021');
    expect((await t.as('longgang').get('/api/policy?preset=dazu-2021')).json().document.title).toBe(DAZU);
    expect((await t.as('longgang').get('/api/policy?preset=nowhere-2020')).statusCode).toBe(422);
  });

  let id: string;
  it('大足 第六条（二）: a help request’s share at 龙岗街道 (under 大足区) is due in 10 working days, its share at 解放碑街道 in 15 (重庆 第十三条（二）)', async () => {
    id = (await t.as('agent').post('/api/tickets', newTicket({ type: 'help' }))).json().id;
    await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId('龙岗街道办事处'), role: 'joint' }, { unitId: await t.unitId('解放碑街道办事处'), role: 'joint' }] });
    const tk = await ticket(t, id);
    const dz = share(tk, '龙岗街道办事处');
    const cq = share(tk, '解放碑街道办事处');
    expect(dz.preset).toMatchObject({ id: 'dazu-2021', isDefault: false });
    expect(cq.preset).toMatchObject({ id: 'chongqing-2021', isDefault: true });
    // the day of dispatch is not counted (民法典 第二百零一条); no holiday falls in between
    expect(clock(dz, 'handle')).toMatchObject({ dueAt: '2026-12-07T23:59:59+08:00', preset: 'dazu-2021' });
    expect(clock(dz, 'handle').basis).toBe(`${DAZU} 第六条（二）（dazu-2021.txt）`);
    expect(clock(cq, 'handle')).toMatchObject({ dueAt: '2026-12-14T23:59:59+08:00', preset: 'chongqing-2021' });
    expect(clock(cq, 'handle').basis).toBe(`${CHONGQING} 第十三条（二）（chongqing-2021.txt）`);
    // 流转 within 1 working day under both, each citing its own text (大足 第六条（一）, 重庆 第十三条（一）)
    expect(clock(dz, 'transfer').basis).toContain(`${DAZU} 第六条（一）`);
    expect(clock(cq, 'transfer').basis).toContain(`${CHONGQING} 第十三条（一）`);
  });

  it('the timeline cites 大足’s document for the share under 大足区 (大足 第六条)', async () => {
    const tk = await ticket(t, id);
    const dispatches = tk.events.filter((e) => e.action === 'dispatch');
    expect(dispatches.find((e) => e.unitName === '龙岗街道办事处')!.presetTitle).toBe(DAZU);
    expect(dispatches.find((e) => e.unitName === '解放碑街道办事处')!.presetTitle).toBeUndefined();
  });

  it('大足 第七条: the share at 龙岗街道 not signed within 1 working day is reminded (第一次催办); the one at 解放碑, under 重庆, is not', async () => {
    t.setNow('2026-11-25T09:00:00+08:00');
    await watchClocks(t.ctx);
    const reminders = (await ticket(t, id)).events.filter((e) => e.action === 'remind');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ units: ['龙岗街道办事处'] });
    expect(reminders[0]!.basis).toContain(`${DAZU} 第七条`);
  });

  it('大足 第五条（二）: 龙岗街道’s reply waits for its reviewer, who must tick 政策关、保密关、来源关、文字关; 解放碑’s goes straight to the center (重庆 第六条（二）)', async () => {
    await ok(t, 'longgang', id, 'sign');
    await ok(t, 'handler1', id, 'sign');
    const reply = { process: '已到现场查看', result: '路灯已修复', contacted: false };
    await ok(t, 'longgang', id, 'reply', reply);
    await ok(t, 'handler1', id, 'reply', reply);
    let tk = await ticket(t, id);
    expect(share(tk, '龙岗街道办事处').status).toBe('unit_review');
    expect(share(tk, '解放碑街道办事处').status).toBe('replied');
    const unchecked = await t.as('longgang-review').act(id, 'approve-reply', {});
    expect(unchecked.statusCode).toBe(422);
    expect(unchecked.json().message).toContain('政策关');
    expect(unchecked.json().message).toContain(`${DAZU} 第五条（二）`);
    await ok(t, 'longgang-review', id, 'approve-reply', { checks: ['policy', 'secrecy', 'source', 'wording'] });
    tk = await ticket(t, id);
    expect(share(tk, '龙岗街道办事处').status).toBe('replied');
  });

  it('大足 第六条（三）: 龙岗街道 may not ask for more time within 2 working days of expiry; 解放碑 may, up to expiry (重庆 第十三条（三）)', async () => {
    t.setNow('2026-11-23T09:30:00+08:00');
    const cid = (await t.as('agent').post('/api/tickets', newTicket({ type: 'consultation' }))).json().id as string;
    await ok(t, 'dispatcher', cid, 'dispatch', { units: [{ unitId: await t.unitId('龙岗街道办事处'), role: 'joint' }, { unitId: await t.unitId('解放碑街道办事处'), role: 'joint' }] });
    await ok(t, 'longgang', cid, 'sign');
    await ok(t, 'handler1', cid, 'sign');
    const tk = await ticket(t, cid);
    // 咨询: 3 working days under 大足 第六条（二）, 5 under 重庆 第十三条（二）
    expect(clock(share(tk, '龙岗街道办事处'), 'handle').dueAt).toBe('2026-11-26T23:59:59+08:00');
    expect(clock(share(tk, '解放碑街道办事处'), 'handle').dueAt).toBe('2026-11-30T23:59:59+08:00');
    t.setNow('2026-11-25T10:00:00+08:00');
    const late = await t.as('longgang').act(cid, 'request-extension', { days: 3, reason: '需协调供电公司' });
    expect(late.statusCode).toBe(422);
    expect(late.json().message).toContain(`${DAZU} 第六条（三）`);
    await ok(t, 'handler1', cid, 'request-extension', { days: 3, reason: '需协调供电公司' });
  });

  it('a second server on the same database follows an admin’s change at once (NOTIFY)', async () => {
    const other = await buildApp({ db: t.db, policy: t.ctx.policy, calendar: new Calendar(), storage: memoryStorage(), vault: testVault(), now: t.ctx.now, demoMode: true });
    try {
      expect(other.appContext.presets.forPath(`/x/${await t.unitId('大足区')}/`).id).toBe('dazu-2021');
      expect((await setPreset(t, 'admin', '北街社区居委会', 'chongqing-2021')).statusCode).toBe(200);
      const path = `/x/${await t.unitId('大足区')}/y/${await t.unitId('北街社区居委会')}/`;
      for (let i = 0; i < 50 && other.appContext.presets.forPath(path).id !== 'chongqing-2021'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(other.appContext.presets.source(path)).toMatchObject({ preset: 'chongqing-2021', unitId: await t.unitId('北街社区居委会') });
    } finally {
      await other.close();
      await setPreset(t, 'admin', '北街社区居委会', null);
    }
  });

  it('大足 第十条（三）: under 重庆, a ticket at 龙岗街道 supervised twice without a reply is proposed for accountability to 区纪委监委; one at 解放碑 is not', async () => {
    t.setNow('2026-11-23T09:30:00+08:00');
    const at = async (unit: string, user: string) => {
      const tid = (await t.as('agent').post('/api/tickets', newTicket())).json().id as string;
      await ok(t, 'dispatcher', tid, 'dispatch', { units: [{ unitId: await t.unitId(unit), role: 'lead' }] });
      await ok(t, user, tid, 'sign');
      for (const note of ['请三日内反馈', '再次督办']) await ok(t, 'supervisor', tid, 'supervise', { note, level: 1 });
      return tid;
    };
    const dz = await at('龙岗街道办事处', 'longgang');
    const cq = await at('解放碑街道办事处', 'handler1');
    await watchSupervisionTriggers(t.ctx);
    const items = (await t.as('supervisor').get('/api/inbox?kind=proposal&pageSize=100')).json().items as Array<{ ticketId: string; request: { action: string; basis: string } }>;
    const accountability = items.filter((i) => i.request.action === 'accountability');
    expect(accountability.map((i) => i.ticketId)).toEqual([dz]);
    expect(accountability[0]!.request.basis).toContain(`${DAZU} 第十条（三）`);
    expect(items.some((i) => i.ticketId === cq)).toBe(false);
  });

  it('cleared, 大足区 follows the default again for new work, while clocks already running keep 大足’s rules (大足 第六条（二）)', async () => {
    expect((await setPreset(t, 'admin', '大足区', null)).statusCode).toBe(200);
    const units = (await t.as('admin').get('/api/units')).json() as UnitNode[];
    expect(find(units, '龙岗街道办事处')!.presetApplies).toMatchObject({ id: 'chongqing-2021', source: 'default' });
    t.setNow('2026-11-23T09:30:00+08:00');
    const fresh = (await t.as('agent').post('/api/tickets', newTicket({ type: 'help' }))).json().id as string;
    await ok(t, 'dispatcher', fresh, 'dispatch', { units: [{ unitId: await t.unitId('龙岗街道办事处'), role: 'lead' }] });
    expect(clock(share(await ticket(t, fresh), '龙岗街道办事处'), 'handle')).toMatchObject({ dueAt: '2026-12-14T23:59:59+08:00', preset: 'chongqing-2021' });
    const before = await t.db.query<{ preset: string }>(
      `SELECT c.preset FROM clocks c JOIN assignments a ON a.id = c.assignment_id JOIN units u ON u.id = a.unit_id WHERE c.ticket_id = $1 AND u.name = '龙岗街道办事处' AND c.name = 'handle'`,
      [id],
    );
    expect(before.rows.map((r) => r.preset)).toEqual(['dazu-2021']);
    await setPreset(t, 'admin', '大足区', 'dazu-2021');
  });
});

describe('大足 第六条（一） under a deployment whose returns go to the hotline (凉山 第十二条（二）)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'liangshan-2023', now: '2026-11-23T09:30:00+08:00' });
    await dazuDistrict(t);
    await t.addUser('xinhualu1', '新华路社区居委会', ['handler']);
    expect((await setPreset(t, 'admin', '大足区', 'dazu-2021')).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  async function passedDownAndReturned(lead: string, leadUser: string, below: string, belowUser: string): Promise<string> {
    const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id as string;
    await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId(lead), role: 'lead' }] });
    await ok(t, leadUser, id, 'sign');
    await ok(t, leadUser, id, 'subdispatch', { unitId: await t.unitId(below) });
    await ok(t, belowUser, id, 'return', { reason: '不属于本单位职责', basis: '三定方案', suggestedUnitId: await t.unitId('渝中区城市管理局') });
    return id;
  }

  it('龙岗街道’s return goes up to 大足区 and is not in the hotline’s returns to decide; 新华路社区’s, under 凉山’s rule, is', async () => {
    const dz = await passedDownAndReturned('大足区', 'dzq', '龙岗街道办事处', 'longgang');
    const ls = await passedDownAndReturned('解放碑街道办事处', 'handler1', '新华路社区居委会', 'xinhualu1');
    const pending = (await t.as('dispatcher').get('/api/tickets?pending=return')).json().items.map((x: { id: string }) => x.id);
    expect(pending).toContain(ls);
    expect(pending).not.toContain(dz);
    // 大足区, which passed it down, decides it (大足 第六条（一）: 逐级向上提交)
    const mine = (await t.as('dzq').get(`/api/tickets/${dz}`)).json().access.actions.map((a: { action: string }) => a.action);
    expect(mine).toContain('approve-return');
  });
});
