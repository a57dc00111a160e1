import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type Client, type TestApp } from '../helpers.ts';

let t: TestApp;
const ids: Record<string, { id: string; number: string }> = {};

async function register(key: string, by: Client, body: Record<string, unknown>) {
  const res = await by.post('/api/tickets', newTicket(body));
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = { id: res.json().id, number: res.json().number };
}

const numbers = (res: { json: () => { items: Array<{ number: string }> } }) => res.json().items.map((i) => i.number).sort();
const of = (...keys: string[]) => keys.map((k) => ids[k]!.number).sort();

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-11-20T09:00:00+08:00' });
  const agent = t.as('agent');
  const jiefangbei = await t.unitId('解放碑街道办事处');
  const xinhualu = await t.unitId('新华路社区居委会');
  const jbMarket = await t.unitId('江北区市场监督管理局');
  await register('lamp', agent, { content: '新华路12号的路灯坏了不亮，晚上很黑', category: '城乡建设/路灯照明', caller: { name: '张三', phone: '13812341234' } });
  await register('noise', agent, { content: '楼下工地夜间施工噪声很大', type: 'complaint', category: '环境保护/噪声扰民', caller: { name: '李四', phone: '13900001111' }, confidential: true });
  t.setNow('2026-11-23T10:00:00+08:00');
  await register('price', agent, { content: '超市价格标签和结账价格不一致', type: 'complaint', category: '商贸旅游/价格投诉', caller: { name: '张三', phone: '138 1234 1234' } });
  await register('web', agent, { content: '建议在观音桥增设公共自行车点', type: 'suggestion', channel: 'web', caller: { phone: '13700002222' } });
  const dispatcher = t.as('dispatcher');
  const dispatch = async (key: string, unitId: string) => expect((await dispatcher.act(ids[key]!.id, 'dispatch', { units: [{ unitId, role: 'lead' }] })).statusCode).toBe(200);
  await dispatch('lamp', jiefangbei);
  await dispatch('noise', xinhualu);
  await dispatch('price', jbMarket);
  // a visit's outcome, as the visitor's action leaves it
  await t.db.query(`UPDATE tickets SET satisfaction = 'dissatisfied' WHERE id = $1`, [ids.price!.id]);
});
afterAll(() => t.close());

describe('工单查询: filters, validated', () => {
  it('finds by number, text cut into words, date range, type, channel, status, category and satisfaction', async () => {
    const c = t.as('dispatcher');
    expect(numbers(await c.get(`/api/tickets?number=${ids.lamp!.number}`))).toEqual(of('lamp'));
    // 路灯不亮 is not a substring of 路灯坏了不亮: the words are
    expect(numbers(await c.get(`/api/tickets?q=${encodeURIComponent('路灯不亮')}`))).toEqual(of('lamp'));
    expect(numbers(await c.get('/api/tickets?from=2026-11-23&to=2026-11-23'))).toEqual(of('price', 'web'));
    expect(numbers(await c.get('/api/tickets?from=2026-11-01&to=2026-11-20'))).toEqual(of('lamp', 'noise'));
    expect(numbers(await c.get('/api/tickets?type=complaint'))).toEqual(of('noise', 'price'));
    expect(numbers(await c.get('/api/tickets?channel=web'))).toEqual(of('web'));
    expect(numbers(await c.get('/api/tickets?status=registered'))).toEqual(of('web'));
    expect(numbers(await c.get(`/api/tickets?category=${encodeURIComponent('城乡建设')}`))).toEqual(of('lamp'));
    expect(numbers(await c.get('/api/tickets?satisfaction=dissatisfied'))).toEqual(of('price'));
  });

  it('a unit and its subtree: 解放碑 finds the share of 新华路社区 below it', async () => {
    const street = await t.unitId('解放碑街道办事处');
    expect(numbers(await t.as('dispatcher').get(`/api/tickets?unit=${street}`))).toEqual(of('lamp', 'noise'));
    expect(numbers(await t.as('dispatcher').get(`/api/tickets?unitId=${street}`))).toEqual(of('lamp'));
  });

  it('pages asking for the same list at the same moment each get their own: a unit its subtree, the center all (one read is shared only under one scope and role)', async () => {
    const q = '/api/tickets?pageSize=50';
    const [street, market, center] = await Promise.all(['handler1', 'handler2', 'dispatcher'].map((u) => t.as(u).get(q)));
    expect(numbers(street!)).toEqual(of('lamp', 'noise'));
    expect(numbers(market!)).toEqual(of('price'));
    expect(numbers(center!)).toEqual(of('lamp', 'noise', 'price', 'web'));
  });

  it('the center finds a caller by phone through the blind index, whatever the spacing; the search is recorded without the number', async () => {
    const res = await t.as('agent').get('/api/tickets?phone=13812341234');
    expect(numbers(res)).toEqual(of('lamp', 'price'));
    const { rows } = await t.db.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE action = 'tickets.search-phone'`);
    expect(rows.length).toBe(1);
    expect(JSON.stringify(rows[0]!.detail)).not.toMatch(/1381234|1234/);
  });

  it('a unit may not search by phone, and sees only its own subtree', async () => {
    const res = await t.as('handler1').get('/api/tickets?phone=13812341234');
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('按来电号码查询仅限热线中心');
    expect(numbers(await t.as('handler1').get('/api/tickets'))).toEqual(of('lamp', 'noise'));
    expect(numbers(await t.as('handler2').get('/api/tickets'))).toEqual(of('price'));
  });

  it.each([
    ['status=bogus', '状态“bogus”无效'],
    ['type=complaint,nonsense', '诉求类型“nonsense”无效'],
    ['channel=fax', '渠道“fax”无效'],
    ['from=2026-13-01', '开始日期不是有效的日期'],
    ['from=20261101', '开始日期应为 YYYY-MM-DD 格式的日期'],
    ['from=2026-11-23&to=2026-11-01', '开始日期不能晚于结束日期'],
    ['unit=abc', ''],
    ['phone=abc', '电话号码格式不正确'],
    ['number=12a', '工单编号只能是数字'],
    ['satisfaction=happy', '满意度“happy”无效'],
    ['sort=price', '排序'],
    ['page=0', '页码从 1 开始'],
    ['pageSize=1000', '每页最多 100 条'],
    ['overdue=maybe', '是否超期应为 true 或 false'],
    ['color=red', ''],
  ])('%s → 422 in Chinese', async (query, message) => {
    const res = await t.as('dispatcher').get(`/api/tickets?${query}`);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().message).toContain(message);
    expect(res.json().message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('工单查询: paging, sorting and masking', () => {
  it('pages are stable and never overlap; sorting by number either way', async () => {
    const c = t.as('dispatcher');
    const first = (await c.get('/api/tickets?pageSize=2&page=1')).json();
    const second = (await c.get('/api/tickets?pageSize=2&page=2')).json();
    expect(first.total).toBe(4);
    const all = [...first.items, ...second.items].map((i: { number: string }) => i.number);
    expect(new Set(all).size).toBe(4);
    // newest first by default
    expect(all.slice(0, 2).sort()).toEqual(of('price', 'web'));
    const asc = (await c.get('/api/tickets?sort=number')).json().items.map((i: { number: string }) => i.number);
    expect(asc).toEqual([...asc].sort());
    const desc = (await c.get('/api/tickets?sort=-number')).json().items.map((i: { number: string }) => i.number);
    expect(desc).toEqual([...asc].reverse());
  });

  it('a unit’s pages too: the count on every page, also one past the end; never overlapping; by number either way', async () => {
    // 解放碑's subtree holds lamp (its own share) and noise (新华路社区's, below it), registered at one moment
    const c = t.as('handler1');
    const pages = await Promise.all([1, 2, 3].map(async (n) => (await c.get(`/api/tickets?pageSize=1&page=${n}`)).json()));
    expect(pages.map((p) => p.total)).toEqual([2, 2, 2]);
    const held = pages.map((p) => p.items.map((i: { number: string }) => i.number));
    expect(held.map((numbers) => numbers.length)).toEqual([1, 1, 0]);
    expect(held.flat().sort()).toEqual(of('lamp', 'noise'));
    const asc = (await c.get('/api/tickets?sort=number')).json();
    expect(asc.items.map((i: { number: string }) => i.number)).toEqual(of('lamp', 'noise'));
    const desc = (await c.get('/api/tickets?sort=-number&pageSize=1')).json();
    expect({ total: desc.total, numbers: desc.items.map((i: { number: string }) => i.number) }).toEqual({ total: 2, numbers: [of('lamp', 'noise')[1]] });
  });

  it('callers in lists are masked for everyone; a unit sees nothing of a confidential caller, the center sees it masked', async () => {
    const center = (await t.as('dispatcher').get('/api/tickets')).json().items;
    const byNumber = (items: Array<{ number: string; caller: unknown }>, key: string) => items.find((i) => i.number === ids[key]!.number)!.caller;
    expect(byNumber(center, 'lamp')).toEqual({ name: '张**', phone: '138****1234' });
    expect(byNumber(center, 'noise')).toEqual({ name: '李**', phone: '139****1111' });
    const unit = (await t.as('handler1').get('/api/tickets')).json().items;
    expect(byNumber(unit, 'lamp')).toEqual({ name: '张**', phone: '138****1234' });
    expect(byNumber(unit, 'noise')).toBeNull();
  });
});

async function readXlsx(body: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push(Array.from({ length: 12 }, (_, i) => String((row.values as unknown[])[i + 1] ?? ''))));
  return rows;
}

describe('工单查询: export', () => {
  it('exports exactly the filtered rows with the list’s masking, and records who, the filter and the count', async () => {
    const res = await t.as('agent').get(`/api/tickets/export.xlsx?type=complaint&phone=${encodeURIComponent('13900001111')}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(['工单编号', '登记时间', '渠道', '类型', '状态', '分类', '诉求', '地址', '来电人', '来电号码', '承办单位', '满意度']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(of('noise'));
    expect(rows[1]![9]).toBe('139****1111');
    expect(res.rawPayload.toString('latin1')).not.toContain('13900001111');
    const { rows: log } = await t.db.query<{ actor_name: string; detail: { rows: number; filter: Record<string, unknown> } }>(
      `SELECT actor_name, detail FROM audit_log WHERE action = 'tickets.export' ORDER BY at DESC LIMIT 1`,
    );
    expect(log[0]!.detail.rows).toBe(1);
    expect(log[0]!.detail.filter).toMatchObject({ type: ['complaint'], phone: '（已指定）' });
    expect(JSON.stringify(log[0])).not.toContain('13900001111');
  });

  it('a unit’s export holds its own tickets only, without the confidential caller', async () => {
    const rows = await readXlsx((await t.as('handler1').get('/api/tickets/export.xlsx')).rawPayload);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(of('lamp', 'noise'));
    const noise = rows.find((r) => r[0] === ids.noise!.number)!;
    expect(noise[8]).toBe('');
    expect(noise[9]).toBe('');
    expect(rows.find((r) => r[0] === ids.lamp!.number)![9]).toBe('138****1234');
  });

  it('refuses an export above the cap with the count and what to do', async () => {
    process.env.EXPORT_MAX_ROWS = '3';
    try {
      const res = await t.as('dispatcher').get('/api/tickets/export.xlsx');
      expect(res.statusCode).toBe(422);
      expect(res.json().message).toBe('符合条件的工单共 4 件，超过单次导出上限 3 件：请缩小日期范围或增加筛选条件后再导出');
    } finally {
      delete process.env.EXPORT_MAX_ROWS;
    }
  });

  it('validates the export’s filter like the list’s', async () => {
    expect((await t.as('dispatcher').get('/api/tickets/export.xlsx?from=yesterday')).statusCode).toBe(422);
    expect((await t.as('handler1').get('/api/tickets/export.xlsx?phone=13812341234')).statusCode).toBe(403);
  });
});
