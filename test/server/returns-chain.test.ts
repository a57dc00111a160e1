import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 退单 as the regulations write them, through HTTP: a sub-unit's return goes up the chain to the unit
 * that passed the share down, within one cumulative window (CQ 第十三条（一）, DZ 第六条（一）); a return
 * carries its basis and a suggested unit where the text requires them (LS 第十二条（二）, SY 第十三条).
 */

interface Share { id: string; parentId: string | null; unit: { name: string }; status: string; pendingReturn: Record<string, unknown> | null; clocks: Array<{ name: string; dueAt: string; status: string; overdue: boolean }> }
interface Listed { action: string; assignmentId: string | null; unitName: string | null }

async function ok(t: TestApp, user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  if (res.statusCode !== 200) throw new Error(`${user} ${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function ticket(t: TestApp, id: string) {
  const r = await t.as('dispatcher').get(`/api/tickets/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { status: string; version: number; assignments: Share[] };
}

const shareOf = async (t: TestApp, id: string, unit: string) => (await ticket(t, id)).assignments.find((a) => a.unit.name === unit)!;

async function actions(t: TestApp, user: string, id: string): Promise<string[]> {
  const r = await t.as(user).get(`/api/tickets/${id}`);
  if (r.statusCode !== 200) return [];
  return (r.json().access.actions as Listed[]).map((l) => (l.unitName ? `${l.action}@${l.unitName}` : l.action)).sort();
}

async function returnsWaiting(t: TestApp, user: string) {
  const r = await t.as(user).get('/api/inbox?kind=return');
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items as Array<{ ticketId: string; assignmentId: string; unitName: string; request: Record<string, unknown> }>;
}

async function eventCount(t: TestApp, id: string): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE ticket_id = $1', [id]);
  return rows[0]!.n;
}

/** A ticket dispatched to 解放碑 (lead) and 江北区市场监管局 (assist), signed by 解放碑 and passed down to 新华路社区. */
async function passedDown(t: TestApp, at?: { dispatch: string; subdispatch: string }) {
  if (at) t.setNow(at.dispatch);
  const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id as string;
  await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }, { unitId: await t.unitId('江北区市场监督管理局'), role: 'assist' }] });
  await ok(t, 'handler1', id, 'sign');
  if (at) t.setNow(at.subdispatch);
  await ok(t, 'handler1', id, 'subdispatch', { unitId: await t.unitId('新华路社区居委会') });
  return id;
}

describe('under chongqing-2021', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'chongqing-2021' });
    await t.addUser('xinhualu1', '新华路社区居委会', ['handler']);
  });
  afterAll(() => t.close());

  it('CQ 第十三条（一）逐级向上提交: a community’s return waits for the street office that passed it down, in its inbox; the hotline, the district above and another unit get 403; the street office takes it back', async () => {
    const id = await passedDown(t);
    await ok(t, 'xinhualu1', id, 'return', { reason: '路灯属区城市管理局管护，不属于社区职责' });
    const sub = await shareOf(t, id, '新华路社区居委会');
    expect(sub.status).toBe('return_requested');
    expect(sub.pendingReturn).toMatchObject({ decider: '解放碑街道办事处' });

    const waiting = await returnsWaiting(t, 'handler1');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ ticketId: id, assignmentId: sub.id, unitName: '新华路社区居委会', request: { reason: '路灯属区城市管理局管护，不属于社区职责', forwardedFrom: null } });
    for (const u of ['dispatcher', 'admin', 'yuzhong', 'handler2', 'xinhualu1']) expect(await returnsWaiting(t, u), u).toEqual([]);
    // the dispatch center's list of pending returns is the hotline's, not the street office's
    expect((await t.as('dispatcher').get('/api/tickets?pending=return')).json().items.map((x: { id: string }) => x.id)).not.toContain(id);

    expect(await actions(t, 'handler1', id)).toEqual(expect.arrayContaining(['approve-return@新华路社区居委会', 'forward-return@新华路社区居委会', 'reject-return@新华路社区居委会']));
    for (const u of ['dispatcher', 'yuzhong', 'handler2', 'xinhualu1']) expect((await actions(t, u, id)).filter((a) => a.includes('新华路')), u).toEqual([]);

    const before = (await ticket(t, id)).version;
    for (const u of ['dispatcher', 'yuzhong', 'handler2']) {
      const r = await t.as(u).act(id, 'approve-return', { assignmentId: sub.id });
      expect(r.statusCode, `${u}: ${r.body}`).toBe(403);
      expect(r.json().message).toContain('逐级向上提交');
      expect(r.json().message).toContain('第十三条（一）');
      expect((await t.as(u).act(id, 'forward-return', { assignmentId: sub.id })).statusCode, u).toBe(403);
    }
    expect((await ticket(t, id)).version).toBe(before);

    await ok(t, 'handler1', id, 'approve-return', { assignmentId: sub.id, note: '收回，由街道协调' });
    const after = await ticket(t, id);
    expect(after.status).toBe('handling');
    expect(after.assignments.find((a) => a.id === sub.id)!.status).toBe('returned');
    expect(after.assignments.find((a) => a.unit.name === '解放碑街道办事处')!.status).toBe('handling');
    expect(await returnsWaiting(t, 'handler1')).toEqual([]);
    // the community's share has ended: it keeps a read-only view
    expect((await t.as('xinhualu1').get(`/api/tickets/${id}`)).json().access.actions).toEqual([]);
  });

  it('CQ 第十三条（一）累计时间不超过2个工作日: passed down on day 2, the community is left what remains of the one window; a return after it lapses is taken as late, and the window never counts as overdue', async () => {
    // dispatched Monday 23 Nov: the chain's window ends Wednesday 25 Nov; passed down on Tuesday
    const id = await passedDown(t, { dispatch: '2026-11-23T09:30:00+08:00', subdispatch: '2026-11-24T10:00:00+08:00' });
    const sub = await shareOf(t, id, '新华路社区居委会');
    const window = sub.clocks.find((c) => c.name === 'return')!;
    expect(window.dueAt).toBe('2026-11-25T23:59:59+08:00'); // not Thursday 26 Nov, a fresh 2 working days
    t.setNow('2026-11-26T09:00:00+08:00');
    const lapsed = (await shareOf(t, id, '新华路社区居委会')).clocks.find((c) => c.name === 'return')!;
    expect(lapsed.overdue).toBe(false);
    await ok(t, 'xinhualu1', id, 'return', { reason: '不属于社区职责' });
    expect((await shareOf(t, id, '新华路社区居委会')).pendingReturn).toMatchObject({ late: true });
    expect((await returnsWaiting(t, 'handler1')).find((w) => w.ticketId === id)!.request).toMatchObject({ late: true });
    // passed up, the street office's return is late against the same window
    await ok(t, 'handler1', id, 'forward-return', { assignmentId: sub.id });
    expect((await shareOf(t, id, '解放碑街道办事处')).pendingReturn).toMatchObject({ late: true, reason: '不属于社区职责' });
  });

  it('CQ 第十三条（一）: within the window a return passed down on day 1 is not late; passed down after the window lapsed, the community gets no window of its own', async () => {
    const early = await passedDown(t, { dispatch: '2026-11-23T09:30:00+08:00', subdispatch: '2026-11-23T11:00:00+08:00' });
    t.setNow('2026-11-25T16:00:00+08:00');
    await ok(t, 'xinhualu1', early, 'return', { reason: '不属于社区职责' });
    expect((await shareOf(t, early, '新华路社区居委会')).pendingReturn).toMatchObject({ late: false });
    const late = await passedDown(t, { dispatch: '2026-11-23T09:30:00+08:00', subdispatch: '2026-11-27T10:00:00+08:00' });
    expect((await shareOf(t, late, '新华路社区居委会')).clocks.map((c) => c.name)).not.toContain('return');
  });
});

describe('under dazu-2021', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'dazu-2021' });
    await t.addUser('xinhualu1', '新华路社区居委会', ['handler']);
  });
  afterAll(() => t.close());

  it('DZ 第六条（一）逐级向上提交: the street office passes its community’s return up; its own share asks the hotline with the community’s reason; the hotline decides', async () => {
    const id = await passedDown(t);
    await ok(t, 'xinhualu1', id, 'return', { reason: '属区城市管理局职责', basis: '三定方案' });
    const sub = await shareOf(t, id, '新华路社区居委会');
    expect(await returnsWaiting(t, 'dispatcher')).toEqual([]);
    const denied = await t.as('dispatcher').act(id, 'reject-return', { assignmentId: sub.id, reason: '属社区职责' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().message).toContain('第六条（一）');

    await ok(t, 'handler1', id, 'forward-return', { assignmentId: sub.id, note: '街道核实属实' });
    const after = await ticket(t, id);
    const street = after.assignments.find((a) => a.unit.name === '解放碑街道办事处')!;
    expect(after.assignments.find((a) => a.id === sub.id)!.status).toBe('returned');
    expect(street.status).toBe('return_requested');
    expect(street.pendingReturn).toMatchObject({ reason: '属区城市管理局职责', basis: '三定方案', forwardedFrom: { unitName: '新华路社区居委会' }, decider: '12345热线' });
    expect(await returnsWaiting(t, 'handler1')).toEqual([]);
    const waiting = await returnsWaiting(t, 'dispatcher');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ assignmentId: street.id, unitName: '解放碑街道办事处', request: { reason: '属区城市管理局职责', forwardedFrom: '新华路社区居委会' } });
    // the first-level share's return is still the hotline's to decide, not the units'
    expect((await t.as('handler1').act(id, 'approve-return', { assignmentId: street.id })).statusCode).toBe(403);
    await ok(t, 'dispatcher', id, 'approve-return', { assignmentId: street.id });
    expect((await ticket(t, id)).assignments.find((a) => a.id === street.id)!.status).toBe('returned');
  });

  it('DZ 第六条（一）: the street office may refuse its community’s return; the community carries on', async () => {
    const id = await passedDown(t);
    await ok(t, 'xinhualu1', id, 'return', { reason: '不属于社区职责' });
    const sub = await shareOf(t, id, '新华路社区居委会');
    await ok(t, 'handler1', id, 'reject-return', { assignmentId: sub.id, reason: '属社区网格职责' });
    expect((await shareOf(t, id, '新华路社区居委会')).status).toBe('handling');
  });
});

describe('under liangshan-2023', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'liangshan-2023' });
    await t.addUser('xinhualu1', '新华路社区居委会', ['handler']);
  });
  afterAll(() => t.close());

  it('LS 第十二条（二）注明退回理由、依据，并建议转办单位: a return without either is refused (422, nothing written)', async () => {
    const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id;
    await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
    const before = { version: (await ticket(t, id)).version, events: await eventCount(t, id) };
    const suggested = await t.unitId('渝中区城市管理局');
    const noBasis = await t.as('handler1').act(id, 'return', { reason: '不属于本街道职责', suggestedUnitId: suggested });
    expect(noBasis.statusCode).toBe(422);
    expect(noBasis.json().message).toMatch(/退回依据.*第十二条（二）/);
    const noUnit = await t.as('handler1').act(id, 'return', { reason: '不属于本街道职责', basis: '三定方案' });
    expect(noUnit.statusCode).toBe(422);
    expect(noUnit.json().message).toMatch(/建议转办.*第十二条（二）/);
    const nowhere = await t.as('handler1').act(id, 'return', { reason: '不属于本街道职责', basis: '三定方案', suggestedUnitId: '00000000-0000-4000-8000-000000000000' });
    expect(nowhere.statusCode).toBe(422);
    expect({ version: (await ticket(t, id)).version, events: await eventCount(t, id) }).toEqual(before);
    expect((await shareOf(t, id, '解放碑街道办事处')).status).toBe('dispatched');
    await ok(t, 'handler1', id, 'return', { reason: '不属于本街道职责', basis: '三定方案', suggestedUnitId: suggested });
    expect((await shareOf(t, id, '解放碑街道办事处')).pendingReturn).toMatchObject({ basis: '三定方案', suggestedUnitName: '渝中区城市管理局' });
  });

  it('LS 第十二条（二）退回12345热线: a community’s return goes to the hotline, not up the chain', async () => {
    const id = await passedDown(t);
    await ok(t, 'xinhualu1', id, 'return', { reason: '不属于社区职责', basis: '三定方案', suggestedUnitId: await t.unitId('渝中区城市管理局') });
    expect((await returnsWaiting(t, 'dispatcher')).map((w) => w.unitName)).toContain('新华路社区居委会');
    expect(await returnsWaiting(t, 'handler1')).toEqual([]);
    expect(await actions(t, 'handler1', id)).not.toContain('forward-return@新华路社区居委会');
  });
});

describe('under shaoyang-2023', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'shaoyang-2023' });
  });
  afterAll(() => t.close());

  it('SY 第十三条 附理由和依据; after an on-site check, 提出具体承办单位的意见建议: refused without them (422, nothing written)', async () => {
    const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id;
    await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
    await ok(t, 'handler1', id, 'sign');
    const before = { version: (await ticket(t, id)).version, events: await eventCount(t, id) };
    const noBasis = await t.as('handler1').act(id, 'return', { reason: '不属于本街道职责' });
    expect(noBasis.statusCode).toBe(422);
    expect(noBasis.json().message).toMatch(/退回依据.*第十三条/);
    const onsite = await t.as('handler1').act(id, 'return', { reason: '现场核实不属于本街道职责', basis: '三定方案', onsite: true });
    expect(onsite.statusCode).toBe(422);
    expect(onsite.json().message).toMatch(/经现场核实后退单须提出建议转办的承办单位.*第十三条/);
    expect({ version: (await ticket(t, id)).version, events: await eventCount(t, id) }).toEqual(before);
    // a same-day return needs its reason and basis, not a suggested unit
    await ok(t, 'handler1', id, 'return', { reason: '不属于本街道职责', basis: '三定方案' });
    expect((await shareOf(t, id, '解放碑街道办事处')).status).toBe('return_requested');
  });
});
