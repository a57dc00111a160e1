import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 代表委员库 and 代表委员诉求台账 through HTTP (邵阳 第十八条: 建立人大代表基本信息库，建立处理反馈机制和工作台账).
 * The article sets no reply rule of its own — no shorter limit, no leader's review — so the requests run on
 * the preset's clocks and the ledger follows them: state, unit, reply, visit.
 */

let t: TestApp;
let street: string;
let deputyId: string;
const PHONE = '13908231234';
const NAME = '刘建国';

beforeAll(async () => {
  t = await buildTestApp({ policy: 'shaoyang-2023' });
  street = await t.unitId('解放碑街道办事处');
});
afterAll(() => t.close());

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

const entry = { name: NAME, body: 'npc', level: 'city', term: '第十七届', delegation: '大祥区代表团', phone: PHONE };

describe('代表委员库 (邵阳 第十八条: 人大代表基本信息库)', () => {
  it('邵阳 第十八条: the administrator keeps the register; others may not write it; bad input is refused in Chinese', async () => {
    expect((await t.as('agent').post('/api/deputies', entry)).statusCode).toBe(403);
    expect((await t.as('handler1').post('/api/deputies', entry)).statusCode).toBe(403);
    const missing = await t.as('admin').post('/api/deputies', { ...entry, name: undefined });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().message).toContain('请填写姓名');
    const body = await t.as('admin').post('/api/deputies', { ...entry, body: 'party' });
    expect(body.statusCode).toBe(422);
    expect(body.json().message).toContain('人大代表');
    const phone = await t.as('admin').post('/api/deputies', { ...entry, phone: '电话' });
    expect(phone.json().message).toContain('电话号码格式不正确');
    const created = await t.as('admin').post('/api/deputies', entry);
    expect(created.statusCode, created.body).toBe(201);
    deputyId = created.json().id;
    // one serving deputy per number: the same phone written differently is the same number
    const twice = await t.as('admin').post('/api/deputies', { ...entry, name: '刘某', phone: '+86 139-0823-1234' });
    expect(twice.statusCode).toBe(409);
  });

  it('stores name and phone sealed; the administrator reads the phone in full, the others masked, units not at all; the audit record keeps it masked', async () => {
    const raw = await t.db.query<{ row: string }>('SELECT row_to_json(d)::text AS row FROM deputies d');
    expect(raw.rows[0]!.row).not.toContain(PHONE);
    expect(raw.rows[0]!.row).not.toContain(NAME);
    const admin = (await t.as('admin').get('/api/deputies')).json().items[0];
    expect(admin).toMatchObject({ name: NAME, phone: PHONE, title: '市级人大代表', term: '第十七届' });
    const dispatcher = (await t.as('dispatcher').get('/api/deputies')).json().items[0];
    expect(dispatcher).toMatchObject({ name: NAME, phone: '139****1234' });
    expect((await t.as('handler1').get('/api/deputies')).statusCode).toBe(403);
    expect((await t.as('kbeditor').get('/api/deputies')).statusCode).toBe(403);
    const records = await t.db.query<{ action: string; detail: string }>("SELECT action, detail::text AS detail FROM audit_log WHERE action LIKE 'deputy.%'");
    expect(records.rows.map((r) => r.action)).toEqual(['deputy.create']);
    expect(records.rows[0]!.detail).toContain('139****1234');
    expect(records.rows[0]!.detail).not.toContain(PHONE);
    expect(records.rows[0]!.detail).not.toContain(NAME);
  });
});

describe('a deputy’s request (邵阳 第十八条: 精准对接处理)', () => {
  it('邵阳 第十八条: a call from the deputy’s number is recognised at registration and carries the flag; the agent may say it is not, or choose the deputy', async () => {
    const lookup = (await t.as('agent').get(`/api/caller-marks/${PHONE}`)).json();
    expect(lookup.deputy).toMatchObject({ id: deputyId, name: NAME, title: '市级人大代表' });
    expect(lookup.misuse).toBeNull();
    const matched = (await t.as('agent').post('/api/tickets', newTicket({ caller: { name: NAME, phone: '+86 139-0823-1234' } }))).json();
    expect(matched.flags.kinds).toEqual(['deputy']);
    expect(matched.flags.deputy).toMatchObject({ id: deputyId, name: NAME, title: '市级人大代表', term: '第十七届' });
    expect(matched.events[0].flags).toEqual(['deputy']);
    const none = (await t.as('agent').post('/api/tickets', newTicket({ caller: { phone: PHONE }, deputyId: null }))).json();
    expect(none.flags.kinds).toEqual([]);
    const chosen = (await t.as('agent').post('/api/tickets', newTicket({ caller: { phone: '13700001111' }, deputyId }))).json();
    expect(chosen.flags.deputy.id).toBe(deputyId);
  });

  it('a unit handling it sees the deputy masked like a caller; on a confidential request only that a deputy asked', async () => {
    const open = (await t.as('agent').post('/api/tickets', newTicket({ caller: { name: NAME, phone: PHONE } }))).json();
    const secret = (await t.as('agent').post('/api/tickets', newTicket({ caller: { name: NAME, phone: PHONE }, confidential: true }))).json();
    for (const id of [open.id, secret.id]) await ok('dispatcher', id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
    const seen = (await t.as('handler1').get(`/api/tickets/${open.id}`)).json();
    expect(seen.flags.deputy).toEqual({ id: null, name: '刘**', title: '市级人大代表', term: '第十七届' });
    const hidden = await t.as('handler1').get(`/api/tickets/${secret.id}`);
    expect(hidden.json().flags.deputy).toEqual({ id: null, name: null, title: '人大代表', term: null });
    expect(hidden.body).not.toContain('刘');
  });

  it('邵阳 第十八条 工作台账: the ledger follows each request — state, unit, the unit’s reply, the visit — for the center only; the export is recorded', async () => {
    const { id } = (await t.as('agent').post('/api/tickets', newTicket({ caller: { name: NAME, phone: PHONE }, content: 'LEDGER 建议在大祥区增设公交站点' }))).json();
    await ok('dispatcher', id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
    await ok('handler1', id, 'sign');
    await ok('handler1', id, 'reply', { process: '会同公交公司现场踏勘', result: '已纳入明年线网优化计划', contacted: true, contactMethod: 'phone', contactedAt: '2026-11-23T09:00:00+08:00' });
    await ok('dispatcher', id, 'approve-completion');
    await ok('visitor', id, 'visit', { satisfaction: 'satisfied', resolution: 'resolved' });
    const ledger = (await t.as('supervisor').get(`/api/deputies/requests?deputyId=${deputyId}`)).json();
    const row = ledger.items.find((i: { id: string }) => i.id === id);
    expect(row).toMatchObject({
      deputy: { id: deputyId, name: NAME, title: '市级人大代表' },
      statusLabel: '已办结',
      units: '解放碑街道办事处',
      reply: '已纳入明年线网优化计划',
      visit: '满意，已解决',
      overdue: false,
    });
    expect(ledger.total).toBeGreaterThanOrEqual(4);
    const open = (await t.as('supervisor').get(`/api/deputies/requests?state=open`)).json();
    expect(open.items.map((i: { id: string }) => i.id)).not.toContain(id);
    // only tickets of the register: an unflagged one is never in it
    for (const item of ledger.items) expect(item.deputy.id).toBe(deputyId);
    for (const user of ['handler1', 'agent', 'visitor']) expect((await t.as(user).get('/api/deputies/requests')).statusCode, user).toBe(403);
    expect((await t.as('supervisor').get('/api/deputies/requests?from=2026-12-01&to=2026-11-01')).json().message).toContain('开始日期不能晚于结束日期');
    const file = await t.as('leader').get('/api/deputies/requests.xlsx');
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(9).value).toBe('办理答复');
    expect(sheet.rowCount).toBe(ledger.total + 1);
    const recorded = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'deputies.export'");
    expect(recorded.rows.length).toBe(1);
  });

  it('a deputy no longer serving is not recognised; the administrator may clear the number', async () => {
    const res = await t.as('admin').put(`/api/deputies/${deputyId}`, { ...entry, active: false });
    expect(res.statusCode, res.body).toBe(200);
    const later = (await t.as('agent').post('/api/tickets', newTicket({ caller: { phone: PHONE } }))).json();
    expect(later.flags.kinds).toEqual([]);
    const chosen = await t.as('agent').post('/api/tickets', newTicket({ deputyId }));
    expect(chosen.statusCode).toBe(422);
    expect((await t.as('agent').get(`/api/caller-marks/${PHONE}`)).json().deputy).toBeNull();
    await t.as('admin').put(`/api/deputies/${deputyId}`, { ...entry, phone: null, active: true });
    expect((await t.as('admin').get('/api/deputies')).json().items[0]).toMatchObject({ phone: null, active: true });
    expect((await t.as('admin').put('/api/deputies/00000000-0000-4000-8000-000000000000', entry)).statusCode).toBe(404);
  });
});
