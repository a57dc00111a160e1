import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/** 待我审批: each request waiting for a decision reaches exactly those who may take it, under the active preset. */

async function ok(t: TestApp, user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  if (res.statusCode !== 200) throw new Error(`${user} ${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function counts(t: TestApp, user: string) {
  const r = await t.as(user).get('/api/inbox/counts');
  expect(r.statusCode, `${user}: ${r.body}`).toBe(200);
  return r.json() as { extension: number; return: number; completion: number; appeal: number; total: number };
}

async function dispatched(t: TestApp, content = '新华路路灯不亮已经一周了') {
  const id = (await t.as('agent').post('/api/tickets', newTicket({ content }))).json().id;
  await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
  return id as string;
}

describe('under chongqing-2021', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'chongqing-2021' });
  });
  afterAll(() => t.close());

  it('an extension asked by a street office waits for its district (CQ 第十三条（三）), not for the hotline or the asker', async () => {
    const id = await dispatched(t);
    await ok(t, 'handler1', id, 'sign');
    await ok(t, 'handler1', id, 'request-extension', { days: 5, reason: '需协调供电公司更换线路' });
    expect((await counts(t, 'yuzhong')).extension).toBe(1);
    for (const u of ['dispatcher', 'supervisor', 'handler1', 'jiangbei', 'handler2', 'agent', 'leader']) expect((await counts(t, u)).extension, u).toBe(0);
    const list = (await t.as('yuzhong').get('/api/inbox?kind=extension')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: 'extension', kindLabel: '延期审批', ticketId: id, unitName: '解放碑街道办事处', request: { days: 5, reason: '需协调供电公司更换线路' } });
    expect(list.items[0].due.dueAt).toBe('2026-12-14T23:59:59+08:00');
    await ok(t, 'yuzhong', id, 'approve-extension', { assignmentId: list.items[0].assignmentId, note: '同意' });
    expect((await counts(t, 'yuzhong')).total).toBe(0);
  });

  it('returns and completions wait for the hotline’s dispatchers; bad kinds are refused in Chinese', async () => {
    const a = await dispatched(t);
    await ok(t, 'handler1', a, 'return', { reason: '不属于本街道职责' });
    const b = await dispatched(t);
    await ok(t, 'handler1', b, 'sign');
    await ok(t, 'handler1', b, 'reply', { process: '现场处理', result: '已修复', contacted: true });
    const d = await counts(t, 'dispatcher');
    expect(d).toMatchObject({ return: 1, completion: 1 });
    expect(await counts(t, 'admin')).toMatchObject({ return: 1, completion: 1 });
    expect(await counts(t, 'supervisor')).toMatchObject({ return: 0, completion: 0 });
    expect((await counts(t, 'yuzhong')).total).toBe(0);
    const c = (await t.as('dispatcher').get('/api/inbox?kind=completion')).json();
    expect(c.items[0].request.replies).toEqual([{ unitName: '解放碑街道办事处', result: '已修复', contacted: true }]);
    const bad = await t.as('dispatcher').get('/api/inbox?kind=foo');
    expect(bad.statusCode).toBe(422);
  });

  it('each item shows its own ticket’s title and content, on every page (the text is read for the page only)', async () => {
    const texts = ['幸福小区东门垃圾三天未清运', '滨江路井盖缺失存在安全隐患'];
    for (const content of texts) {
      const id = (await t.as('agent').post('/api/tickets', newTicket({ content, title: content.slice(0, 6) }))).json().id;
      await ok(t, 'dispatcher', id, 'dispatch', { units: [{ unitId: await t.unitId('解放碑街道办事处'), role: 'lead' }] });
      await ok(t, 'handler1', id, 'sign');
      await ok(t, 'handler1', id, 'reply', { process: '现场处理', result: '已处理', contacted: true });
    }
    const all = (await t.as('dispatcher').get('/api/inbox?kind=completion&pageSize=100')).json();
    for (const content of texts) expect(all.items.filter((i: { excerpt: string; title: string }) => i.excerpt === content && i.title === content.slice(0, 6))).toHaveLength(1);
    // the last two pages of one item each: each item's text is its own ticket's
    const shown = [];
    for (const page of [all.total - 1, all.total]) {
      const r = (await t.as('dispatcher').get(`/api/inbox?kind=completion&pageSize=1&page=${page}`)).json();
      expect(r.items).toHaveLength(1);
      const same = all.items.find((i: { ticketId: string }) => i.ticketId === r.items[0].ticketId);
      expect(r.items[0]).toMatchObject({ excerpt: same.excerpt, title: same.title });
      shown.push(r.items[0].excerpt);
    }
    expect(shown.sort()).toEqual([...texts].sort());
  });
});

describe('under shaoyang-2023', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ policy: 'shaoyang-2023' });
  });
  afterAll(() => t.close());

  it('an extension waits for the hotline (SY 第十四条); an appeal for the center (SY 第二十五条), with its reason', async () => {
    const id = await dispatched(t);
    await ok(t, 'handler1', id, 'sign');
    await ok(t, 'handler1', id, 'request-extension', { days: 3, reason: '需现场核实' });
    expect((await counts(t, 'dispatcher')).extension).toBe(1);
    expect((await counts(t, 'yuzhong')).extension).toBe(0);

    const v = await dispatched(t, '小区噪音扰民');
    await ok(t, 'handler1', v, 'sign');
    await ok(t, 'handler1', v, 'reply', { process: '现场处理', result: '已协调', contacted: true });
    await ok(t, 'dispatcher', v, 'approve-completion');
    await ok(t, 'visitor', v, 'visit', { satisfaction: 'dissatisfied', resolution: 'partly', fault: 'objective' });
    await ok(t, 'handler1', v, 'appeal', { reason: '已依法依规办结，来电人诉求超出政策', evidence: '两次通话录音' });
    for (const u of ['dispatcher', 'supervisor', 'admin']) expect((await counts(t, u)).appeal, u).toBe(1);
    expect((await counts(t, 'handler1')).appeal).toBe(0);
    const list = (await t.as('supervisor').get('/api/inbox?kind=appeal')).json();
    expect(list.items[0]).toMatchObject({ ticketId: v, unitName: '解放碑街道办事处', request: { reason: '已依法依规办结，来电人诉求超出政策', evidence: '两次通话录音' } });
    await ok(t, 'supervisor', v, 'reject-appeal', { note: '证据不足' });
    expect((await counts(t, 'supervisor')).appeal).toBe(0);
  });
});
