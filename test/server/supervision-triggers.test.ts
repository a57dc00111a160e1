import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchClocks } from '../../src/server/jobs/clock-watcher.ts';
import { drainOutbox } from '../../src/server/jobs/outbox.ts';
import { watchKnowledgeBase } from '../../src/server/kb/expiry.ts';
import { watchSupervisionTriggers } from '../../src/server/supervision/triggers.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 督办 beyond the clocks (issue 13 item 8): the preset's supervisionTriggers, evaluated by the job the
 * server runs, each firing once per matter — by itself where the text says the hotline supervises
 * such matters, as a proposal in the supervisors' 待我审批 where the center judges.
 */

type Ev = { action: string } & Record<string, unknown>;
type Item = Record<string, unknown> & { kind: string; ticketId: string | null; proposalId?: string; request: Record<string, unknown> };

async function ok(t: TestApp, user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

function helpers(t: TestApp) {
  const create = async (content = '新华路路灯不亮已经一周了') => (await t.as('agent').post('/api/tickets', newTicket({ content }))).json().id as string;
  const dispatched = async (content?: string) => {
    const id = await create(content);
    await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
    return id;
  };
  const signed = async () => {
    const id = await dispatched();
    await ok(t, 'handler1', id, 'sign');
    return id;
  };
  const events = async (id: string): Promise<Ev[]> => (await t.as('dispatcher').get(`/api/tickets/${id}`)).json().events;
  const proposals = async (user = 'supervisor'): Promise<Item[]> => (await t.as(user).get('/api/inbox?kind=proposal&pageSize=100')).json().items;
  /** Sent back for redo twice: redone once and still dissatisfied through the unit's fault. */
  const redoneTwice = async () => {
    const id = await signed();
    for (let i = 0; i < 2; i += 1) {
      await ok(t, 'handler1', id, 'reply', { process: '现场维修', result: '已修复', contacted: true });
      // 大足 第五条（二）: where units review their replies, the reviewer lets this one leave the unit
      const review = t.ctx.policy.unitReview;
      if (review?.default) await ok(t, 'reviewer1', id, 'approve-reply', { checks: review.checklist?.map((c) => c.code) ?? [] });
      await ok(t, 'dispatcher', id, 'approve-completion');
      await ok(t, 'visitor', id, 'visit', { satisfaction: 'dissatisfied', resolution: 'unresolved', fault: 'unit' });
    }
    return id;
  };
  const repeated = async (times: number) => {
    const original = await signed();
    for (let i = 1; i < times; i += 1) await ok(t, 'agent', await create('新华路路灯还是不亮'), 'link-repeat', { originalId: original });
    return original;
  };
  return { create, dispatched, signed, events, proposals, redoneTwice, repeated };
}

describe('邵阳 (shaoyang-2023) 第二十四条', () => {
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'shaoyang-2023' });
    h = helpers(t);
  });
  afterAll(() => t.close());

  it('（三）发回重办后仍不满意、确属承办单位原因: supervised by the platform itself, once, with the 5-day supervision limit', async () => {
    const id = await h.redoneTwice();
    const [a, b] = await Promise.all([watchSupervisionTriggers(t.ctx), watchSupervisionTriggers(t.ctx)]);
    expect(a.acted + b.acted).toBe(1);
    const sup = (await h.events(id)).filter((e) => e.action === 'supervise');
    expect(sup).toHaveLength(1);
    expect(sup[0]).toMatchObject({ auto: true, actor: '系统', trigger: '发回重办后服务对象仍不满意，确属承办单位原因' });
    expect(String(sup[0]!.basis)).toContain('第二十四条（三）');
    const share = (await t.as('dispatcher').get(`/api/tickets/${id}`)).json().assignments[0];
    expect(share.clocks.find((c: { name: string }) => c.name === 'supervision')).toMatchObject({ status: 'running', dueAt: '2026-11-30T23:59:59+08:00' });
    expect(await watchSupervisionTriggers(t.ctx)).toEqual({ acted: 0, proposed: 0 });
    const notice = await t.db.query<{ body: string }>(`SELECT body FROM outbox WHERE ticket_id = $1 AND body LIKE '【12345督办】%'`, [id]);
    expect(notice.rows).toHaveLength(1);
  });

  it('（二）集中投诉举报的热点: three requests of one matter are proposed to the supervisor, who supervises', async () => {
    const original = await h.repeated(3);
    expect(await watchSupervisionTriggers(t.ctx)).toMatchObject({ proposed: 1 });
    const p = (await h.proposals()).find((i) => i.ticketId === original)!;
    expect(p.request).toMatchObject({ action: 'supervise', label: '集中投诉举报的热点、难点事项（同一诉求多次反映）', reason: '同一诉求已反映 3 次仍在办理' });
    expect(String(p.request.basis)).toContain('第二十四条（二）');
    for (const u of ['dispatcher', 'agent', 'handler1']) expect((await h.proposals(u)).length, u).toBe(0);
    const r = await t.as('supervisor').post(`/api/supervision/proposals/${p.proposalId}/accept`, { note: '热点问题，请加快办理', method: 'other' });
    expect(r.statusCode, r.body).toBe(200);
    const sup = (await h.events(original)).find((e) => e.action === 'supervise')!;
    expect(sup).toMatchObject({ method: 'other', note: '热点问题，请加快办理', trigger: p.request.label });
    // once per matter: a fourth request raises nothing new
    await ok(t, 'agent', await h.create('新华路路灯依旧不亮'), 'link-repeat', { originalId: original });
    expect(await watchSupervisionTriggers(t.ctx)).toEqual({ acted: 0, proposed: 0 });
  });
});

describe('凉山 (liangshan-2023) 第二十二条: the center 催办s', () => {
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'liangshan-2023' });
    h = helpers(t);
    await t.addUser('yzeditor', '渝中区城市管理局', ['kb_editor']);
    await t.addUser('reviewer', '12345政务服务便民热线中心', ['kb_reviewer']);
  });
  afterAll(() => t.close());

  it('（二）多次反映应解决而未解决: proposed, since whether 事实清楚、依据明确 is the center’s judgment; dismissed with a reason', async () => {
    const original = await h.repeated(2);
    await watchSupervisionTriggers(t.ctx);
    const p = (await h.proposals()).find((i) => i.ticketId === original)!;
    expect(p.request).toMatchObject({ action: 'remind', actionLabel: '催办' });
    expect(String(p.request.basis)).toContain('第二十二条（二）');
    expect((await t.as('supervisor').post(`/api/supervision/proposals/${p.proposalId}/dismiss`, { note: ' ' })).statusCode).toBe(422);
    const r = await t.as('supervisor').post(`/api/supervision/proposals/${p.proposalId}/dismiss`, { note: '来电人诉求超出政策范围，已解释' });
    expect(r.statusCode, r.body).toBe(200);
    expect((await h.events(original)).find((e) => e.action === 'dismiss-proposal')).toMatchObject({ note: '来电人诉求超出政策范围，已解释' });
    expect((await h.proposals()).filter((i) => i.ticketId === original)).toEqual([]);
    expect((await t.as('supervisor').post(`/api/supervision/proposals/${p.proposalId}/accept`, {})).statusCode).toBe(409);
  });

  it('（三）推诿扯皮: a ticket returned twice is proposed for a 催办; accepting reminds the unit', async () => {
    const id = await h.dispatched();
    const suggestedUnitId = await t.unitId('江北区市场监督管理局');
    await ok(t, 'handler1', id, 'return', { reason: '不属本街道职责', basis: '三定方案', suggestedUnitId });
    await ok(t, 'dispatcher', id, 'reject-return', { reason: '属于贵单位职责' });
    expect(await watchSupervisionTriggers(t.ctx)).toMatchObject({ proposed: 0 });
    await ok(t, 'handler1', id, 'return', { reason: '仍不属本街道职责', basis: '三定方案', suggestedUnitId });
    await ok(t, 'dispatcher', id, 'reject-return', { reason: '属于贵单位职责' });
    expect(await watchSupervisionTriggers(t.ctx)).toMatchObject({ proposed: 1 });
    const p = (await h.proposals()).find((i) => i.ticketId === id)!;
    expect(p).toMatchObject({ unitName: '解放碑街道办事处', request: { reason: '该工单已被退单 2 次' } });
    expect(String(p.request.basis)).toContain('第二十二条（三）');
    expect((await t.as('supervisor').post(`/api/supervision/proposals/${p.proposalId}/accept`, {})).statusCode).toBe(200);
    expect((await h.events(id)).find((e) => e.action === 'remind')).toMatchObject({ trigger: '多次退单，疑似推诿扯皮' });
  });

  it('（四）知识库未及时更新: an entry its unit was asked to update and let expire brings a 催办 to that unit, once', async () => {
    const e = (await t.as('yzeditor').post('/api/kb/entries', { title: '冬季占道经营临时管理规定', answer: '12月起夜市占道经营须办理临时许可。', expiresOn: '2026-12-10' })).json();
    await t.as('yzeditor').post(`/api/kb/entries/${e.id}/submit`, {});
    expect((await t.as('reviewer').post(`/api/kb/entries/${e.id}/approve`, {})).statusCode).toBe(200);
    await watchKnowledgeBase(t.ctx); // asked to update: expires within 30 days
    t.setNow('2026-12-11T08:00:00+08:00');
    await watchKnowledgeBase(t.ctx); // let it expire
    expect(await watchSupervisionTriggers(t.ctx)).toMatchObject({ acted: 1 });
    expect(await watchSupervisionTriggers(t.ctx)).toMatchObject({ acted: 0 });
    const { rows } = await t.db.query<{ body: string }>(`SELECT body FROM outbox WHERE unit_id = $1 AND body LIKE '【12345催办】%'`, [await t.unitId('渝中区城市管理局')]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.body).toContain('冬季占道经营临时管理规定');
    expect(rows[0]!.body).toContain('第二十二条（四）');
    t.setNow('2026-11-23T09:30:00+08:00');
  });
});

describe('重庆 (chongqing-2021) 第十五条 重点督查: proposals for the supervisor', () => {
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'chongqing-2021' });
    h = helpers(t);
  });
  afterAll(() => t.close());

  it('不当退单 (returns refused twice), 异常延期 (two extensions of one share), 办理质量差 (still dissatisfied after redo)', async () => {
    const returned = await h.dispatched();
    for (let i = 0; i < 2; i += 1) {
      await ok(t, 'handler1', returned, 'return', { reason: '不属本街道职责', basis: '三定方案' });
      await ok(t, 'dispatcher', returned, 'reject-return', { reason: '属于贵单位职责' });
    }
    const extended = await h.signed();
    const share = (await t.as('dispatcher').get(`/api/tickets/${extended}`)).json().assignments[0].id;
    for (let i = 0; i < 2; i += 1) {
      await ok(t, 'handler1', extended, 'request-extension', { days: 2, reason: '需协调' });
      await ok(t, 'yuzhong', extended, 'approve-extension', { assignmentId: share });
    }
    const poor = await h.redoneTwice();
    expect(await watchSupervisionTriggers(t.ctx)).toEqual({ acted: 0, proposed: 3 });
    const items = await h.proposals();
    expect(items.find((i) => i.ticketId === returned)!.request).toMatchObject({ label: '不当退单（退单多次被驳回）', action: 'supervise' });
    expect(items.find((i) => i.ticketId === extended)!.request).toMatchObject({ label: '异常延期（同一承办任务多次延期）' });
    expect(items.find((i) => i.ticketId === poor)!.request).toMatchObject({ label: '办理质量差（重办后仍不满意）' });
    for (const i of items) expect(String(i.request.basis)).toContain('第十五条');
    expect((await t.as('supervisor').get('/api/inbox/counts')).json().proposal).toBe(3);
    // nothing was supervised without the supervisor
    for (const id of [returned, extended, poor]) expect((await h.events(id)).map((e) => e.action)).not.toContain('supervise');
    const p = items.find((i) => i.ticketId === returned)!;
    expect((await t.as('supervisor').post(`/api/supervision/proposals/${p.proposalId}/accept`, { note: '重点督查' })).statusCode).toBe(200);
    expect((await h.events(returned)).find((e) => e.action === 'supervise')).toMatchObject({ note: '重点督查' });
  });
});

describe('大足 (dazu-2021): 第十条 问责建议', () => {
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'dazu-2021' });
    h = helpers(t);
  });
  afterAll(() => t.close());

  const accountability = async () => (await h.proposals()).filter((i) => i.request.action === 'accountability');

  it('a redo twice is no trigger here (it is under 邵阳 第二十四条（三）)', async () => {
    await h.redoneTwice();
    expect(await watchSupervisionTriggers(t.ctx)).toEqual({ acted: 0, proposed: 0 });
  });

  it('大足 第十条（三）督查督办2次及以上仍不反馈: proposed to the supervisor; accepted, it goes to 区纪委监委 and onto the center’s timeline, never the unit’s', async () => {
    const silent = await h.signed();
    const answered = await h.signed();
    for (const id of [silent, answered]) {
      for (const note of ['请三日内反馈', '再次督办']) await ok(t, 'supervisor', id, 'supervise', { note, level: 1 });
    }
    await ok(t, 'handler1', answered, 'reply', { process: '现场维修', result: '已修复', contacted: true });
    await ok(t, 'reviewer1', answered, 'approve-reply', { checks: ['policy', 'secrecy', 'source', 'wording'] });

    expect(await watchSupervisionTriggers(t.ctx)).toEqual({ acted: 0, proposed: 1 });
    const [p] = await accountability();
    expect(p).toMatchObject({ ticketId: silent, unitName: '解放碑街道办事处', request: { label: '督查督办2次及以上仍不反馈办理情况', actionLabel: '提出问责建议' } });
    expect(String(p!.request.basis)).toContain('第十条（三）');
    expect(String(p!.request.reason)).toContain('已督查督办 2 次');
    // a unit may not decide it
    expect((await t.as('handler1').post(`/api/supervision/proposals/${p!.proposalId}/accept`, {})).statusCode).toBe(403);

    expect((await t.as('supervisor').post(`/api/supervision/proposals/${p!.proposalId}/accept`, { note: '建议约谈' })).statusCode).toBe(200);
    expect((await h.events(silent)).find((e) => e.action === 'accountability')).toMatchObject({ to: '区纪委监委和组织人事部门', note: '建议约谈', unitName: '解放碑街道办事处' });
    const unitView = (await t.as('handler1').get(`/api/tickets/${silent}`)).json();
    expect(unitView.events.map((e: Ev) => e.action)).not.toContain('accountability');
    expect(unitView.events.map((e: Ev) => e.action)).toContain('supervise');
    const sent: string[] = [];
    await drainOutbox(t.db, t.ctx.vault, { send: async (m) => void sent.push(m.body) });
    expect(sent.find((b) => b.startsWith('【12345问责建议】致区纪委监委和组织人事部门'))).toMatch(/解放碑街道办事处已督查督办 2 次.*建议约谈/);
    // once per ticket
    expect(await watchSupervisionTriggers(t.ctx)).toEqual({ acted: 0, proposed: 0 });
  });

  it('大足 第十条（一）对紧急事项拖延推诿: a 特殊事项 past its limit is proposed, an ordinary one is not; declined only with a reason', async () => {
    const urgent = (await t.as('agent').post('/api/tickets', newTicket({ urgency: 'special', content: '小区供水管爆裂，整栋楼停水' }))).json().id as string;
    const plain = (await t.as('agent').post('/api/tickets', newTicket({ content: '小区绿化带杂草长期无人修剪' }))).json().id as string;
    for (const id of [urgent, plain]) {
      await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
      await ok(t, 'handler1', id, 'sign');
    }
    t.setNow('2026-12-20T10:00:00+08:00');
    await watchClocks(t.ctx);
    await watchSupervisionTriggers(t.ctx);
    const mine = (await accountability()).filter((i) => i.request.label === '对紧急事项拖延推诿，延误处理时机');
    expect(mine.map((i) => i.ticketId)).toEqual([urgent]);
    expect(String(mine[0]!.request.basis)).toContain('第十条（一）');
    const bare = await t.as('supervisor').post(`/api/supervision/proposals/${mine[0]!.proposalId}/dismiss`, { note: ' ' });
    expect(bare.statusCode).toBe(422);
    expect((await t.as('supervisor').post(`/api/supervision/proposals/${mine[0]!.proposalId}/dismiss`, { note: '停水已于次日恢复，未造成不良影响' })).statusCode).toBe(200);
    expect((await h.events(urgent)).find((e) => e.action === 'dismiss-proposal')).toMatchObject({ note: '停水已于次日恢复，未造成不良影响' });
  });
});
