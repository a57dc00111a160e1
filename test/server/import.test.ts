import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { Calendar } from '../../src/core/calendar/calendar.ts';
import { dayOfInstant, formatDay, formatInstant, parseInstant } from '../../src/core/calendar/civil-date.ts';
import { getPreset } from '../../src/core/policy/presets.ts';
import { buildApp } from '../../src/server/app.ts';
import { memoryStorage } from '../../src/server/attachments/storage.ts';
import { DEMO_PASSWORD } from '../../src/server/auth/passwords.ts';
import { pgliteDb, postgresDb, type Db } from '../../src/server/db/connection.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { seedDemo } from '../../src/server/demo/seed.ts';
import { historyClocks, presetHandleDue } from '../../src/server/tickets/import/clocks.ts';
import { TEST_KEY_FILE, testVault } from '../helpers.ts';

/**
 * `open12345 import tickets` through the command line (main(), with DATA_DIR or DATABASE_URL as an
 * operator sets them), read back through the HTTP API. On PostgreSQL when TEST_DATABASE_URL is set.
 */
const dir = mkdtempSync(join(tmpdir(), 'o12345-import-'));
const PG = process.env.TEST_DATABASE_URL;
const schemas: string[] = [];
let where: { url?: string; schema?: string; dataDir: string };

async function newDatabase(name: string): Promise<typeof where> {
  if (!PG) return { dataDir: join(dir, name) };
  const schema = `import_${name}_${process.pid}`;
  const admin = postgresDb(PG, { max: 1 });
  await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await admin.close();
  schemas.push(schema);
  return { url: `${PG}${PG.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema},public`)}`, schema, dataDir: join(dir, name) };
}

async function openDb(w = where): Promise<Db> {
  return w.schema ? postgresDb(PG!, { searchPath: `${w.schema},public`, max: 2 }) : pgliteDb(join(w.dataDir, 'pg'));
}

async function cli(args: string[], w = where, command = ['import', 'tickets']): Promise<{ code: number; stdout: string; stderr: string }> {
  Object.assign(process.env, { DATA_DIR: w.dataDir, DATABASE_URL: w.url ?? '', POLICY: 'chongqing-2021', CALENDAR_FILES: '' });
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main([...command, ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const HEADER = '工单编号,登记时间,渠道,诉求类型,诉求分类,诉求内容,地址,来电人,来电号码,主办单位,派单时间,签收时间,办理时限,答复时间,是否联系来电人,退单次数,延期次数,重办次数,回访时间,满意度,解决情况,申诉结果,办结时间';
// Dispatched on Monday 2026-09-28 as a consultation (重庆 第十三条（二）: 5 working days): 9-29, 9-30, then
// 国庆 10-01…10-07 off, 10-08, 10-09 and Saturday 10-10, a 调休 working day → due 2026-10-10 23:59:59.
const ROW_ON_TIME = 'L-0001,2026-09-28 09:00,电话,咨询,城乡建设/路灯照明,"新华路路灯不亮，已经一周了",渝中区新华路,张三,13812341234,解放碑街道办事处,2026-09-28 10:00,2026-09-28 11:00,,2026-10-10 16:00,是,0,0,0,2026-10-12 10:00,满意,已解决,,2026-10-12 10:05';
// A limit the old system recorded, missed by a day; dissatisfied, appeal rejected, one redo and one extension.
const ROW_LATE = 'L-0002,2026-09-28 09:30,web,complaint,,楼下烧烤油烟扰民,,李四,13900001111,江北区市场监督管理局,2026-09-28 10:00,2026-09-29 09:00,2026-10-12 18:00,2026-10-13 09:00,否,1,1,1,2026-10-14 10:00,不满意,未解决,未通过,2026-10-20 10:00';
const csv = (...rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** GBK bytes of a text, from the reverse of the decoder's own table (Node has no GBK encoder). */
function gbk(text: string): Uint8Array {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) {
    if (b === 0x7f) continue;
    const ch = decoder.decode(new Uint8Array([a, b]));
    if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [a, b]);
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else if (table.has(ch)) out.push(...table.get(ch)!);
    else throw new Error(`no GBK for ${ch}`);
  }
  return new Uint8Array(out);
}

async function counts(w = where): Promise<{ tickets: number; units: number; assignments: number; clocks: number; events: number }> {
  const db = await openDb(w);
  try {
    const { rows } = await db.query<{ tickets: number; units: number; assignments: number; clocks: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM units) AS units, (SELECT count(*)::int FROM assignments) AS assignments,
              (SELECT count(*)::int FROM clocks) AS clocks, (SELECT count(*)::int FROM events) AS events`,
    );
    return rows[0]!;
  } finally {
    await db.close();
  }
}

type Get = (username: string, url: string) => Promise<LightMyRequestResponse>;
type Post = (username: string, url: string, body: object) => Promise<LightMyRequestResponse>;

/** The platform as it serves the database the CLI wrote; `id` finds a ticket by its number. */
async function serve(fn: (get: Get, id: (number: string) => Promise<string>, post: Post) => Promise<void>, now = parseInstant('2026-11-23T09:30:00+08:00')): Promise<void> {
  const db = await openDb();
  const app: FastifyInstance = await buildApp({ db, policy: getPreset('chongqing-2021'), calendar: new Calendar(), storage: memoryStorage(), now: () => now, classifier: null, vault: testVault(), demoMode: true });
  const cookies = new Map<string, string>();
  const cookie = async (username: string) => {
    if (!cookies.has(username)) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      const c = res.cookies.find((x) => x.name === 'o12345_sid')!;
      cookies.set(username, `${c.name}=${c.value}`);
    }
    return cookies.get(username)!;
  };
  const get: Get = async (username, url) => app.inject({ method: 'GET', url, headers: { cookie: await cookie(username) } });
  const post: Post = async (username, url, body) => app.inject({ method: 'POST', url, headers: { cookie: await cookie(username) }, payload: body });
  const id = async (number: string) => (await db.query<{ id: string }>('SELECT id FROM tickets WHERE number = $1', [number])).rows[0]!.id;
  try {
    await fn(get, id, post);
  } finally {
    await app.close();
    await db.close();
  }
}

beforeAll(async () => {
  const keyFile = join(dir, 'keys.json');
  writeFileSync(keyFile, JSON.stringify(TEST_KEY_FILE), { mode: 0o600 });
  Object.assign(process.env, { KEY_FILE: keyFile, DATA_KEYS: '', DEMO: 'false', ENCRYPTION: 'on' });
  where = await newDatabase('demo');
  const db = await openDb();
  await migrate(db);
  await seedDemo(db);
  await db.close();
}, 120_000);

afterAll(async () => {
  if (PG && schemas.length) {
    const admin = postgresDb(PG, { max: 1 });
    for (const s of schemas) await admin.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('open12345 import tickets', () => {
  it('imports a UTF-8 CSV as closed history: the share, the preset’s due across 国庆 and 调休, the rating, the caller sealed', async () => {
    const r = await cli([file('history.csv', csv(ROW_ON_TIME, ROW_LATE))]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: 'history.csv', rows: 2, imported: 2, skipped: 0, createdUnits: 0, dryRun: false, encoding: 'utf-8' });

    await serve(async (get, ticketId) => {
      const id = await ticketId('L-0001');
      const res = await get('dispatcher', `/api/tickets/${id}`);
      expect(res.statusCode).toBe(200);
      const t = res.json();
      expect(t).toMatchObject({ number: 'L-0001', status: 'closed', channel: 'phone', type: 'consultation', category: '城乡建设/路灯照明', satisfaction: 'satisfied', resolution: 'resolved' });
      expect(t.createdAt).toBe('2026-09-28T09:00:00+08:00');
      expect(t.closedAt).toBe('2026-10-12T10:05:00+08:00');
      expect(t.caller).toEqual({ name: '张三', phone: '13812341234' });
      expect(t.assignments).toHaveLength(1);
      const share = t.assignments[0];
      expect(share).toMatchObject({ unit: { name: '解放碑街道办事处' }, role: 'lead', status: 'completed', signedAt: '2026-09-28T11:00:00+08:00', repliedAt: '2026-10-10T16:00:00+08:00' });
      expect(share.reply.contacted).toBe(true);
      const handle = share.clocks.find((c: { name: string }) => c.name === 'handle');
      expect(handle).toMatchObject({ startedAt: '2026-09-28T10:00:00+08:00', dueAt: '2026-10-10T23:59:59+08:00', status: 'met', overdue: false, stoppedAt: '2026-10-10T16:00:00+08:00', explicit: false });
      expect(handle.basis).toContain('第十三条（二）');
      expect(t.events.map((e: { action: string }) => e.action)).toEqual(['import']);
      expect(t.events[0]).toMatchObject({ file: 'history.csv', row: 2 });

      // the unit that handled it sees the caller masked, as for live tickets
      const unit = await get('handler1', `/api/tickets/${id}`);
      expect(unit.statusCode).toBe(200);
      expect(unit.json().caller.phone).toBe('138****1234');

      const late = (await get('dispatcher', `/api/tickets/${await ticketId('L-0002')}`)).json();
      expect(late).toMatchObject({ satisfaction: 'dissatisfied', resolution: 'unresolved', appealStatus: 'rejected', redoCount: 1, closure: 'annotated' });
      expect(late.assignments[0]).toMatchObject({ extensionCount: 1, unit: { name: '江北区市场监督管理局' } });
      expect(late.assignments[0].reply.contacted).toBe(false);
      expect(late.assignments[0].clocks.find((c: { name: string }) => c.name === 'handle')).toMatchObject({ dueAt: '2026-10-12T18:00:00+08:00', status: 'overdue', overdue: true, explicit: true });
      expect(late.events[0]).toMatchObject({ returns: 1, visitedAt: '2026-10-14T10:00:00+08:00' });

      // and they count in 考核 like live tickets (shares by the month they were dispatched)
      const card = await get('leader', '/api/analytics/scorecard?from=2026-09-01&to=2026-09-30');
      expect(card.statusCode, card.body).toBe(200);
      const row = (name: string) => card.json().units.find((u: { unit: { name: string } }) => u.unit.name === name);
      expect(row('解放碑街道办事处')).toMatchObject({ received: 1, onTimeRate: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 });
      expect(row('江北区市场监督管理局')).toMatchObject({ received: 1, overdue: 1, onTimeRate: 0, responseRate: 0, satisfactionRate: 0, extensionRate: 1, redoRate: 1 });
    });

    const db = await openDb();
    const { rows } = await db.query<{ row: string }>('SELECT t::text AS row FROM tickets t');
    await db.close();
    expect(rows.map((r) => r.row).join('\n')).not.toMatch(/13812341234|张三|李四/);

    // every import event has its audit record, and the chain over them is whole
    const verified = await cli(['--json'], where, ['audit', 'verify']);
    expect(verified.code, verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  }, 120_000);

  it('imports the same file again as nothing: every number is skipped', async () => {
    const before = await counts();
    const r = await cli([join(dir, 'history.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 2, imported: 0, skipped: 2 });
    expect(await counts()).toEqual(before);
  }, 60_000);

  it('reads GBK CSV and xlsx (date cells as Beijing time, numbers as text)', async () => {
    const gbkFile = file('gbk.csv', gbk(csv(ROW_ON_TIME.replace('L-0001', 'G-0001'))));
    const g = await cli([gbkFile]);
    expect(g.code, g.stderr).toBe(0);
    expect(JSON.parse(g.stdout)).toMatchObject({ imported: 1, encoding: 'gbk' });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('工单');
    ws.addRow(HEADER.split(','));
    // exceljs keeps a date cell's wall-clock time in UTC fields, whatever the time zone
    ws.addRow(['X-0001', new Date(Date.UTC(2026, 8, 28, 9, 0)), '电话', '求助', null, '小区停水两天', null, '王五', 13700001111, '解放碑街道办事处', '2026-09-28 10:00', null, null, '2026-10-09 16:00', '是', 0, 0, 0, null, '基本满意', '部分解决', null, '2026-10-12 10:05']);
    const x = await cli([file('history.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()))]);
    expect(x.code, x.stderr).toBe(0);
    expect(JSON.parse(x.stdout)).toMatchObject({ imported: 1, encoding: null });

    await serve(async (get, ticketId) => {
      const t = (await get('dispatcher', `/api/tickets/${await ticketId('G-0001')}`)).json();
      expect(t.content).toBe('新华路路灯不亮，已经一周了');
      expect(t.assignments[0].unit.name).toBe('解放碑街道办事处');
      const xl = (await get('dispatcher', `/api/tickets/${await ticketId('X-0001')}`)).json();
      expect(xl).toMatchObject({ createdAt: '2026-09-28T09:00:00+08:00', type: 'help', satisfaction: 'basic', resolution: 'partly', caller: { phone: '13700001111' } });
      // help: 15 working days from 2026-09-28, past 国庆 and the 调休 Saturday 10-10
      expect(xl.assignments[0].clocks.find((c: { name: string }) => c.name === 'handle').dueAt).toBe('2026-10-23T23:59:59+08:00');
    });
  }, 120_000);

  it('refuses a file with an unknown unit or a bad row, naming the row, and writes nothing', async () => {
    const before = await counts();
    const unknown = ROW_LATE.replace('L-0002', 'U-0002').replace('江北区市场监督管理局', '不存在的单位');
    const r = await cli([file('unknown.csv', csv(ROW_ON_TIME.replace('L-0001', 'U-0001'), unknown))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('错误：第 3 行：主办单位「不存在的单位」不存在（加 --create-units 可在热线中心下新建）\n');
    expect(r.stdout).toBe('');
    expect(await counts()).toEqual(before);

    const backwards = ROW_ON_TIME.replace('L-0001', 'B-0001').replace('2026-10-12 10:05', '2026-10-01 10:05');
    const b = await cli([file('backwards.csv', csv(backwards))]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('错误：第 2 行：办结时间（closed_at）早于');
    const badType = await cli([file('type.csv', csv(ROW_ON_TIME.replace('L-0001', 'T-0001').replace(',咨询,', ',闲聊,')))]);
    expect(badType.stderr).toMatch(/^错误：第 2 行：诉求类型（type）：诉求类型「闲聊」无效/);
    expect(await counts()).toEqual(before);
  }, 60_000);

  it('checks only with --dry-run, and creates unknown units under the center with --create-units', async () => {
    const before = await counts();
    const row = ROW_LATE.replace('L-0002', 'N-0002').replace('江北区市场监督管理局', '渝中区示范管理办公室');
    const path = file('new-unit.csv', csv(row));
    const dry = await cli([path, '--create-units', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ imported: 1, createdUnits: 1, newUnits: ['渝中区示范管理办公室'], dryRun: true });
    expect(await counts()).toEqual(before);

    const real = await cli([path, '--create-units']);
    expect(real.code, real.stderr).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({ imported: 1, createdUnits: 1, dryRun: false });
    const db = await openDb();
    const { rows } = await db.query<{ kind: string; parent: string }>(
      `SELECT u.kind, p.kind AS parent FROM units u JOIN units p ON p.id = u.parent_id WHERE u.name = '渝中区示范管理办公室'`,
    );
    await db.close();
    expect(rows).toEqual([{ kind: 'department', parent: 'center' }]);
  }, 60_000);

  it('renames other headers with --map', async () => {
    const header = HEADER.replace('登记时间', '受理时间').replace('主办单位', '承办部门').replace('诉求内容', 'description');
    const path = file('mapped.csv', `${header}\n${ROW_ON_TIME.replace('L-0001', 'M-0001')}\n`);
    const without = await cli([path]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('缺少列：登记时间（registered_at）、诉求内容（content）');
    const map = file('map.json', JSON.stringify({ 受理时间: '登记时间', 承办部门: 'unit', description: '诉求内容' }));
    const r = await cli([path, '--map', map]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 1, ignoredColumns: [] });
    await serve(async (get, ticketId) => {
      const t = (await get('dispatcher', `/api/tickets/${await ticketId('M-0001')}`)).json();
      expect(t.assignments[0].unit.name).toBe('解放碑街道办事处');
      expect(t.createdAt).toBe('2026-09-28T09:00:00+08:00');
    });
  }, 60_000);

  it('moves today’s numbering past a number in the platform’s own form, so registration never hands it out again', async () => {
    const today = formatDay(dayOfInstant(Date.now())).replaceAll('-', '');
    const r = await cli([file('today.csv', csv(ROW_ON_TIME.replace('L-0001', `${today}00007`)))]);
    expect(r.code, r.stderr).toBe(0);
    await serve(async (_get, _id, post) => {
      const res = await post('agent', '/api/tickets', { channel: 'phone', caller: { name: '赵六', phone: '13800002222' }, type: 'help', content: '今天新登记的诉求' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().number).toBe(`${today}00008`);
    }, Date.now());
  }, 60_000);

  it('creates the center on an empty database', async () => {
    const empty = await newDatabase('empty');
    const r = await cli([join(dir, 'history.csv'), '--create-units', '--center', '示范市12345热线'], empty);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 2, createdCenter: '示范市12345热线', createdUnits: 2 });
    expect(await counts(empty)).toMatchObject({ tickets: 2, units: 3, assignments: 2 });
  }, 60_000);
});

describe('the clocks of imported history', () => {
  const at = parseInstant;
  const shaoyang = getPreset('shaoyang-2023');
  const calendar = new Calendar();
  const times = {
    registeredAt: at('2026-09-28T09:00:00+08:00'),
    share: { id: 's', dispatchedAt: at('2026-09-28T12:00:00+08:00'), signedAt: at('2026-09-30T09:00:00+08:00'), repliedAt: at('2026-10-08T10:00:00+08:00') },
    answeredAt: at('2026-10-08T10:00:00+08:00'),
    closedAt: at('2026-10-09T10:00:00+08:00'),
  };
  const view = (c: ReturnType<typeof historyClocks>[number]) => ({ name: c.name, share: c.assignmentId, started: formatInstant(c.startedAt), due: formatInstant(c.dueAt), status: c.status, explicit: c.explicit });

  it('starts and stops every clock of the preset where the live actions do (邵阳: handling from signing, a sign limit)', () => {
    const clocks = historyClocks(shaoyang, calendar, { id: 't', type: 'consultation' }, times, null).map(view);
    expect(clocks).toEqual(expect.arrayContaining([
      // 2 hours to dispatch (第十三条), dispatched after 3: late; the 24-hour answer clock stops at dispatch in time
      { name: 'dispatch', share: null, started: '2026-09-28T09:00:00+08:00', due: '2026-09-28T11:00:00+08:00', status: 'overdue', explicit: false },
      { name: 'answer', share: null, started: '2026-09-28T09:00:00+08:00', due: '2026-09-29T09:00:00+08:00', status: 'met', explicit: false },
      // signed two days after dispatch: the 1-working-day sign limit was missed
      { name: 'sign', share: 's', started: '2026-09-28T12:00:00+08:00', due: '2026-09-29T23:59:59+08:00', status: 'overdue', explicit: false },
      // 1 working day from signing on 09-30: 国庆 lies between, so the next working day is 10-08
      { name: 'handle', share: 's', started: '2026-09-30T09:00:00+08:00', due: '2026-10-08T23:59:59+08:00', status: 'met', explicit: false },
    ]));
    expect(clocks.filter((c) => c.name === 'handle')).toHaveLength(1);
  });

  it('takes a recorded limit as one set at dispatch, and needs the signing time where the preset counts from it', () => {
    const due = at('2026-10-07T18:00:00+08:00');
    const handles = historyClocks(shaoyang, calendar, { id: 't', type: 'consultation' }, times, due).filter((c) => c.name === 'handle').map(view);
    expect(handles).toEqual([{ name: 'handle', share: 's', started: '2026-09-28T12:00:00+08:00', due: '2026-10-07T18:00:00+08:00', status: 'overdue', explicit: true }]);
    expect(presetHandleDue(shaoyang, calendar, 'help', times.share.dispatchedAt, null)).toEqual({ missing: 'signed' });
    // the preset's own due given by the old system is the preset's clock, not a limit set by hand
    const chongqing = getPreset('chongqing-2021');
    const same = historyClocks(chongqing, calendar, { id: 't', type: 'consultation' }, times, at('2026-10-10T23:59:59+08:00')).find((c) => c.name === 'handle')!;
    expect(view(same)).toMatchObject({ due: '2026-10-10T23:59:59+08:00', explicit: false });
  });
});
