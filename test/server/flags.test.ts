import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeProblem } from '../../src/core/flags/ticket-flags.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 工单标记 through HTTP (issue 13 item 12): 涉企诉求 (重庆 第八条, 凉山 第八条（一）), 国办工单 (重庆 第八条（二）),
 * 领导批示件 (邵阳 第二十七条) — set by the agent at registration and by the dispatcher later (a timeline
 * event), shown on the ticket and in the list, found by 工单查询 and its export, and the enterprise requests
 * reported apart (a 涉企诉求专报: counts by unit and category, on-time rate).
 */

let t: TestApp;
let street: string;
let market: string;

// a well-formed 统一社会信用代码 (its check character computed by GB 32100-2015)
const CODE = '91500103MA5U8X2B3K';
const withCheck = (first17: string) => {
  for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') if (!creditCodeProblem(first17 + c)) return first17 + c;
  throw new Error('no check character');
};
const GOOD_CODE = withCheck(CODE.slice(0, 17));

beforeAll(async () => {
  t = await buildTestApp();
  street = await t.unitId('解放碑街道办事处');
  market = await t.unitId('江北区市场监督管理局');
});
afterAll(() => t.close());

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

async function register(extra: Record<string, unknown> = {}, user = 'agent') {
  const res = await t.as(user).post('/api/tickets', newTicket(extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function readXlsx(body: Buffer): Promise<Array<Record<string, string>>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const head = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const rows: Array<Record<string, string>> = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = row.values as unknown[];
    rows.push(Object.fromEntries(head.map((h, i) => [h, String(values[i] ?? '')]).filter(([h]) => h)));
  });
  return rows;
}

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts a code whose check character is right, and names the problem otherwise', () => {
    expect(creditCodeProblem(GOOD_CODE)).toBeNull();
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull(); // a published example
    const wrong = GOOD_CODE.slice(0, 17) + (GOOD_CODE[17] === '0' ? '1' : '0');
    expect(creditCodeProblem(wrong)).toContain('校验位');
    expect(creditCodeProblem('91500103MA5U8X2BIK')).toContain('18 位');
  });
});

describe('flags at registration (重庆 第八条（二）, 邵阳 第二十七条)', () => {
  it('重庆 第八条（二）, 凉山 第八条（二）, 邵阳 第二十七条: the agent registers a 国办工单 that is also a 领导批示件; the ticket and its timeline show both', async () => {
    const created = await register({
      national: { number: 'GB2026-1123-0042' },
      leaderInstruction: { by: '市长 王某', text: '请市场监管局牵头，一周内办结并报结果。', on: '2026-11-22' },
    });
    expect(created.flags).toMatchObject({
      kinds: ['national', 'leaderInstruction'],
      national: { number: 'GB2026-1123-0042' },
      leaderInstruction: { by: '市长 王某', text: '请市场监管局牵头，一周内办结并报结果。', on: '2026-11-22' },
      enterprise: null,
      deputy: null,
    });
    expect(created.events[0]).toMatchObject({ action: 'register', flags: ['national', 'leaderInstruction'] });
    // the unit it goes to reads the instruction and the national number: they are the work itself
    await ok('dispatcher', created.id, 'dispatch', { units: [{ unitId: market, role: 'lead' }] });
    const unit = (await t.as('handler2').get(`/api/tickets/${created.id}`)).json();
    expect(unit.flags.leaderInstruction.text).toContain('一周内办结');
    expect(unit.flags.national.number).toBe('GB2026-1123-0042');
  });

  it('refuses a bad flag with 422 in Chinese: a wrong credit code, a 国办 number with spaces, an instruction without who gave it', async () => {
    const wrong = GOOD_CODE.slice(0, 17) + (GOOD_CODE[17] === '0' ? '1' : '0');
    const bad = [
      [{ enterprise: { name: '某某餐饮有限公司', creditCode: wrong } }, '校验位'],
      [{ national: { number: 'GB 2026 01' } }, '国办工单编号只能是字母、数字和连字符'],
      [{ leaderInstruction: { text: '请尽快办理' } }, '批示领导'],
      [{ deputyId: '00000000-0000-4000-8000-000000000000' }, '代表委员库'],
    ] as const;
    for (const [extra, words] of bad) {
      const res = await t.as('agent').post('/api/tickets', newTicket(extra));
      expect(res.statusCode, JSON.stringify(extra)).toBe(422);
      expect(res.json().message).toContain(words);
    }
  });

  it('涉企诉求 (重庆 第八条): the enterprise follows the caller’s privacy — a unit that may not see the caller learns only that an enterprise asked', async () => {
    const open = await register({ type: 'complaint', enterprise: { name: '重庆某某火锅有限公司', creditCode: GOOD_CODE.toLowerCase() } });
    // the code is kept as written in capitals
    expect(open.flags.enterprise).toEqual({ name: '重庆某某火锅有限公司', creditCode: GOOD_CODE });
    const secret = await register({ type: 'complaint', confidential: true, enterprise: { name: '重庆某某建材有限公司' } });
    for (const id of [open.id, secret.id]) await ok('dispatcher', id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
    const seen = (await t.as('handler1').get(`/api/tickets/${open.id}`)).json();
    expect(seen.flags.enterprise.name).toBe('重庆某某火锅有限公司');
    const hidden = await t.as('handler1').get(`/api/tickets/${secret.id}`);
    expect(hidden.json().flags).toMatchObject({ kinds: ['enterprise'], enterprise: { name: null, creditCode: null } });
    expect(hidden.body).not.toContain('建材');
    // a unit it was never sent to does not see it at all
    expect((await t.as('handler2').get(`/api/tickets/${secret.id}`)).statusCode).toBe(404);
  });
});

describe('the dispatcher marks a ticket later (a timeline event)', () => {
  it('邵阳 第二十七条: 领导批示件 set after dispatch by the dispatcher, then cleared; the agent and a unit may not', async () => {
    const { id } = await register();
    await ok('dispatcher', id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
    expect((await t.as('agent').act(id, 'flag', { leaderInstruction: { by: '区长 李某', text: '督促办理' } })).statusCode).toBe(403);
    expect((await t.as('handler1').act(id, 'flag', { enterprise: {} })).statusCode).toBe(403);
    const marked = await ok('dispatcher', id, 'flag', { leaderInstruction: { by: '区长 李某', text: '督促办理，按时答复' }, enterprise: {}, note: '区政府办转来批示' });
    expect(marked.flags.kinds).toEqual(['enterprise', 'leaderInstruction']);
    const event = marked.events.at(-1);
    expect(event).toMatchObject({ action: 'flag', set: ['enterprise', 'leaderInstruction'], cleared: [], leaderInstruction: { by: '区长 李某' }, note: '区政府办转来批示' });
    // the same again changes nothing: refused, the version stays
    const same = await t.as('dispatcher').act(id, 'flag', { enterprise: {} });
    expect(same.statusCode).toBe(422);
    expect(same.json().message).toBe('工单标记没有变化');
    const cleared = await ok('dispatcher', id, 'flag', { leaderInstruction: null });
    expect(cleared.flags.kinds).toEqual(['enterprise']);
    expect(cleared.events.at(-1)).toMatchObject({ action: 'flag', set: [], cleared: ['leaderInstruction'] });
    expect(cleared.version).toBe(marked.version + 1);
  });
});

describe('工单查询 and its export by flag', () => {
  it('finds the tickets carrying any of the flags asked for, shows them as tags, and exports the 工单标记 column', async () => {
    const national = await register({ content: 'FLAGQ 国办转来：某小区供水不稳定', national: { number: 'GB-FLAGQ-1' } });
    const enterprise = await register({ content: 'FLAGQ 某企业反映办证时间过长', enterprise: { name: '重庆某科技有限公司' } });
    const plain = await register({ content: 'FLAGQ 普通诉求：路灯不亮' });
    const list = (q: string) => t.as('dispatcher').get(`/api/tickets?q=FLAGQ&${q}`);
    const only = (await list('flag=national')).json();
    expect(only.items.map((i: { id: string }) => i.id)).toEqual([national.id]);
    expect(only.items[0].flags).toEqual([{ flag: 'national', label: '国办工单' }]);
    const any = (await list('flag=national,enterprise')).json();
    expect(any.items.map((i: { id: string }) => i.id).sort()).toEqual([national.id, enterprise.id].sort());
    const all = (await list('')).json();
    expect(all.items.find((i: { id: string }) => i.id === plain.id).flags).toEqual([]);
    const bad = await list('flag=vip');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toContain('工单标记“vip”无效');

    const file = await t.as('dispatcher').get('/api/tickets/export.xlsx?q=FLAGQ&flag=enterprise,national');
    expect(file.statusCode).toBe(200);
    const rows = await readXlsx(file.rawPayload);
    expect(rows.map((r) => r['工单编号']).sort()).toEqual([national.number, enterprise.number].sort());
    expect(rows.find((r) => r['工单编号'] === enterprise.number)!['工单标记']).toBe('涉企诉求');
  });
});

describe('涉企诉求专报 (四川 方案 六（二）: 企业群众满意率; 重庆 第二十条 专报)', () => {
  it('counts the enterprise requests by unit and category with the on-time rate; the periodic reports take no flag', async () => {
    t.setNow('2026-12-01T09:00:00+08:00');
    const ids: string[] = [];
    for (const [unit, category] of [[street, '城乡建设/路灯照明'], [street, '市场监管/食品安全'], [market, '市场监管/食品安全']] as const) {
      const { id } = await register({ enterprise: { name: '某企业' }, category, content: `REPORT 企业诉求 ${category}` });
      await ok('dispatcher', id, 'dispatch', { units: [{ unitId: unit, role: 'lead' }] });
      ids.push(id);
    }
    const plain = await register({ category: '城乡建设/路灯照明' });
    await ok('dispatcher', plain.id, 'dispatch', { units: [{ unitId: market, role: 'lead' }] });
    // the street office answers its first one in time
    await ok('handler1', ids[0]!, 'sign');
    await ok('handler1', ids[0]!, 'reply', { process: '现场核查', result: '已处理', contacted: true });
    t.setNow('2026-12-02T10:00:00+08:00');
    const res = await t.as('leader').get('/api/analytics/reports/special?from=2026-12-01&to=2026-12-02&flag=enterprise');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.title).toContain('涉企诉求专报');
    expect(r.scope.flag).toEqual({ key: 'enterprise', label: '涉企诉求' });
    expect(r.totals.current.received).toBe(3);
    expect(r.byCategory).toEqual(expect.arrayContaining([{ key: '市场监管', count: 2 }, { key: '城乡建设', count: 1 }]));
    const byUnit = Object.fromEntries(r.units.all.map((u: { unit: { name: string }; received: number; onTimeRate: number | null }) => [u.unit.name, u]));
    expect(byUnit['解放碑街道办事处']).toMatchObject({ received: 2 });
    expect(byUnit['江北区市场监督管理局']).toMatchObject({ received: 1 });
    expect(byUnit['解放碑街道办事处'].onTimeRate).toBe(1);
    expect(r.summary[0]).toContain('涉企诉求');
    expect((await t.as('leader').get('/api/analytics/reports/monthly?month=2026-11&flag=enterprise')).statusCode).toBe(422);
    expect((await t.as('handler1').get('/api/analytics/reports/special?from=2026-12-01&to=2026-12-02&flag=enterprise')).statusCode).toBe(403);
    const file = await t.as('leader').get('/api/analytics/reports/special/xlsx?from=2026-12-01&to=2026-12-02&flag=enterprise');
    expect(file.statusCode).toBe(200);
  });
});
