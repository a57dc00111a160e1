import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { verifyAudit } from '../../src/server/audit/verify.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { memoryStorage } from '../../src/server/attachments/storage.ts';
import { DEMO_PASSWORD } from '../../src/server/auth/passwords.ts';
import { resealAll, sealedCounts, sealPlaintext } from '../../src/server/privacy/backfill.ts';
import { addKey, ringFromFile, type KeyFile } from '../../src/server/privacy/keys.ts';
import { prepareVault } from '../../src/server/privacy/startup.ts';
import { Vault } from '../../src/server/privacy/vault.ts';
import { buildTestApp, outboxTo, TEST_KEY_FILE, type TestApp } from '../helpers.ts';

// Issue 10, item 6: no caller's name or phone in plaintext in any table, and every feature that finds
// a caller by phone still finds them.
let t: TestApp;
let jiefangbei: string;

const AGENT_CALLER = { name: '欧阳秀英', phone: '13912345678' };
const PORTAL_CALLER = { name: '司马相如', phone: '13787654321' };
const LEGACY_CALLER = { name: '诸葛青云', phone: '13655556666' };
const LAMP = '新华路12号门口的路灯已经坏了一个多星期，晚上一片漆黑，老人孩子出行很不安全，请尽快派人维修。';
const LAMP_AGAIN = '尊敬的领导您好！新华路12号门口路灯坏了一个多星期了，晚上一片漆黑，老人和孩子出行很不安全，希望尽快派人来维修，谢谢！';
const SECRETS = [AGENT_CALLER, PORTAL_CALLER, LEGACY_CALLER].flatMap((c) => [c.name, c.phone]);

/** Every row of every table of this database, as text, that contains one of the secrets. */
async function leaks(): Promise<string[]> {
  const { rows: tables } = await t.db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  expect(tables.map((x) => x.name)).toEqual(expect.arrayContaining(['tickets', 'outbox', 'events', 'ticket_fingerprints', 'users']));
  const found: string[] = [];
  for (const { name } of tables) {
    const { rows } = await t.db.query<{ row: string }>(`SELECT x::text AS row FROM "${name}" x`);
    for (const r of rows) for (const s of SECRETS) if (r.row.includes(s)) found.push(`${name}: ${s}`);
  }
  return found;
}

/** Another server process on the same database, with other keys. */
async function appWith(vault: Vault): Promise<{ app: FastifyInstance; get: (url: string, user?: string) => Promise<LightMyRequestResponse> }> {
  const app = await buildApp({ db: t.db, policy: t.ctx.policy, calendar: t.ctx.calendar, storage: memoryStorage(), now: t.ctx.now, vault, demoMode: true });
  const cookies = new Map<string, string>();
  const get = async (url: string, user = 'agent') => {
    if (!cookies.has(user)) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: DEMO_PASSWORD } });
      const c = res.cookies.find((x) => x.name === 'o12345_sid')!;
      cookies.set(user, `${c.name}=${c.value}`);
    }
    return app.inject({ method: 'GET', url, headers: { cookie: cookies.get(user)! } });
  };
  return { app, get };
}

let first: { id: string; number: string };
let second: { id: string; number: string };
let portal: { number: string };

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-11-02T09:30:00+08:00' });
  jiefangbei = await t.unitId('解放碑街道办事处');
  const created = async (caller: { name: string; phone: string }, content: string) => {
    const res = await t.as('agent').post('/api/tickets', { channel: 'phone', caller, type: 'help', content, address: '渝中区解放碑街道新华路12号' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; number: string };
  };
  first = await created(AGENT_CALLER, LAMP);
  t.setNow('2026-11-03T10:00:00+08:00');
  // the same caller, the phone written another way
  second = await created({ ...AGENT_CALLER, phone: '+86 139-1234-5678' }, LAMP_AGAIN);
  const p = await t.app.inject({ method: 'POST', url: '/api/public/tickets', payload: { caller: PORTAL_CALLER, type: 'complaint', content: '幸福小区3栋楼下的烧烤店每天营业到凌晨两点，油烟和噪音严重扰民。' } });
  expect(p.statusCode, p.body).toBe(201);
  portal = p.json();
  // a merge copies the merged caller into the original's timeline and tells them by SMS
  const merged = await t.as('agent').act(second.id, 'merge', { originalId: first.id });
  expect(merged.statusCode, merged.body).toBe(200);
}, 180_000);
afterAll(() => t.close());

describe('personal data at rest', () => {
  it('no table holds a caller name or phone in plaintext (tickets, fingerprints, outbox, merge events)', async () => {
    expect(await leaks()).toEqual([]);
    const { rows } = await t.db.query<{ caller_name: string; caller_phone: string }>('SELECT caller_name, caller_phone FROM tickets WHERE id = $1', [first.id]);
    expect(rows[0]!.caller_phone).toMatch(/^v1:test1:/);
    expect(rows[0]!.caller_name).toMatch(/^v1:test1:/);
    // the same phone sealed twice gives two different ciphertexts (random IV): equal values are not linkable
    const again = await t.db.query<{ caller_phone: string }>('SELECT caller_phone FROM tickets WHERE id = $1', [second.id]);
    expect(again.rows[0]!.caller_phone).not.toBe(rows[0]!.caller_phone);
  });

  it('center staff see the caller, units a masked one, reveal-phone the real one; the SMS goes to the right phone', async () => {
    expect((await t.as('dispatcher').get(`/api/tickets/${first.id}`)).json().caller).toEqual(AGENT_CALLER);
    const original = (await t.as('visitor').get(`/api/tickets/${first.id}`)).json();
    expect(original.events.at(-1)).toMatchObject({ action: 'merged-in', callerName: AGENT_CALLER.name, callerPhone: '+86 139-1234-5678' });
    await t.as('dispatcher').act(first.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] });
    const unit = (await t.as('handler1').get(`/api/tickets/${first.id}`)).json();
    expect(unit.caller).toEqual({ name: '欧**', phone: '139****5678' });
    expect(JSON.stringify(unit)).not.toContain('13912345678');
    const revealed = await t.as('handler1').post(`/api/tickets/${first.id}/reveal-phone`, { reason: '回电核实位置' });
    expect(revealed.json()).toEqual({ phone: AGENT_CALLER.phone });
    expect((await outboxTo(t, AGENT_CALLER.phone)).at(0)).toContain(first.number);
    expect((await outboxTo(t, PORTAL_CALLER.phone)).at(0)).toContain(portal.number);
  });

  it('caller history and the phone filter find every ticket of the same phone, however written', async () => {
    const history = (await t.as('agent').get('/api/callers/13912345678')).json();
    expect(history.tickets.map((x: { number: string }) => x.number).sort()).toEqual([first.number, second.number].sort());
    expect((await t.as('agent').get('/api/callers/13700000000')).json().total).toBe(0);
    const list = (await t.as('agent').get(`/api/tickets?phone=${encodeURIComponent('+8613912345678')}`)).json();
    expect(list.items.map((x: { number: string }) => x.number).sort()).toEqual([first.number, second.number].sort());
  });

  it('repeat detection still sees the same caller', async () => {
    const res = (await t.as('agent').get(`/api/tickets/${second.id}/repeats`)).json();
    const hit = res.candidates.find((c: { ticketId: string }) => c.ticketId === first.id);
    expect(hit.reasons).toContain('same-caller');
    expect(hit.caller).toEqual(AGENT_CALLER);
    const preview = (await t.as('agent').post('/api/repeats/preview', { content: '咨询社保卡补办需要带什么材料', callerPhone: '139 1234 5678' })).json();
    expect(preview.candidates.map((c: { ticketId: string }) => c.ticketId)).toEqual(expect.arrayContaining([first.id]));
  });

  it('seals plaintext rows left from before encryption, once, and finds them afterwards', async () => {
    // as written before migration 011 (or with ENCRYPTION=off)
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO tickets (number, status, channel, type, content, caller_name, caller_phone, created_at, updated_at)
       VALUES ('LEGACY-1', 'registered', 'phone', 'help', '老工单', $1, $2, $3, $3) RETURNING id`,
      [LEGACY_CALLER.name, LEGACY_CALLER.phone, new Date(t.ctx.now())],
    );
    await t.db.query(`INSERT INTO outbox (channel, recipient, ticket_id, body) VALUES ('sms', $1, $2, '老短信')`, [LEGACY_CALLER.phone, rows[0]!.id]);
    expect(await leaks()).toHaveLength(3);
    expect(await sealPlaintext(t.db, t.ctx.vault)).toBe(4);
    expect(await sealPlaintext(t.db, t.ctx.vault)).toBe(0);
    expect(await leaks()).toEqual([]);
    expect((await t.as('agent').get(`/api/callers/${LEGACY_CALLER.phone}`)).json().total).toBe(1);
    expect((await t.as('agent').get(`/api/tickets/${rows[0]!.id}`)).json().caller).toEqual(LEGACY_CALLER);
  });

  it('a rotation re-seals every value under the new key; the old key is no longer needed', async () => {
    const before = await sealedCounts(t.db);
    expect(Object.keys(before)).toEqual(['test1']);
    const { file } = addKey(TEST_KEY_FILE as KeyFile);
    const rotated = new Vault(ringFromFile(file, 'test'), true);
    expect(await resealAll(t.db, rotated)).toBe(before.test1);
    expect(await sealedCounts(t.db)).toEqual({ k2: before.test1 });
    expect(await leaks()).toEqual([]);
    // re-sealing the merge event's caller in place is no tampering to the audit chain
    expect((await verifyAudit(t.db)).first).toBeNull();
    // a server with only the new key reads everything: tickets, history, merge events
    const onlyNew = new Vault(ringFromFile({ ...file, keys: file.keys.filter((k) => k.id === 'k2') }, 'test'), true);
    const s = await appWith(onlyNew);
    try {
      expect((await s.get(`/api/tickets/${first.id}`)).json().caller).toEqual(AGENT_CALLER);
      expect((await s.get('/api/callers/13912345678')).json().total).toBe(2);
      expect((await s.get(`/api/tickets/${first.id}`, 'visitor')).json().events.find((e: { action: string }) => e.action === 'merged-in').callerName).toBe(AGENT_CALLER.name);
    } finally {
      await s.app.close();
    }
  });

  it('a wrong key is a clear error at start and on every read, never garbage', async () => {
    const wrong = new Vault(ringFromFile({ ...TEST_KEY_FILE, active: 'k2', keys: [{ ...TEST_KEY_FILE.keys[0]!, id: 'k2', key: Buffer.alloc(32, 1).toString('base64') }] }, 'test'), true);
    await expect(prepareVault(t.db, wrong)).rejects.toThrow(/无法解密.*密钥 k2 无法解密该数据/);
    const missing = new Vault(ringFromFile(TEST_KEY_FILE, 'test'), true);
    await expect(prepareVault(t.db, missing)).rejects.toThrow(/缺少密钥 k2/);
    const s = await appWith(wrong);
    try {
      const res = await s.get(`/api/tickets/${first.id}`);
      expect(res.statusCode).toBe(500);
      expect(res.json().message).toContain('个人信息无法解密');
    } finally {
      await s.app.close();
    }
  });
});
