import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, CALLER, newTicket, type TestApp } from '../helpers.ts';

/**
 * 批量数据 (issue 15 item 6): GET /api/tickets/changes gives a unit's or an analyst's system every
 * ticket it may read, then what changed since its cursor, as JSON lines or CSV — the units' own
 * systems kept current (重庆 第二十一条, 凉山 第十八条 信息共享; 邵阳 第五条（五） 大数据信息共享).
 */
let t: TestApp;
let street: string;
let market: string;

const call = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` }, remoteAddress: '10.9.1.1' });

async function makeKey(body: Record<string, unknown>): Promise<string> {
  const res = await t.as('admin').post('/api/admin/api-keys', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().key;
}

type Line = { id: string; number: string; status: string; excerpt: string; callerPhone: string | null; callerName: string | null; changedAt: string | null };
const lines = (body: string): Line[] => body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

/** Reads the feed from `cursor` until it says there is no more; every page's tickets, and the cursor to go on from. */
async function drain(key: string, cursor: string | null, limit = 2): Promise<{ seen: Line[]; cursor: string; pages: number }> {
  const seen: Line[] = [];
  let pages = 0;
  for (;;) {
    const res = await call(key, `/api/tickets/changes?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    seen.push(...lines(res.body));
    cursor = String(res.headers['x-open12345-cursor']);
    pages += 1;
    if (res.headers['x-open12345-more'] !== 'true') return { seen, cursor, pages };
    expect(pages).toBeLessThan(500);
  }
}

/**
 * Reads on until `want` holds (or 30 s): on PostgreSQL a change is held back while any older write
 * transaction on the server is still running (other test files' too), as a real reader that calls
 * again later would see.
 */
async function drainUntil(key: string, cursor: string, want: (ids: Set<string>) => boolean, limit = 5000): Promise<{ seen: Line[]; cursor: string }> {
  const seen: Line[] = [];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await drain(key, cursor, limit);
    seen.push(...page.seen);
    cursor = page.cursor;
    if (want(new Set(seen.map((l) => l.id))) || Date.now() > deadline) return { seen, cursor };
    await new Promise((r) => setTimeout(r, 200));
  }
}

const register = async (content: string) => (await t.as('agent').post('/api/tickets', newTicket({ content }))).json().id as string;
const dispatch = async (id: string, unitId: string) => expect((await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId, role: 'lead' }] })).statusCode).toBe(200);

beforeAll(async () => {
  t = await buildTestApp();
  street = await t.unitId('解放碑街道办事处');
  market = await t.unitId('江北区市场监督管理局');
}, 120_000);
afterAll(() => t?.close());

describe('工单变更增量导出 (重庆 第二十一条 / 凉山 第十八条 / 邵阳 第五条（五）)', () => {
  it('a first full pass gives every ticket once, in pages; then only what changed, as it is now', async () => {
    const a = await register('FEED-A 新华路路灯不亮');
    const b = await register('FEED-B 观音桥菜市场缺斤少两');
    const key = await makeKey({ name: '区数据共享平台', scopes: ['tickets:read'] });
    const total = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).rows[0]!.n;
    const full = await drain(key, null, 1);
    expect(full.seen.map((l) => l.id).sort()).toEqual((await t.db.query<{ id: string }>('SELECT id FROM tickets')).rows.map((r) => r.id).sort());
    expect(full.seen).toHaveLength(total);
    expect(full.pages).toBeGreaterThan(1);

    // nothing happened: the next read is empty and the cursor stays put
    const idle = await call(key, `/api/tickets/changes?cursor=${full.cursor}`);
    expect(idle.body).toBe('');
    expect(idle.headers['x-open12345-more']).toBe('false');

    await dispatch(a, street);
    const c = await register('FEED-C 小区门口井盖缺失');
    const next = await drainUntil(key, full.cursor, (ids) => ids.has(a) && ids.has(c), 2);
    expect([...new Set(next.seen.map((l) => l.id))].sort()).toEqual([a, c].sort());
    expect(next.seen.findLast((l) => l.id === a)).toMatchObject({ status: 'dispatched' });
    expect(next.seen.every((l) => l.changedAt !== null)).toBe(true);
    // b did not change and does not come again
    expect(next.seen.some((l) => l.id === b)).toBe(false);
  });

  it('a unit’s key reads only its own subtree’s tickets, with the caller masked', async () => {
    const mine = await register('FEED-STREET 解放碑步行街噪音扰民');
    const other = await register('FEED-MARKET 江北菜市场价格不明');
    await dispatch(mine, street);
    await dispatch(other, market);
    const key = await makeKey({ name: '解放碑街道网格系统', scopes: ['tickets:read'], unitId: street });
    const { seen } = await drain(key, null, 50);
    expect(seen.map((l) => l.id)).toContain(mine);
    expect(seen.map((l) => l.id)).not.toContain(other);
    const row = seen.find((l) => l.id === mine)!;
    expect(row.callerPhone).not.toBe(CALLER.phone);
    expect(row.callerPhone).toMatch(/\*/);
    expect(JSON.stringify(seen)).not.toContain(CALLER.phone);
  });

  it('CSV has the same rows with a header, for a spreadsheet (BOM for Excel)', async () => {
    const key = await makeKey({ name: '分析系统', scopes: ['tickets:read'] });
    const res = await call(key, '/api/tickets/changes?format=csv&limit=5000');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(res.body.slice(1), { columns: true }) as Array<Record<string, string>>;
    const total = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).rows[0]!.n;
    expect(rows).toHaveLength(total);
    expect(rows.find((r) => r['诉求摘要']!.includes('FEED-A'))).toBeDefined();
    expect(res.body).not.toContain(CALLER.phone);
  });

  it('refuses a cursor it never gave (422), a key without tickets:read (403), and nobody signed out (401)', async () => {
    const key = await makeKey({ name: '只写系统', scopes: ['tickets:write'] });
    expect((await call(key, '/api/tickets/changes')).statusCode).toBe(403);
    const reader = await makeKey({ name: '读取系统', scopes: ['tickets:read'] });
    const bad = await call(reader, '/api/tickets/changes?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toContain('游标无效');
    // numbers past what the database holds are refused as a bad cursor, not a database error
    const huge = Buffer.from(JSON.stringify({ x: '99999999999999999999', e: '1' })).toString('base64url');
    expect((await call(reader, `/api/tickets/changes?cursor=${huge}`)).statusCode).toBe(422);
    const hugeEvent = Buffer.from(JSON.stringify({ x: '1', e: '9999999999999999999' })).toString('base64url');
    expect((await call(reader, `/api/tickets/changes?cursor=${hugeEvent}`)).statusCode).toBe(422);
    expect((await call(reader, '/api/tickets/changes?limit=0')).statusCode).toBe(422);
    expect((await call(reader, '/api/tickets/changes?format=xml')).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'GET', url: '/api/tickets/changes' })).statusCode).toBe(401);
    // a person may read it too, as their list allows; every read is audited
    expect((await t.as('analyst').get('/api/tickets/changes?limit=1')).statusCode).toBe(200);
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'tickets.changes'");
    expect(rows[0]!.n).toBeGreaterThan(3);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('a change whose transaction commits late is not skipped (PostgreSQL)', async () => {
    const key = await makeKey({ name: '同步系统', scopes: ['tickets:read'] });
    const start = (await drain(key, null, 5000)).cursor;
    const early = await register('FEED-LATE-1 早开始晚提交');
    const later = await register('FEED-LATE-2 晚开始先提交');
    const cursor0 = (await drainUntil(key, start, (ids) => ids.has(early) && ids.has(later))).cursor;
    // a transaction that wrote first (smaller id) but commits last
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = t.db.transaction(async (tx) => {
      await tx.query("INSERT INTO events (ticket_id, action, actor_name, at) VALUES ($1, 'note', '测试', $2)", [early, new Date(t.ctx.now())]);
      await gate;
    });
    await new Promise((r) => setTimeout(r, 50));
    await dispatch(later, street); // commits while the slow one runs
    const during = await drain(key, cursor0, 5000);
    // held back until the older transaction ends: handing it out now would move the cursor past the slow one
    expect(during.seen.map((l) => l.id)).not.toContain(later);
    release();
    await slow;
    const after = await drainUntil(key, during.cursor, (ids) => ids.has(early) && ids.has(later));
    expect([...new Set(after.seen.map((l) => l.id))].sort()).toEqual([early, later].sort());
  });
});
