import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialRequest } from '../../src/server/telephony/dialer.ts';
import { buildTestApp, CALLER, newTicket, type TestApp } from '../helpers.ts';

// Issue 11: what people wrote is seen with who and when; a unit reaches the caller (reveal with a
// reason, click-to-call through a pluggable dialer, never a number in a log); files added later;
// the 督办件台账; the citizen reads the answer on the portal.
let t: TestApp;
let jiefangbei: string;
const raw: string[] = [];
const dialled: DialRequest[] = [];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

beforeAll(async () => {
  t = await buildTestApp({
    server: {
      logger: { stream: { write: (l: string) => void raw.push(l) } },
      dialer: { dial: async (r) => (dialled.push(r), { placed: true, message: '已呼叫，请接听分机' }) },
    },
  });
  jiefangbei = await t.unitId('解放碑街道办事处');
});
afterAll(() => t.close());

async function handled(extra: Record<string, unknown> = {}): Promise<string> {
  const c = (await t.as('agent').post('/api/tickets', newTicket(extra))).json();
  expect((await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] })).statusCode).toBe(200);
  expect((await t.as('handler1').act(c.id, 'sign')).statusCode).toBe(200);
  return c.id as string;
}

describe('what people wrote is seen', () => {
  it('the unit reads the center’s send-back reason, with who and when (邵阳 第十六条 审核不通过)', async () => {
    const id = await handled();
    expect((await t.as('handler1').act(id, 'reply', { process: '现场查看', result: '已修复', contacted: false })).statusCode).toBe(200);
    expect((await t.as('dispatcher').act(id, 'reject-completion', { reason: '未联系来电人，请联系后再答复' })).statusCode).toBe(200);
    const seen = (await t.as('handler1').get(`/api/tickets/${id}`)).json();
    expect(seen.status).toBe('handling');
    const back = seen.events.find((e: { action: string }) => e.action === 'reject-completion');
    expect(back).toMatchObject({ reason: '未联系来电人，请联系后再答复', actor: expect.stringContaining('热线中心'), at: expect.stringMatching(/^2026-11-23T09:30/) });
  });

  it('the caller reads the direct answer, or the refusal with its basis and where to turn, on the portal', async () => {
    const a = (await t.as('agent').post('/api/tickets', newTicket({ type: 'consultation', content: '社保卡丢了怎么补办，需要带什么材料' }))).json();
    await t.as('agent').act(a.id, 'answer', { answer: '携带身份证到就近社保经办网点补办' });
    const r = (await t.as('agent').post('/api/tickets', newTicket({ content: '邻居家装修吵闹要求热线罚款处理' }))).json();
    await t.as('agent').act(r.id, 'reject', { ground: 'other', reason: '罚款不属热线职权', basis: '行政处罚由有管辖权的行政机关实施', referral: '区城市管理局' });
    const e = (await t.as('agent').post('/api/tickets', newTicket({ content: '家里老人突然晕倒需要救护车' }))).json();
    await t.as('agent').act(e.id, 'refer', { hotline: '120', note: '内部：已三方转接' });
    const portal = async (x: { number: string; queryCode: string }) => (await t.app.inject({ method: 'GET', url: `/api/public/tickets/${x.number}?code=${x.queryCode}`, remoteAddress: '10.9.9.9' })).json();
    expect((await portal(a)).result).toBe('携带身份证到就近社保经办网点补办');
    // the ground of the default preset, 重庆 第九条（三）
    expect((await portal(r)).result).toMatch(/^罚款不属热线职权；依据：《.+》第九条（三）：法律法规规章等规定不予受理的其他事项，行政处罚由有管辖权的行政机关实施；建议向区城市管理局反映$/);
    const referred = await portal(e);
    expect(referred.result).toContain('120');
    expect(JSON.stringify(referred)).not.toContain('内部');
  });
});

describe('reaching the caller', () => {
  it('a call back goes to the dialer and onto the timeline, never with the number in a log or event', async () => {
    const id = await handled();
    raw.length = 0;
    const r = await t.as('handler1').post(`/api/tickets/${id}/call-caller`, {});
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ placed: true, message: '已呼叫，请接听分机' });
    expect(dialled.at(-1)).toMatchObject({ ticketId: id, phone: CALLER.phone, actor: { username: 'handler1' } });
    const detail = (await t.as('dispatcher').get(`/api/tickets/${id}`)).json();
    expect(detail.events.at(-1)).toMatchObject({ action: 'call-caller', placed: true, result: '已呼叫，请接听分机' });
    expect(JSON.stringify(detail.events)).not.toContain(CALLER.phone);
    const reveal = await t.as('handler1').post(`/api/tickets/${id}/reveal-phone`, { reason: '回电核实位置' });
    expect(reveal.json().phone).toBe(CALLER.phone);
    expect(raw.join('\n')).not.toContain(CALLER.phone);
    const log = await t.db.query<{ what: string }>('SELECT what FROM access_log WHERE ticket_id = $1 ORDER BY id', [id]);
    expect(log.rows.map((x) => x.what)).toEqual(expect.arrayContaining(['call-caller', 'reveal-phone: 回电核实位置']));
  });

  it('no call for an anonymous caller, a ticket of another unit, or without a reason to reveal', async () => {
    const anon = await handled({ anonymous: true });
    expect((await t.as('handler1').post(`/api/tickets/${anon}/call-caller`, {})).statusCode).toBe(403);
    const id = await handled();
    expect((await t.as('handler2').post(`/api/tickets/${id}/call-caller`, {})).statusCode).toBe(404);
    const noReason = await t.as('handler1').post(`/api/tickets/${id}/reveal-phone`, { reason: ' ' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().message).toContain('请说明查看原因');
  });

  it('with no telephone system connected, the attempt is recorded and the handler told to dial', async () => {
    const plain = await buildTestApp();
    try {
      const c = (await plain.as('agent').post('/api/tickets', newTicket())).json();
      const r = await plain.as('agent').post(`/api/tickets/${c.id}/call-caller`, {});
      expect(r.json()).toEqual({ placed: false, message: '未接入电话系统，请用本机或座机拨打' });
    } finally {
      await plain.close();
    }
  });
});

describe('files added to a ticket', () => {
  it('the unit adds a photo; the list says who, when and at which step', async () => {
    const id = await handled();
    const cookie = await t.login('handler1');
    const up = await t.app.inject({ method: 'POST', url: '/api/attachments', headers: { cookie, 'content-type': 'image/png', 'x-filename': encodeURIComponent('现场.png') }, payload: PNG });
    const fileId = up.json().id;
    const add = await t.as('handler1').post(`/api/tickets/${id}/attachments`, { attachments: [fileId] });
    expect(add.statusCode).toBe(201);
    const list = (await t.as('dispatcher').get(`/api/tickets/${id}/attachments`)).json();
    expect(list.items).toEqual([expect.objectContaining({ id: fileId, filename: '现场.png', uploadedBy: expect.stringContaining('解放碑街道办事处'), stage: 'attach', stageLabel: '补充附件', createdAt: expect.stringMatching(/^2026-11-23/) })]);
    expect(list.canAdd).toBe(true);
    // the same file twice, or someone else's upload, is refused with a reason
    const again = await t.as('dispatcher').post(`/api/tickets/${id}/attachments`, { attachments: [fileId] });
    expect(again.statusCode).toBe(422);
    expect(again.json().message).toContain('附件不存在、不是您上传的');
    // the image opens in the browser for preview
    const inline = await t.as('handler1').get(`/api/attachments/${fileId}?inline=1`);
    expect(inline.headers['content-disposition']).toMatch(/^inline;/);
    // a reader who does not handle tickets may look but not add
    expect((await t.as('leader').get(`/api/tickets/${id}/attachments`)).json().canAdd).toBe(false);
    expect((await t.as('leader').post(`/api/tickets/${id}/attachments`, { attachments: [fileId] })).statusCode).toBe(403);
  });
});

describe('督办件台账 (邵阳 第五条（二）催办、督办)', () => {
  it('lists every supervised ticket with level, units, deadline and last reminder; center only', async () => {
    const id = await handled();
    expect((await t.as('supervisor').act(id, 'remind', { note: '请加快' })).statusCode).toBe(200);
    expect((await t.as('supervisor').act(id, 'supervise', { note: '三日内反馈', level: 2 })).statusCode).toBe(200);
    const r = await t.as('supervisor').get(`/api/supervision/ledger?state=open&unitId=${jiefangbei}`);
    expect(r.statusCode).toBe(200);
    const row = r.json().items.find((x: { id: string }) => x.id === id);
    expect(row).toMatchObject({ level: 2, supervisionCount: 1, statusLabel: '办理中', units: '解放碑街道办事处', lastNote: '三日内反馈', overdue: false });
    expect(row.lastRemindedAt).toMatch(/^2026-11-23/);
    expect(row.dueAt).toBeTruthy();
    // 督办 under the default preset: 重庆 第十五条
    expect(r.json().basis.join()).toContain('第十五条');
    const done = (await t.as('supervisor').get('/api/supervision/ledger?state=done')).json();
    expect(done.items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await t.as('handler1').get('/api/supervision/ledger')).statusCode).toBe(403);
    expect((await t.as('supervisor').get('/api/supervision/ledger?pageSize=1000')).statusCode).toBe(422);
  });

  it('lists the open ones first, counts them all, and pages through the same order', async () => {
    const closed = await handled();
    expect((await t.as('supervisor').act(closed, 'supervise', { note: '尽快办结', level: 1 })).statusCode).toBe(200);
    expect((await t.as('handler1').act(closed, 'reply', { process: '现场处理', result: '已解决', contacted: true, contactMethod: 'phone' })).statusCode).toBe(200);
    expect((await t.as('dispatcher').act(closed, 'approve-completion', {})).statusCode).toBe(200);
    expect((await t.as('visitor').act(closed, 'visit', { satisfaction: 'satisfied', resolution: 'resolved' })).statusCode).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      const open = await handled();
      expect((await t.as('supervisor').act(open, 'supervise', { note: `第${i + 1}次督办`, level: 1 })).statusCode).toBe(200);
    }
    const all = (await t.as('supervisor').get('/api/supervision/ledger?pageSize=100')).json();
    expect(all.total).toBe(all.items.length);
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    const isOpen = (s: string) => ['dispatched', 'handling', 'redo', 'reviewing'].includes(s);
    const statuses: string[] = all.items.map((x: { status: string }) => x.status);
    expect(statuses.filter(isOpen).length).toBeGreaterThanOrEqual(2);
    expect(statuses.findIndex((s) => !isOpen(s))).toBe(statuses.filter(isOpen).length);
    expect(all.items.find((x: { id: string }) => x.id === closed)).toMatchObject({ statusLabel: expect.any(String) });
    const paged: string[] = [];
    for (let page = 1; page <= all.total; page += 1) {
      const p = (await t.as('supervisor').get(`/api/supervision/ledger?pageSize=1&page=${page}`)).json();
      expect(p.total).toBe(all.total);
      paged.push(...p.items.map((x: { id: string }) => x.id));
    }
    expect(paged).toEqual(all.items.map((x: { id: string }) => x.id));
    const done = (await t.as('supervisor').get('/api/supervision/ledger?state=done')).json();
    expect(done.total).toBe(statuses.filter((s) => !isOpen(s)).length);
    expect(done.items.map((x: { id: string }) => x.id)).toContain(closed);
  });
});
