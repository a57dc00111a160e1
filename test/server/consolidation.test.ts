import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 牵头单位汇总答复 and 专题协调 (issue 13 item 4): on a ticket with a lead (主办) and assisting (协办)
 * units, the assisting units reply to the lead, which sends the one reply to the center carrying
 * theirs; joint (会签) shares reply separately as before. A 专题协调 is recorded by the lead unit or
 * the center, shown on the timeline, and its follow-up dates come into the recorder's 待我审批.
 */

type Share = { id: string; unit: { name: string }; role: string; status: string; reply: Record<string, unknown> | null };
type Item = { kind: string; ticketId: string; request: Record<string, unknown>; unitName: string | null; followUpId?: string };

async function ok(t: TestApp, user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  if (res.statusCode !== 200) throw new Error(`${user} ${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function view(t: TestApp, user: string, id: string) {
  const r = await t.as(user).get(`/api/tickets/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { status: string; assignments: Share[]; events: Array<Record<string, unknown>>; access: { actions: Array<{ action: string }> } };
}

async function inbox(t: TestApp, user: string, id: string): Promise<Item[]> {
  const r = await t.as(user).get('/api/inbox?pageSize=100');
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().items as Item[]).filter((i) => i.ticketId === id);
}

/** Lead 解放碑街道 (handler1), assisting 江北区市场监督管理局 (handler2), both signed. */
async function team(t: TestApp, role: 'assist' | 'joint' = 'assist') {
  const id = (await t.as('agent').post('/api/tickets', newTicket({ content: '解放碑某餐馆油烟扰民且疑似无证经营' }))).json().id as string;
  const units = [
    { unitId: await t.unitId('解放碑街道办事处'), role: role === 'joint' ? 'joint' : 'lead' },
    { unitId: await t.unitId('江北区市场监督管理局'), role },
  ];
  await ok(t, 'dispatcher', id, 'dispatch', { units });
  await ok(t, 'handler1', id, 'sign');
  await ok(t, 'handler2', id, 'sign');
  return id;
}

const LEAD = { process: '会同市场监管部门现场检查', result: '已责令餐馆加装油烟净化设备', contacted: true };
const ASSIST = { process: '核查经营资质', result: '该店已取得食品经营许可证', contacted: false };

describe('under chongqing-2021 (重庆 第十三条（二）: 由牵头承办单位汇总各方意见统一答复)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'chongqing-2021' });
  });
  afterAll(() => t.close());

  it('重庆 第十三条（二）: the lead waits for its assisting units; their replies go to the lead, not the center', async () => {
    const id = await team(t);
    const early = await t.as('handler1').act(id, 'reply', LEAD);
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toMatch(/协办单位（江北区市场监督管理局）尚未答复.*汇总/);
    expect((await view(t, 'handler1', id)).access.actions.map((a) => a.action)).not.toContain('reply');
    expect(await inbox(t, 'handler1', id)).toEqual([]);

    await ok(t, 'handler2', id, 'reply', ASSIST);
    const d = await view(t, 'dispatcher', id);
    expect(d.status).toBe('handling');
    expect(d.events.find((e) => e.action === 'reply')).toMatchObject({ unitName: '江北区市场监督管理局', toUnitName: '解放碑街道办事处' });
    expect(await inbox(t, 'dispatcher', id)).toEqual([]);
    const { rows } = await t.db.query<{ body: string }>('SELECT o.body FROM outbox o JOIN units u ON u.id = o.unit_id WHERE o.ticket_id = $1 AND u.name = $2', [id, '解放碑街道办事处']);
    expect(rows.map((r) => r.body).join('\n')).toMatch(/协办单位江北区市场监督管理局已答复/);

    // the lead reads it on the ticket and in its inbox
    const lead = await view(t, 'handler1', id);
    expect(lead.assignments.find((a) => a.role === 'assist')!.reply).toMatchObject({ result: '该店已取得食品经营许可证' });
    const items = await inbox(t, 'handler1', id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'consolidation', request: { assistReplies: [{ unitName: '江北区市场监督管理局', result: '该店已取得食品经营许可证' }] } });
    expect(await inbox(t, 'handler2', id)).toEqual([]);
  });

  it('重庆 第十三条（二）: the lead’s one reply carries the assisting replies to the center; a send-back goes to the lead only', async () => {
    const id = await team(t);
    await ok(t, 'handler2', id, 'reply', ASSIST);
    await ok(t, 'handler1', id, 'reply', LEAD);
    const d = await view(t, 'dispatcher', id);
    expect(d.status).toBe('reviewing');
    expect(d.assignments.find((a) => a.role === 'lead')!.reply).toMatchObject({
      result: '已责令餐馆加装油烟净化设备',
      assistReplies: [{ unitName: '江北区市场监督管理局', result: '该店已取得食品经营许可证', handlerName: '江北区市场监管局 周杰' }],
    });
    const completion = (await inbox(t, 'dispatcher', id)).find((i) => i.kind === 'completion')!;
    expect(completion.request.replies).toEqual([{ unitName: '解放碑街道办事处', result: '已责令餐馆加装油烟净化设备', contacted: true, assistUnits: ['江北区市场监督管理局'] }]);

    await ok(t, 'dispatcher', id, 'reject-completion', { reason: '请补充整改期限' });
    const back = await view(t, 'handler1', id);
    expect(Object.fromEntries(back.assignments.map((a) => [a.role, a.status]))).toEqual({ lead: 'handling', assist: 'replied' });
    await ok(t, 'handler1', id, 'reply', { ...LEAD, result: '已责令餐馆 12 月 10 日前加装油烟净化设备' });
    expect((await view(t, 'dispatcher', id)).status).toBe('reviewing');
  });

  it('重庆 第十二条（二）2 专题协调 (大足 第四条（四）综合协调; 凉山 第五条（一）跨层级、跨区域的协调): the lead unit records it; an assisting unit may not (403); bad input is refused in Chinese', async () => {
    const id = await team(t);
    const body = {
      heldOn: '2026-11-23',
      participants: [await t.unitId('解放碑街道办事处'), await t.unitId('江北区市场监督管理局')],
      decisions: '市场监管局核查证照，街道督促商户加装净化设备',
      followUps: [{ due: '2026-11-26', note: '回看净化设备安装情况' }],
    };
    expect((await t.as('handler2').act(id, 'coordinate', body)).statusCode).toBe(403);
    expect((await view(t, 'handler2', id)).access.actions.map((a) => a.action)).not.toContain('coordinate');
    const none = await t.as('handler1').act(id, 'coordinate', { ...body, decisions: '' });
    expect(none.statusCode).toBe(422);
    expect(none.json().message).toMatch(/议定事项/);
    const future = await t.as('handler1').act(id, 'coordinate', { ...body, heldOn: '2026-11-30' });
    expect(future.statusCode).toBe(422);
    expect(future.json().message).toMatch(/协调日期不能晚于今天/);
    const early = await t.as('handler1').act(id, 'coordinate', { ...body, followUps: [{ due: '2026-11-20', note: '回看' }] });
    expect(early.statusCode).toBe(422);

    expect((await view(t, 'handler1', id)).access.actions.map((a) => a.action)).toContain('coordinate');
    await ok(t, 'handler1', id, 'coordinate', body);
    for (const u of ['handler2', 'dispatcher']) {
      const e = (await view(t, u, id)).events.find((x) => x.action === 'coordinate');
      expect(e, u).toMatchObject({ heldOn: '2026-11-23', participants: ['解放碑街道办事处', '江北区市场监督管理局'], decisions: '市场监管局核查证照，街道督促商户加装净化设备', followUps: [{ due: '2026-11-26', note: '回看净化设备安装情况' }] });
    }
  });

  it('专题协调 follow-up dates come into the recorder’s 待我审批 when due; only the recorder marks them done', async () => {
    const id = await team(t);
    await ok(t, 'dispatcher', id, 'coordinate', {
      heldOn: '2026-11-23',
      participants: [await t.unitId('解放碑街道办事处'), await t.unitId('江北区市场监督管理局')],
      decisions: '明确由解放碑街道牵头',
      followUps: [{ due: '2026-11-25', note: '了解处理进度' }],
    });
    expect((await inbox(t, 'dispatcher', id)).filter((i) => i.kind === 'follow-up')).toEqual([]);
    t.setNow('2026-11-25T08:30:00+08:00');
    const due = (await inbox(t, 'dispatcher', id)).filter((i) => i.kind === 'follow-up');
    expect(due).toHaveLength(1);
    expect(due[0]!.request).toMatchObject({ dueOn: '2026-11-25', note: '了解处理进度', decisions: '明确由解放碑街道牵头' });
    expect((await t.as('dispatcher').get('/api/inbox/counts')).json()['follow-up']).toBeGreaterThanOrEqual(1);
    for (const u of ['handler1', 'supervisor']) expect((await inbox(t, u, id)).filter((i) => i.kind === 'follow-up'), u).toEqual([]);

    const url = `/api/coordination/follow-ups/${due[0]!.followUpId}/done`;
    expect((await t.as('supervisor').post(url, {})).statusCode).toBe(403);
    expect((await t.as('handler2').post(url, {})).statusCode).toBe(403);
    expect((await t.as('dispatcher').post(url, { note: '已电话了解，设备已订购' })).statusCode).toBe(200);
    expect((await t.as('dispatcher').post(url, {})).statusCode).toBe(409);
    expect((await inbox(t, 'dispatcher', id)).filter((i) => i.kind === 'follow-up')).toEqual([]);
    expect((await view(t, 'handler1', id)).events.find((e) => e.action === 'follow-up-done')).toMatchObject({ dueOn: '2026-11-25', note: '已电话了解，设备已订购' });
    expect((await t.as('dispatcher').post('/api/coordination/follow-ups/00000000-0000-4000-8000-000000000000/done', {})).statusCode).toBe(404);
    t.setNow('2026-11-23T09:30:00+08:00');
  });
});

describe('under liangshan-2023 (凉山 第十一条（三）: 会签工单…分别处理)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'liangshan-2023' });
  });
  afterAll(() => t.close());

  it('凉山 第十一条（三）: joint (会签) shares each reply to the center, as before', async () => {
    const id = await team(t, 'joint');
    await ok(t, 'handler2', id, 'reply', ASSIST);
    expect((await view(t, 'dispatcher', id)).events.find((e) => e.action === 'reply')).not.toHaveProperty('toUnitName');
    await ok(t, 'handler1', id, 'reply', LEAD);
    expect((await view(t, 'dispatcher', id)).status).toBe('reviewing');
    const completion = (await inbox(t, 'dispatcher', id)).find((i) => i.kind === 'completion')!;
    expect((completion.request.replies as unknown[]).length).toBe(2);
  });

  it('凉山 第十一条（三）: 最终由牵头单位汇总各方意见统一答复诉求人 — the lead answers for its assisting unit', async () => {
    const id = await team(t);
    expect((await t.as('handler1').act(id, 'reply', LEAD)).statusCode).toBe(409);
    await ok(t, 'handler2', id, 'reply', ASSIST);
    await ok(t, 'handler1', id, 'reply', LEAD);
    expect((await view(t, 'dispatcher', id)).assignments.find((a) => a.role === 'lead')!.reply).toMatchObject({ assistReplies: [{ unitName: '江北区市场监督管理局' }] });
  });
});

describe('under shaoyang-2023 (no lead-unit consolidation in the text)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'shaoyang-2023' });
  });
  afterAll(() => t.close());

  it('邵阳 第十九条: the center records a 专题协调; lead and assisting units each reply to the center as before', async () => {
    const id = await team(t);
    await ok(t, 'dispatcher', id, 'coordinate', { heldOn: '2026-11-23', participants: [await t.unitId('解放碑街道办事处')], decisions: '厘清职责，由解放碑街道主办' });
    await ok(t, 'handler1', id, 'reply', LEAD);
    expect((await view(t, 'dispatcher', id)).status).toBe('handling');
    await ok(t, 'handler2', id, 'reply', ASSIST);
    expect((await view(t, 'dispatcher', id)).status).toBe('reviewing');
  });
});
