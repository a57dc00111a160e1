import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchClocks } from '../../src/server/jobs/clock-watcher.ts';
import { drainOutbox } from '../../src/server/jobs/outbox.ts';
import { buildTestApp, newTicket } from '../helpers.ts';

type Clock = { name: string; dueAt: string; status: string; explicit: boolean; basis: string };
type Share = { unit: { id: string }; status: string; clocks: Clock[]; pendingReturn: Record<string, unknown> | null };

async function setup(policy: string) {
  const t = await buildTestApp({ policy, now: '2026-11-23T09:30:00+08:00' });
  const unit = await t.unitId('解放碑街道办事处');
  const create = async (body: Record<string, unknown> = {}) => (await t.as('agent').post('/api/tickets', newTicket(body))).json();
  const dispatch = async (id: string, extra: Record<string, unknown> = {}) => {
    const r = await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: unit, role: 'lead' }], ...extra });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const get = async (id: string) => (await t.as('dispatcher').get(`/api/tickets/${id}`)).json();
  const share = (ticket: { assignments: Share[] }) => ticket.assignments[0]!;
  return { t, unit, create, dispatch, get, share };
}

describe('大足 (dazu-2021): 第七条 reminder levels', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => (s = await setup('dazu-2021')));
  afterAll(() => s.t.close());

  it('reminds once when a unit has not signed within 1 working day, also with two watchers at once', async () => {
    const c = await s.create();
    await s.dispatch(c.id);
    s.t.setNow('2026-11-24T18:00:00+08:00');
    expect((await watchClocks(s.t.ctx)).reminders).toBe(0);
    s.t.setNow('2026-11-25T09:00:00+08:00');
    const [a, b] = await Promise.all([watchClocks(s.t.ctx), watchClocks(s.t.ctx)]);
    // a watcher leaves a ticket the other holds (its sign clock) to the next round: once over the
    // rounds, never twice (CI on a busy machine: 0 in the concurrent round, then 1)
    const next = await watchClocks(s.t.ctx);
    expect(a.reminders + b.reminders + next.reminders).toBe(1);
    expect((await watchClocks(s.t.ctx)).reminders).toBe(0);
    const detail = await s.get(c.id);
    const reminder = detail.events.find((e: { action: string }) => e.action === 'remind');
    expect(reminder).toMatchObject({ auto: true, level: 1, actor: '系统' });
    expect(reminder.basis).toContain('第七条');
    const sent: string[] = [];
    await drainOutbox(s.t.db, s.t.ctx.vault, { send: async (m) => void sent.push(m.body) });
    expect(sent.some((b) => b.startsWith('【12345催办】'))).toBe(true);
  });

  it('第六条: 10 working days from 交办 by default (第六条（二）); a limit set at dispatch because a law fixes another prevails, also a longer one (第六条（四）)', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const plain = await s.create();
    const h = s.share(await s.dispatch(plain.id)).clocks.find((k) => k.name === 'handle')!;
    expect(h).toMatchObject({ dueAt: '2026-12-07T23:59:59+08:00', explicit: false });
    expect(h.basis).toContain('第六条（二）');
    const byLaw = await s.create();
    const k = s.share(await s.dispatch(byLaw.id, { due: '2026-12-18' })).clocks.find((c) => c.name === 'handle')!;
    expect(k).toMatchObject({ dueAt: '2026-12-18T23:59:59+08:00', explicit: true });
  });

  it('supervises when the handling limit passes; 督办2次仍未办结 is proposed to the supervisor, not escalated by itself (第七条)', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const c = await s.create();
    await s.dispatch(c.id);
    await s.t.as('handler1').act(c.id, 'sign');
    const handle = s.share(await s.get(c.id)).clocks.find((k) => k.name === 'handle')!;
    expect(handle.dueAt).toBe('2026-12-07T23:59:59+08:00'); // 第六条（二）: 10 working days
    s.t.setNow('2026-12-08T09:00:00+08:00');
    await watchClocks(s.t.ctx);
    let d = await s.get(c.id);
    expect(d.supervisionCount).toBe(1);
    expect(d.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['clock-overdue', 'supervise']));
    const list = (await s.t.as('supervisor').get('/api/tickets?overdue=true&pageSize=100')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(c.id);
    await s.t.as('supervisor').act(c.id, 'supervise', { note: '第二次督办' });
    d = await s.get(c.id);
    // 第七条 names no time after which the second 督办 has failed, and has the district offices act:
    // the platform proposes 专项督查 in the supervisor's 待我审批 (src/server/supervision/escalation.ts)
    expect(d.events.map((e: { action: string }) => e.action)).not.toContain('escalate');
    const inbox = (await s.t.as('supervisor').get('/api/inbox?kind=proposal')).json();
    expect(inbox.items.find((i: { ticketId: string }) => i.ticketId === c.id)).toMatchObject({ request: { action: 'escalate', means: ['专项督查', '全区通报'] } });
  });

  it('extension must be asked at least 2 working days before expiry (第六条（三）)', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const c = await s.create();
    await s.dispatch(c.id);
    await s.t.as('handler1').act(c.id, 'sign');
    s.t.setNow('2026-12-04T10:00:00+08:00'); // due 12-07; the last day to ask was 12-03
    const r = await s.t.as('handler1').act(c.id, 'request-extension', { days: 3, reason: '需协调' });
    expect(r.statusCode).toBe(422);
    expect(r.json().message).toContain('2 个工作日');
    expect(r.json().message).toContain('2026-12-03');
  });
});

describe('邵阳 (shaoyang-2023)', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => (s = await setup('shaoyang-2023')));
  afterAll(() => s.t.close());

  it('takes an unsigned share as signed once its window passes (第十三条), and refuses a late return', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const c = await s.create();
    const d = await s.dispatch(c.id);
    expect(s.share(d).clocks.map((k) => k.name).sort()).toEqual(['sign']);
    s.t.setNow('2026-11-25T09:00:00+08:00');
    const r = await watchClocks(s.t.ctx);
    expect(r.autoSigned).toBe(1);
    const after = await s.get(c.id);
    expect(after.status).toBe('handling');
    expect(after.events.find((e: { action: string; auto?: boolean }) => e.action === 'sign' && e.auto)).toBeTruthy();
    // 第十四条（三）: 5 working days from (deemed) signing
    expect(s.share(after).clocks.find((k) => k.name === 'handle')!.dueAt).toBe('2026-12-02T23:59:59+08:00');
    const late = await s.t.as('handler1').act(c.id, 'return', { reason: '不属本街道' });
    expect(late.statusCode).toBe(422);
    expect(late.json().message).toContain('视为签收');
  });

  it('a return about a manhole cover needs on-site photos', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const c = await s.create({ content: '新华路井盖缺失，很危险' });
    await s.dispatch(c.id);
    await s.t.as('handler1').act(c.id, 'sign');
    const r = await s.t.as('handler1').act(c.id, 'return', { reason: '井盖属通信公司', basis: '三定方案', suggestedUnitId: await s.t.unitId('渝中区城市管理局'), onsite: true });
    expect(r.statusCode).toBe(422);
    expect(r.json().message).toContain('须附现场图片');
  });

  it('an explicit limit at dispatch overrides the default', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const c = await s.create();
    const d = await s.dispatch(c.id, { due: '2026-11-26' });
    const h = s.share(d).clocks.find((k) => k.name === 'handle')!;
    expect(h).toMatchObject({ dueAt: '2026-11-26T23:59:59+08:00', explicit: true });
    await s.t.as('handler1').act(c.id, 'sign');
    const after = await s.get(c.id);
    expect(s.share(after).clocks.filter((k) => k.name === 'handle')).toHaveLength(1);
  });

  it('redo after a dissatisfied visit runs 5 working days (第十七条); an approved appeal is not counted', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const c = await s.create();
    await s.dispatch(c.id);
    await s.t.as('handler1').act(c.id, 'sign');
    await s.t.as('handler1').act(c.id, 'reply', { process: '现场维修', result: '已修复', contacted: true });
    await s.t.as('dispatcher').act(c.id, 'approve-completion');
    const v = (await s.t.as('visitor').act(c.id, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', fault: 'unit' })).json();
    expect(v.status).toBe('redo');
    expect(s.share(v).clocks.find((k: Clock) => k.name === 'redo')).toMatchObject({ dueAt: '2026-11-30T23:59:59+08:00', status: 'running' });
    expect(s.share(v).clocks.find((k: Clock) => k.name === 'redo')!.basis).toContain('第十七条');
    await s.t.as('handler1').act(c.id, 'reply', { process: '再次维修', result: '已修复', contacted: true });
    await s.t.as('dispatcher').act(c.id, 'approve-completion');
    await s.t.as('visitor').act(c.id, 'visit', { satisfaction: 'dissatisfied', resolution: 'partly', fault: 'objective' });
    const ap = await s.t.as('handler1').act(c.id, 'appeal', { reason: '来电人要求超出政策', evidence: '2026-11-25 通话录音' });
    expect(ap.json().appealStatus).toBe('pending');
    const ok = await s.t.as('supervisor').act(c.id, 'approve-appeal', { note: '属实' });
    expect(ok.json().appealStatus).toBe('approved');
  });
});

describe('凉山 (liangshan-2023)', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => (s = await setup('liangshan-2023')));
  afterAll(() => s.t.close());

  it('starts the dispatch clock at registration: 3 working hours (第十二条（一）)', async () => {
    s.t.setNow('2026-11-23T16:00:00+08:00');
    const c = await s.create();
    expect(c.clocks).toMatchObject([{ name: 'dispatch', dueAt: '2026-11-24T10:00:00+08:00', status: 'running' }]);
    const d = await s.dispatch(c.id);
    expect(d.clocks[0].status).toBe('met');
  });

  it('a late return counts as overdue (第十二条（二）); consultations are not extended (第十二条（三）)', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const c = await s.create({ type: 'consultation' });
    await s.dispatch(c.id);
    await s.t.as('handler1').act(c.id, 'sign');
    const ext = await s.t.as('handler1').act(c.id, 'request-extension', { days: 2, reason: '需查询' });
    expect(ext.statusCode).toBe(422);
    expect(ext.json().message).toContain('咨询类工单不予延期');
    s.t.setNow('2026-11-26T10:00:00+08:00');
    const r = await s.t.as('handler1').act(c.id, 'return', { reason: '属州级部门职责', basis: '三定方案', suggestedUnitId: await s.t.unitId('渝中区城市管理局') });
    expect(r.statusCode).toBe(200);
    expect(s.share(r.json()).pendingReturn).toMatchObject({ late: true, countsAsOverdue: true });
  });

  it('reminds when the handling limit is about to run out (第二十二条（一）)', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const c = await s.create();
    await s.dispatch(c.id);
    s.t.setNow('2026-12-02T08:00:00+08:00'); // 7 working days: due 12-02
    await watchClocks(s.t.ctx);
    const d = await s.get(c.id);
    expect(d.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['clock-due-soon', 'remind']));
    expect(s.share(d).clocks.find((k) => k.name === 'handle')!.status).toBe('running');
  });
});

describe('重庆 (chongqing-2021): the 退单 window (第十三条（一）)', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => (s = await setup('chongqing-2021')));
  afterAll(() => s.t.close());

  it('lapses when the unit keeps the ticket: nobody is overdue for it, on any board or list', async () => {
    const c = await s.create();
    await s.dispatch(c.id);
    await s.t.as('handler1').act(c.id, 'sign');
    const window = s.share(await s.get(c.id)).clocks.find((k) => k.name === 'return')!;
    expect(window.dueAt).toBe('2026-11-25T23:59:59+08:00'); // 2 working days from dispatch
    s.t.setNow('2026-11-26T10:00:00+08:00');
    expect((await watchClocks(s.t.ctx)).overdue).toBe(0);
    const d = await s.get(c.id);
    expect(s.share(d).clocks.find((k) => k.name === 'return')).toMatchObject({ status: 'stopped', overdue: false });
    expect(d.events.map((e: { action: string }) => e.action)).not.toContain('clock-overdue');

    const board = (await s.t.as('supervisor').get('/api/supervision/totals')).json();
    expect(board.overdue).toBe(0);
    const overdue = (await s.t.as('supervisor').get('/api/tickets?overdue=true&pageSize=100')).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).not.toContain(c.id);
    // the unit's list shows the handling limit to watch, not the window
    const mine = (await s.t.as('handler1').get('/api/tickets?pageSize=100')).json();
    expect(mine.items.find((i: { id: string }) => i.id === c.id).due).toMatchObject({ clock: 'handle' });

    const r = await s.t.as('handler1').act(c.id, 'reply', { process: '现场核查', result: '已处理', contacted: true });
    expect(r.statusCode, r.body).toBe(200);
    expect(s.share(r.json()).clocks.find((k) => k.name === 'return')!.status).toBe('stopped');
  });

  it('a window that passed before the watcher noticed is not recorded as overdue when the unit replies', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const c = await s.create();
    await s.dispatch(c.id);
    await s.t.as('handler1').act(c.id, 'sign');
    s.t.setNow('2026-11-26T10:00:00+08:00'); // window passed, no watcher run yet
    const r = await s.t.as('handler1').act(c.id, 'reply', { process: '现场核查', result: '已处理', contacted: true });
    expect(r.statusCode, r.body).toBe(200);
    const clocks = s.share(r.json()).clocks;
    expect(clocks.find((k) => k.name === 'return')!.status).toBe('stopped');
    expect(clocks.find((k) => k.name === 'handle')!.status).toBe('met');
  });
});
