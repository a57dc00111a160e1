import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 本单位审核 (issue 13 item 5): where a unit reviews its replies, the handler's reply waits for the
 * unit's reviewer (单位管理员) before it reaches the center; the reviewer approves it or sends it back
 * with a reason the handler reads; the handling clock keeps running meanwhile.
 */

type Clock = { name: string; status: string; dueAt: string };
type Share = {
  id: string;
  unit: { name: string };
  status: string;
  statusLabel: string;
  reply: Record<string, unknown> | null;
  replyReview: { state: string; reason?: string; draft: Record<string, unknown> | null } | null;
  clocks: Clock[];
};

async function ok(t: TestApp, user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  if (res.statusCode !== 200) throw new Error(`${user} ${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function view(t: TestApp, user: string, id: string) {
  const r = await t.as(user).get(`/api/tickets/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { status: string; assignments: Share[]; events: Array<Record<string, unknown>>; access: { actions: Array<{ action: string; assignmentId: string | null }> } };
}

async function signed(t: TestApp) {
  const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id as string;
  await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
  await ok(t, 'handler1', id, 'sign');
  return id;
}

async function inbox(t: TestApp, user: string) {
  const r = await t.as(user).get('/api/inbox');
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { items: Array<Record<string, unknown>> };
}

const REPLY = { process: '现场检查后更换灯泡', result: '路灯已恢复照明', contacted: true };

describe('under chongqing-2021 (重庆 第六条（二）: the unit chooses to review)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'chongqing-2021' });
  });
  afterAll(() => t.close());

  it('重庆 第六条（二）: by default a reply goes to the center as before', async () => {
    const id = await signed(t);
    await ok(t, 'handler1', id, 'reply', REPLY);
    expect((await view(t, 'dispatcher', id)).status).toBe('reviewing');
  });

  it('重庆 第六条（二）审核办理结果: only the system admin switches a unit’s review on; the center is no unit', async () => {
    const unit = await t.unitId('解放碑街道办事处');
    expect((await t.as('reviewer1').put(`/api/admin/units/${unit}/reply-review`, { required: true })).statusCode).toBe(403);
    const center = await t.unitId('12345政务服务便民热线中心');
    const c = await t.as('admin').put(`/api/admin/units/${center}/reply-review`, { required: true });
    expect(c.statusCode).toBe(422);
    expect(c.json().message).toMatch(/热线中心/);
    const bad = await t.as('admin').put(`/api/admin/units/${unit}/reply-review`, {});
    expect(bad.statusCode).toBe(422);
    expect((await t.as('admin').put(`/api/admin/units/${unit}/reply-review`, { required: true })).statusCode).toBe(200);
    const found = (await t.as('admin').get(`/api/units?q=${encodeURIComponent('解放碑街道')}`)).json();
    expect(found[0]).toMatchObject({ name: '解放碑街道办事处', replyReview: true, replyReviewApplies: true });
  });

  it('重庆 第六条（二）: the reply waits as 待本单位审核 in the reviewer’s inbox, not the center’s; the clock keeps running; 403 for anyone else', async () => {
    const id = await signed(t);
    await ok(t, 'handler1', id, 'reply', REPLY);
    const d = await view(t, 'dispatcher', id);
    expect(d.status).toBe('handling');
    const share = d.assignments[0]!;
    expect(share).toMatchObject({ status: 'unit_review', statusLabel: '待本单位审核' });
    // the draft has not left the unit
    expect(share.replyReview).toMatchObject({ state: 'pending', draft: null });
    expect(share.reply).toBeNull();
    expect(share.clocks.find((c) => c.name === 'handle')!.status).toBe('running');
    expect((await inbox(t, 'dispatcher')).items.filter((i) => i.ticketId === id)).toEqual([]);

    const mine = (await inbox(t, 'reviewer1')).items.filter((i) => i.ticketId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'unit-review', kindLabel: '待本单位审核', unitName: '解放碑街道办事处', request: { result: '路灯已恢复照明', submittedBy: '解放碑街道 刘洋' } });
    expect((await view(t, 'reviewer1', id)).access.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['approve-reply', 'reject-reply']));
    expect((await view(t, 'handler1', id)).access.actions.map((a) => a.action)).not.toContain('approve-reply');

    // the handler, the district's desk above it, the center: none may decide
    for (const u of ['handler1', 'yuzhong', 'dispatcher']) {
      const r = await t.as(u).act(id, 'approve-reply', {});
      expect(r.statusCode, `${u}: ${r.body}`).toBe(403);
    }
    expect((await t.as('handler2').act(id, 'approve-reply', {})).statusCode).toBe(404);
    expect((await inbox(t, 'yuzhong')).items.filter((i) => i.ticketId === id)).toEqual([]);
  });

  it('重庆 第六条（二）: sent back with a reason the handler reads (422 without one); approved, it reaches the center and the clock stops', async () => {
    const id = await signed(t);
    await ok(t, 'handler1', id, 'reply', REPLY);
    const none = await t.as('reviewer1').act(id, 'reject-reply', { reason: ' ' });
    expect(none.statusCode).toBe(422);
    expect(none.json().message).toMatch(/退回理由/);
    await ok(t, 'reviewer1', id, 'reject-reply', { reason: '办理结果未写明更换时间' });
    const back = await view(t, 'handler1', id);
    expect(back.assignments[0]).toMatchObject({ status: 'handling', replyReview: { state: 'returned', reason: '办理结果未写明更换时间' } });
    expect(back.events.find((e) => e.action === 'reject-reply')).toMatchObject({ reason: '办理结果未写明更换时间' });
    expect(back.access.actions.map((a) => a.action)).toContain('reply');

    t.setNow('2026-11-24T10:00:00+08:00');
    await ok(t, 'handler1', id, 'reply', { ...REPLY, result: '11月24日已更换灯泡，路灯恢复照明' });
    await ok(t, 'reviewer1', id, 'approve-reply', { note: '同意报出' });
    const d = await view(t, 'dispatcher', id);
    expect(d.status).toBe('reviewing');
    expect(d.assignments[0]).toMatchObject({ status: 'replied', replyReview: null, reply: { result: '11月24日已更换灯泡，路灯恢复照明', review: { reviewer: '解放碑街道 办公室 陈红', note: '同意报出' } } });
    expect(d.assignments[0]!.clocks.find((c) => c.name === 'handle')!.status).toBe('met');
    expect(d.events.map((e) => e.action)).toEqual(expect.arrayContaining(['submit-reply', 'reject-reply', 'approve-reply', 'reply']));
    expect((await inbox(t, 'dispatcher')).items.filter((i) => i.ticketId === id)).toHaveLength(1);
    t.setNow('2026-11-23T09:30:00+08:00');
  });

  it('重庆 第六条（二）: a reviewer does not approve the reply they wrote themselves', async () => {
    const id = (await t.as('agent').post('/api/tickets', newTicket())).json().id as string;
    await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
    await ok(t, 'reviewer1', id, 'sign');
    await ok(t, 'reviewer1', id, 'reply', REPLY);
    const r = await t.as('reviewer1').act(id, 'approve-reply', {});
    expect(r.statusCode).toBe(403);
    expect(r.json().message).toMatch(/本人/);
    expect((await view(t, 'reviewer1', id)).access.actions.map((a) => a.action)).not.toContain('approve-reply');
    // the badges of the unit's two reviewers, asked at the same moment (one read of the unit's waiting
    // tickets serves both: inbox/rows.ts): the other reviewer has it waiting, its writer does not
    await t.addUser('reviewer1b', '解放碑街道办事处', ['unit_admin']);
    const [writer, other] = await Promise.all(['reviewer1', 'reviewer1b'].map(async (u) => (await t.as(u).get('/api/inbox/counts')).json() as { 'unit-review': number }));
    expect(other!['unit-review']).toBe(writer!['unit-review'] + 1);
    // the same roles and unit share the guards' answers (inbox/shared-decisions.ts): whoever asks
    // first, the writer's own reply is decided again for the writer
    const [other2, writer2] = await Promise.all(['reviewer1b', 'reviewer1'].map(async (u) => (await t.as(u).get('/api/inbox/counts')).json() as { 'unit-review': number }));
    expect(other2!['unit-review']).toBe(other!['unit-review']);
    expect(writer2!['unit-review']).toBe(writer!['unit-review']);
  });

  it('重庆 第六条（二）: back to the preset’s default (null), replies go straight again', async () => {
    const unit = await t.unitId('解放碑街道办事处');
    expect((await t.as('admin').put(`/api/admin/units/${unit}/reply-review`, { required: null })).statusCode).toBe(200);
    const id = await signed(t);
    await ok(t, 'handler1', id, 'reply', REPLY);
    expect((await view(t, 'dispatcher', id)).status).toBe('reviewing');
  });
});

describe('under dazu-2021 (大足 第五条（二）: 政策关、保密关、来源关、文字关)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'dazu-2021' });
  });
  afterAll(() => t.close());

  it('大足 第五条（二）: every unit reviews its replies by default; each 关 must be ticked, and the ticks are recorded', async () => {
    const id = await signed(t);
    await ok(t, 'handler1', id, 'reply', REPLY);
    expect((await view(t, 'dispatcher', id)).assignments[0]!.status).toBe('unit_review');

    const missing = await t.as('reviewer1').act(id, 'approve-reply', { checks: ['policy', 'source', 'wording'] });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().message).toMatch(/保密关/);
    const unknown = await t.as('reviewer1').act(id, 'approve-reply', { checks: ['policy', 'secrecy', 'source', 'wording', 'speed'] });
    expect(unknown.statusCode).toBe(422);
    expect((await view(t, 'dispatcher', id)).assignments[0]!.status).toBe('unit_review');

    await ok(t, 'reviewer1', id, 'approve-reply', { checks: ['policy', 'secrecy', 'source', 'wording'] });
    const d = await view(t, 'dispatcher', id);
    expect(d.status).toBe('reviewing');
    expect(d.events.find((e) => e.action === 'approve-reply')).toMatchObject({ checks: ['政策关', '保密关', '来源关', '文字关'] });
    expect(d.assignments[0]!.reply).toMatchObject({ review: { checks: ['政策关', '保密关', '来源关', '文字关'] } });
  });

  it('大足 第五条（二）: a unit the admin exempts replies straight to the center', async () => {
    const unit = await t.unitId('解放碑街道办事处');
    const tree = (await t.as('admin').get(`/api/units?q=${encodeURIComponent('解放碑')}`)).json();
    expect(tree[0]).toMatchObject({ replyReview: null, replyReviewApplies: true });
    await t.as('admin').put(`/api/admin/units/${unit}/reply-review`, { required: false });
    const id = await signed(t);
    await ok(t, 'handler1', id, 'reply', REPLY);
    expect((await view(t, 'dispatcher', id)).status).toBe('reviewing');
    await t.as('admin').put(`/api/admin/units/${unit}/reply-review`, { required: null });
  });
});

describe.each([
  ['liangshan-2023', '凉山 第七条（二）审核答复内容'],
  ['shaoyang-2023', '邵阳 第六条（三）建立健全内部受理、呈批、办理、答复…工作机制'],
])('under %s (%s)', (policy, article) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy });
  });
  afterAll(() => t.close());

  it(`${article}: off by default; once the admin switches it on, the reply waits for the unit’s reviewer, then reaches the center`, async () => {
    const straight = await signed(t);
    await ok(t, 'handler1', straight, 'reply', REPLY);
    expect((await view(t, 'dispatcher', straight)).status).toBe('reviewing');

    const unit = await t.unitId('解放碑街道办事处');
    expect((await t.as('admin').put(`/api/admin/units/${unit}/reply-review`, { required: true })).statusCode).toBe(200);
    const id = await signed(t);
    await ok(t, 'handler1', id, 'reply', REPLY);
    expect((await view(t, 'dispatcher', id)).assignments[0]!.status).toBe('unit_review');
    expect((await inbox(t, 'reviewer1')).items.filter((i) => i.ticketId === id)).toHaveLength(1);
    await ok(t, 'reviewer1', id, 'approve-reply', {});
    const d = await view(t, 'dispatcher', id);
    expect(d.status).toBe('reviewing');
    expect(d.assignments[0]!.reply).toMatchObject({ result: '路灯已恢复照明' });
  });
});
