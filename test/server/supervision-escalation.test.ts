import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchClocks } from '../../src/server/jobs/clock-watcher.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * Escalation when a supervision fails, not when it is issued, and the supervision extension — per
 * preset, through HTTP (and the clock watcher, as the server runs it).
 */

type Clock = { id: string; name: string; dueAt: string; status: string; overdue: boolean };
type Share = { id: string; status: string; clocks: Clock[]; supervisionExtensionCount: number; pendingSupervisionExtension: Record<string, unknown> | null };
type Ev = { action: string } & Record<string, unknown>;

async function ok(t: TestApp, user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

async function setup(policy: string) {
  const t = await buildTestApp({ policy, now: '2026-11-23T09:30:00+08:00' });
  const unit = await t.unitId('解放碑街道办事处');
  const signed = async () => {
    t.setNow('2026-11-23T09:30:00+08:00');
    const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id as string;
    await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: unit, role: 'lead' }] });
    await ok(t, 'handler1', id, 'sign');
    return id;
  };
  const get = async (id: string) => (await t.as('dispatcher').get(`/api/tickets/${id}`)).json();
  const share = async (id: string): Promise<Share> => (await get(id)).assignments[0];
  const events = async (id: string): Promise<Ev[]> => (await get(id)).events;
  const leadership = async (id: string) =>
    (await t.db.query<{ body: string }>(`SELECT body FROM outbox WHERE channel = 'leadership' AND ticket_id = $1 ORDER BY id`, [id])).rows.map((r) => r.body);
  const inbox = async (user: string) => (await t.as(user).get('/api/inbox')).json().items as Array<Record<string, unknown> & { kind: string; ticketId: string }>;
  return { t, signed, get, share, events, leadership, inbox };
}

describe('邵阳 (shaoyang-2023) 第二十四条: escalation when the supervision clock passes unresolved', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => (s = await setup('shaoyang-2023')));
  afterAll(() => s.t.close());

  it('the automatic 督办 at overdue does not escalate; its 5 working days passing without a reply does, once', async () => {
    const id = await s.signed(); // handling: 5 working days from signing (第十四条) → due 11-30
    s.t.setNow('2026-12-01T09:00:00+08:00');
    await watchClocks(s.t.ctx);
    let ev = await s.events(id);
    expect(ev.find((e) => e.action === 'supervise')).toMatchObject({ auto: true, level: 1, method: 'system' });
    expect(ev.map((e) => e.action)).not.toContain('escalate');
    expect(await s.leadership(id)).toEqual([]);
    const sup = (await s.share(id)).clocks.find((c) => c.name === 'supervision')!;
    expect(sup).toMatchObject({ status: 'running', dueAt: '2026-12-08T23:59:59+08:00' }); // 系统督办 ≤ 5 working days

    s.t.setNow('2026-12-08T20:00:00+08:00');
    expect((await watchClocks(s.t.ctx)).escalations).toBe(0);
    s.t.setNow('2026-12-09T09:00:00+08:00');
    const [a, b] = await Promise.all([watchClocks(s.t.ctx), watchClocks(s.t.ctx)]);
    expect(a.escalations + b.escalations).toBe(1);
    ev = await s.events(id);
    const esc = ev.filter((e) => e.action === 'escalate');
    expect(esc).toHaveLength(1);
    expect(esc[0]).toMatchObject({ level: 2, means: ['呈报市人民政府督查室督办'], supervisions: 1 });
    expect(String(esc[0]!.basis)).toContain('第二十四条');
    expect(String(esc[0]!.reason)).toContain('解放碑街道办事处 仍未办结');
    const sent = await s.leadership(id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('呈报市人民政府督查室督办');

    // a second supervision that fails too does not escalate the same ticket again
    await ok(s.t, 'supervisor', id, 'supervise', { note: '再次督办', method: 'other' });
    const dues = (await s.share(id)).clocks.filter((c) => c.name === 'supervision' && c.status === 'running').map((c) => c.dueAt);
    expect(dues.sort()).toEqual(['2026-12-08T23:59:59+08:00', '2026-12-23T23:59:59+08:00']); // the first stays overdue; other means ≤ 10
    s.t.setNow('2026-12-24T09:00:00+08:00');
    expect((await watchClocks(s.t.ctx)).escalations).toBe(0);

    // 督办件台账 shows the escalation
    const ledger = (await s.t.as('supervisor').get('/api/supervision/ledger?state=open')).json();
    expect(ledger.items.find((i: { id: string }) => i.id === id)).toMatchObject({ escalated: { level: 2, means: ['呈报市人民政府督查室督办'] } });
  });

  it('a unit that replies within the supervision limit is not escalated', async () => {
    const id = await s.signed();
    s.t.setNow('2026-12-01T09:00:00+08:00');
    await watchClocks(s.t.ctx);
    s.t.setNow('2026-12-04T10:00:00+08:00');
    await ok(s.t, 'handler1', id, 'reply', { process: '现场维修', result: '已修复', contacted: true });
    s.t.setNow('2026-12-10T09:00:00+08:00');
    await watchClocks(s.t.ctx);
    expect((await s.events(id)).map((e) => e.action)).not.toContain('escalate');
    expect((await s.share(id)).clocks.find((c) => c.name === 'supervision')!.status).toBe('met');
  });

  it('督办事项可申请延期一次，≤ 10 个工作日: the unit asks, the supervisor decides from the inbox, the clock moves', async () => {
    const id = await s.signed();
    const early = await s.t.as('handler1').act(id, 'request-supervision-extension', { days: 3, reason: '情况复杂' });
    expect(early.statusCode).toBe(409); // nothing supervised yet
    expect(early.json().message).toContain('没有正在计时的督办时限');
    s.t.setNow('2026-12-01T09:00:00+08:00');
    await watchClocks(s.t.ctx);
    s.t.setNow('2026-12-03T10:00:00+08:00');
    const long = await s.t.as('handler1').act(id, 'request-supervision-extension', { days: 11, reason: '情况复杂' });
    expect(long.statusCode).toBe(422);
    expect(long.json().message).toContain('不得超过 10 个工作日');
    expect(long.json().message).toContain('第二十四条');
    const noReason = await s.t.as('handler1').act(id, 'request-supervision-extension', { days: 5, reason: ' ' });
    expect(noReason.statusCode).toBe(422);
    await ok(s.t, 'handler1', id, 'request-supervision-extension', { days: 5, reason: '涉及多个部门，需协调供电公司更换线路' });
    expect((await s.t.as('handler1').act(id, 'request-supervision-extension', { days: 2, reason: '再延' })).statusCode).toBe(409);

    // it reaches the hotline's supervisors, and only them
    const mine = (await s.inbox('supervisor')).filter((i) => i.ticketId === id);
    expect(mine).toMatchObject([{ kind: 'supervision-extension', kindLabel: '督办延期审批', unitName: '解放碑街道办事处', request: { days: 5 }, due: { dueAt: '2026-12-08T23:59:59+08:00' } }]);
    for (const u of ['dispatcher', 'handler1', 'yuzhong', 'agent']) expect((await s.inbox(u)).filter((i) => i.ticketId === id), u).toEqual([]);
    expect((await s.t.as('supervisor').get('/api/inbox/counts')).json()['supervision-extension']).toBeGreaterThanOrEqual(1);
    const page = (await s.t.as('supervisor').get(`/api/tickets/${id}`)).json();
    expect(page.access.actions.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['approve-supervision-extension', 'reject-supervision-extension']));
    expect((await s.t.as('dispatcher').act(id, 'approve-supervision-extension')).statusCode).toBe(403);

    await ok(s.t, 'supervisor', id, 'approve-supervision-extension', { note: '同意' });
    const sh = await s.share(id);
    expect(sh.supervisionExtensionCount).toBe(1);
    expect(sh.pendingSupervisionExtension).toBeNull();
    expect(sh.clocks.find((c) => c.name === 'supervision' && c.status === 'running')!.dueAt).toBe('2026-12-15T23:59:59+08:00');
    const again = await s.t.as('handler1').act(id, 'request-supervision-extension', { days: 2, reason: '仍需协调' });
    expect(again.statusCode).toBe(422);
    expect(again.json().message).toContain('只能申请延期 1 次');
    expect((await s.t.as('handler1').get(`/api/tickets/${id}`)).json().access.actions.map((a: { action: string }) => a.action)).not.toContain('request-supervision-extension');

    // no escalation at the old limit; at the extended one, yes
    s.t.setNow('2026-12-09T09:00:00+08:00');
    await watchClocks(s.t.ctx);
    expect((await s.events(id)).map((e) => e.action)).not.toContain('escalate');
    s.t.setNow('2026-12-16T09:00:00+08:00');
    await watchClocks(s.t.ctx);
    expect((await s.events(id)).map((e) => e.action)).toContain('escalate');
  });

  it('a rejected request keeps the supervision limit; a late one is refused', async () => {
    const id = await s.signed();
    s.t.setNow('2026-12-01T09:00:00+08:00');
    await watchClocks(s.t.ctx);
    await ok(s.t, 'handler1', id, 'request-supervision-extension', { days: 3, reason: '情况复杂' });
    expect((await s.t.as('supervisor').act(id, 'reject-supervision-extension', {})).statusCode).toBe(422); // a reason is required
    await ok(s.t, 'supervisor', id, 'reject-supervision-extension', { note: '理由不充分，请按期办结' });
    expect((await s.share(id)).clocks.find((c) => c.name === 'supervision')!.dueAt).toBe('2026-12-08T23:59:59+08:00');
    s.t.setNow('2026-12-09T08:00:00+08:00');
    const late = await s.t.as('handler1').act(id, 'request-supervision-extension', { days: 3, reason: '情况复杂' });
    expect(late.statusCode).toBe(422);
    expect(late.json().message).toContain('届满');
  });
});

describe('大足 (dazu-2021) 第七条: 督办2次仍未办结 → a proposal for 专项督查, decided by the supervisor', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => (s = await setup('dazu-2021')));
  afterAll(() => s.t.close());

  it('one round is not two; after the second the supervisor sees the proposal, and escalating is a person’s decision', async () => {
    const id = await s.signed(); // signed at once: no 第一次催办; handling 10 working days → due 12-07
    s.t.setNow('2026-12-08T09:00:00+08:00');
    await watchClocks(s.t.ctx);
    expect((await s.events(id)).filter((e) => e.action === 'supervise')).toHaveLength(1);
    expect((await s.inbox('supervisor')).filter((i) => i.ticketId === id)).toEqual([]);

    await ok(s.t, 'supervisor', id, 'supervise', { note: '第二次督办' });
    let ev = await s.events(id);
    expect(ev.map((e) => e.action)).not.toContain('escalate');
    expect(await s.leadership(id)).toEqual([]);
    const proposal = (await s.inbox('supervisor')).find((i) => i.ticketId === id && i.kind === 'proposal')!;
    expect(proposal).toMatchObject({ kindLabel: '督办建议', unitName: '解放碑街道办事处', request: { action: 'escalate', means: ['专项督查', '全区通报'] } });
    expect(String((proposal.request as { label: string }).label)).toContain('督办2次仍未办结');
    expect(String((proposal.request as { basis: string }).basis)).toContain('第七条');
    expect((await s.t.as('supervisor').get('/api/inbox/counts')).json().proposal).toBe(1);
    for (const u of ['dispatcher', 'handler1', 'agent', 'leader']) expect((await s.inbox(u)).filter((i) => i.ticketId === id), u).toEqual([]);
    const pid = proposal.proposalId as string;
    expect((await s.t.as('dispatcher').post(`/api/supervision/proposals/${pid}/accept`, {})).statusCode).toBe(403);

    await ok(s.t, 'supervisor', id, 'supervise', { note: '第三次督办' }); // fires once per ticket
    expect((await s.inbox('supervisor')).filter((i) => i.ticketId === id)).toHaveLength(1);

    const r = await s.t.as('supervisor').post(`/api/supervision/proposals/${pid}/accept`, { note: '报区政府办公室开展专项督查' });
    expect(r.statusCode, r.body).toBe(200);
    ev = await s.events(id);
    expect(ev.find((e) => e.action === 'escalate')).toMatchObject({ level: 3, means: ['专项督查', '全区通报'], note: '报区政府办公室开展专项督查' });
    expect((await s.leadership(id))[0]).toContain('专项督查、全区通报');
    expect((await s.inbox('supervisor')).filter((i) => i.ticketId === id)).toEqual([]);
    expect((await s.t.as('supervisor').post(`/api/supervision/proposals/${pid}/dismiss`, { note: '晚了' })).statusCode).toBe(409);
    const ledger = (await s.t.as('supervisor').get('/api/supervision/ledger?state=open')).json();
    expect(ledger.items.find((i: { id: string }) => i.id === id)).toMatchObject({ supervisionCount: 3, escalated: { level: 3 } });
  });

  it('the unit not signing counts as the first round (第一次催办); a proposal leaves the inbox once the unit replies; dismissing needs a reason', async () => {
    s.t.setNow('2026-11-23T09:30:00+08:00');
    const id = (await s.t.as('agent').post('/api/tickets', newTicket())).json().id as string;
    await ok(s.t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await s.t.unitId('解放碑街道办事处'), role: 'lead' }] });
    s.t.setNow('2026-11-25T09:00:00+08:00');
    await watchClocks(s.t.ctx); // 第一次催办
    await ok(s.t, 'handler1', id, 'sign');
    s.t.setNow('2026-12-08T09:00:00+08:00');
    await watchClocks(s.t.ctx); // 第二次督办
    const p = (await s.inbox('supervisor')).find((i) => i.ticketId === id && i.kind === 'proposal')!;
    expect(p).toBeTruthy();
    const bad = await s.t.as('supervisor').post(`/api/supervision/proposals/${p.proposalId as string}/dismiss`, {});
    expect(bad.statusCode).toBe(422);
    await ok(s.t, 'handler1', id, 'reply', { process: '已修复', result: '已修复', contacted: true });
    // 大足 第五条（二）: the reply leaves the unit once its reviewer has checked the four 关
    await ok(s.t, 'reviewer1', id, 'approve-reply', { checks: ['policy', 'secrecy', 'source', 'wording'] });
    expect((await s.inbox('supervisor')).filter((i) => i.ticketId === id)).toEqual([]);
  });

  it('presets without the rule refuse a supervision extension (大足 sets none)', async () => {
    const id = await s.signed();
    await ok(s.t, 'supervisor', id, 'supervise', { note: '督办' });
    const r = await s.t.as('handler1').act(id, 'request-supervision-extension', { days: 3, reason: '情况复杂' });
    expect(r.statusCode).toBe(422);
    expect(r.json().message).toContain('未规定督办事项延期');
  });
});
