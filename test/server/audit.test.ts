import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chainPending } from '../../src/server/audit/chain.ts';
import { sealHead } from '../../src/server/audit/seal.ts';
import { verifyAudit } from '../../src/server/audit/verify.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

let t: TestApp;
let jiefangbei: string;
const sealsDir = mkdtempSync(join(tmpdir(), 'o12345-seals-'));

beforeAll(async () => {
  t = await buildTestApp();
  jiefangbei = await t.unitId('解放碑街道办事处');
});
afterAll(async () => {
  await t.close();
  rmSync(sealsDir, { recursive: true, force: true });
});

async function dispatched(body: Record<string, unknown> = {}) {
  const c = (await t.as('agent').post('/api/tickets', newTicket(body))).json();
  await t.as('dispatcher').act(c.id, 'dispatch', { units: [{ unitId: jiefangbei, role: 'lead' }] });
  return c.id as string;
}

interface Item { action: string; actorName: string; actorUnit: string | null; clientAddress: string | null; ticketId: string | null; ticketNumber: string | null; caller: string | null; objectId: string | null; detail: Record<string, unknown> }
async function records(query = ''): Promise<Item[]> {
  const r = await t.as('auditor').get(`/api/audit?pageSize=200${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items;
}

/** What an attacker with the database owner's rights does first: switch the guard off. */
async function tamper(sql: string, params: unknown[] = []) {
  await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  try {
    await t.db.query(sql, params);
  } finally {
    await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  }
}

describe('what is recorded', () => {
  it('every ticket action, with who, from where and which ticket', async () => {
    const id = await dispatched();
    await t.as('handler1').act(id, 'sign');
    const items = await records(`&ticket=${id}`);
    const actions = items.map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['ticket.register', 'ticket.dispatch', 'ticket.sign']));
    const sign = items.find((i) => i.action === 'ticket.sign')!;
    expect(sign).toMatchObject({ actorName: '解放碑街道 刘洋', actorUnit: '解放碑街道办事处', clientAddress: '127.0.0.1', ticketId: id, caller: '138****1234' });
  });

  it('reads of personal data by anyone: center staff, units, a revealed phone, a caller lookup', async () => {
    const id = await dispatched();
    await t.as('supervisor').get(`/api/tickets/${id}`);
    await t.as('handler1').get(`/api/tickets/${id}`);
    await t.as('handler1').post(`/api/tickets/${id}/reveal-phone`, { reason: '回电核实位置' });
    await t.as('agent').get('/api/callers/13812341234');
    const items = await records(`&ticket=${id}`);
    const who = items.map((i) => `${i.action} ${i.actorName}`);
    expect(who).toEqual(expect.arrayContaining(['read.ticket 督办员赵敏', 'read.ticket 解放碑街道 刘洋', 'reveal-phone 解放碑街道 刘洋', 'read.caller-history 话务员王芳']));
    expect(items.find((i) => i.action === 'reveal-phone')!.detail).toEqual({ reason: '回电核实位置' });
    // filtered by the caller's phone: the same records are found
    const byPhone = await records('&phone=13812341234&action=reveal-phone');
    expect(byPhone.some((i) => i.ticketId === id)).toBe(true);
    // the audit log never holds the caller's phone in full
    const raw = await t.db.query("SELECT 1 FROM audit_log WHERE detail::text LIKE '%13812341234%'");
    expect(raw.rows).toHaveLength(0);
  });

  it('logins, successful and failed, with the client address', async () => {
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'visitor', password: 'wrong-password' }, remoteAddress: '10.1.2.3' });
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'visitor', password: 'demo12345' }, remoteAddress: '10.1.2.4' });
    const items = await records('&action=login');
    expect(items.find((i) => i.action === 'login.failure' && i.clientAddress === '10.1.2.3')).toMatchObject({ actorName: 'visitor' });
    expect(items.find((i) => i.action === 'login.success' && i.clientAddress === '10.1.2.4')).toMatchObject({ actorName: '回访员陈静', actorUnit: '12345政务服务便民热线中心' });
  });

  it('user and unit administration, refused attempts included, without passwords', async () => {
    const center = (await t.db.query<{ id: string }>("SELECT id FROM units WHERE kind = 'center'")).rows[0]!.id;
    const made = await t.as('admin').post('/api/admin/users', { username: 'newagent', displayName: '新话务员', unitId: center, roles: ['agent'], password: 'Xk9#mPq2vL' });
    expect(made.statusCode).toBe(201);
    expect((await t.as('agent').post('/api/admin/units', { parentId: center, name: '测试单位', kind: 'district' })).statusCode).toBe(403);
    const items = await records('&action=admin');
    const created = items.find((i) => i.action === 'admin.user.create' && i.actorName === '系统管理员')!;
    expect(created.detail).toMatchObject({ status: 201, body: { username: 'newagent', password: '***' } });
    expect(JSON.stringify(items)).not.toContain('Xk9#mPq2vL');
    expect(items.find((i) => i.action === 'admin.unit.create')).toMatchObject({ actorName: '话务员王芳', detail: { status: 403 } });
  });

  it('only the security officer reads the log, and reading it is itself recorded', async () => {
    expect((await t.as('admin').get('/api/audit')).statusCode).toBe(403);
    expect((await t.as('supervisor').get('/api/audit/export')).statusCode).toBe(403);
    const csv = await t.as('auditor').get('/api/audit/export?action=reveal-phone');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('查看完整电话');
    expect(csv.body).toContain('回电核实位置');
    const items = await records('&action=audit');
    expect(items.map((i) => i.action)).toEqual(expect.arrayContaining(['audit.read', 'audit.export']));
    expect((await t.as('auditor').get('/api/audit?from=2026-13-45')).statusCode).toBe(422);
  });

  it('the table refuses updates and deletes of its rows', async () => {
    await chainPending(t.db);
    await expect(t.db.query("UPDATE audit_log SET actor_name = 'x' WHERE seq = 2")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/180 days/);
  });
});

describe('audit verify', () => {
  // Each case breaks a copy of the chain and restores it afterwards.
  let snapshot: { audit: unknown[]; events: unknown[]; access: unknown[] };
  beforeEach(async () => {
    await dispatched();
    await chainPending(t.db);
    expect((await verifyAudit(t.db)).ok).toBe(true);
    snapshot = {
      audit: (await t.db.query('SELECT * FROM audit_log ORDER BY id')).rows,
      events: (await t.db.query('SELECT * FROM events ORDER BY id')).rows,
      access: (await t.db.query('SELECT * FROM access_log ORDER BY id')).rows,
    };
  });
  async function restore() {
    await tamper('DELETE FROM audit_log');
    await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await t.db.query("INSERT INTO audit_log SELECT * FROM jsonb_populate_recordset(NULL::audit_log, $1::jsonb)", [JSON.stringify(snapshot.audit)]);
    await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await t.db.query('DELETE FROM events');
    await t.db.query('INSERT INTO events SELECT * FROM jsonb_populate_recordset(NULL::events, $1::jsonb)', [JSON.stringify(snapshot.events)]);
    await t.db.query('DELETE FROM access_log');
    await t.db.query('INSERT INTO access_log SELECT * FROM jsonb_populate_recordset(NULL::access_log, $1::jsonb)', [JSON.stringify(snapshot.access)]);
  }
  const seqOf = async (where: string) => Number((await t.db.query<{ seq: string }>(`SELECT seq::text AS seq FROM audit_log WHERE ${where} ORDER BY audit_log.seq LIMIT 1`)).rows[0]!.seq);

  it('an edited record is named', async () => {
    const seq = await seqOf("action = 'ticket.dispatch'");
    await tamper("UPDATE audit_log SET actor_name = '别人' WHERE seq = $1", [seq]);
    const r = await verifyAudit(t.db);
    expect(r.ok).toBe(false);
    expect(r.first).toMatchObject({ kind: 'edited', seq });
    expect(r.first!.message).toContain(`第 ${seq} 条审计记录被篡改`);
    await restore();
  });

  it('a deleted record is named', async () => {
    const seq = await seqOf("action = 'ticket.register'");
    await tamper('DELETE FROM audit_log WHERE seq = $1', [seq]);
    const r = await verifyAudit(t.db);
    expect(r.first).toMatchObject({ kind: 'missing', seq });
    await restore();
  });

  it('two records swapped are named as reordered', async () => {
    const seq = await seqOf("action = 'ticket.register'");
    await tamper('UPDATE audit_log SET seq = -1 WHERE seq = $1', [seq]);
    await tamper('UPDATE audit_log SET seq = $1 WHERE seq = $2', [seq, seq + 1]);
    await tamper('UPDATE audit_log SET seq = $1 WHERE seq = -1', [seq + 1]);
    const r = await verifyAudit(t.db);
    expect(r.first).toMatchObject({ kind: 'reordered', seq });
    await restore();
  });

  it('timeline rows edited, deleted or swapped by SQL are named', async () => {
    const { rows } = await t.db.query<{ id: string; seq: string }>("SELECT row_id::text AS id, seq::text AS seq FROM audit_log WHERE row_table = 'events' ORDER BY audit_log.seq DESC LIMIT 2");
    const [last, before] = rows as [{ id: string; seq: string }, { id: string; seq: string }];
    await t.db.query(`UPDATE events SET data = '{"note":"改过"}' WHERE id = $1`, [before.id]);
    let r = await verifyAudit(t.db);
    expect(r.first).toMatchObject({ kind: 'row-edited', seq: Number(before.seq), table: 'events', rowId: before.id });
    await restore();
    await t.db.query('DELETE FROM events WHERE id = $1', [last.id]);
    r = await verifyAudit(t.db);
    expect(r.first).toMatchObject({ kind: 'row-missing', table: 'events', rowId: last.id });
    await restore();
    await t.db.query('UPDATE events SET id = -1 WHERE id = $1', [last.id]);
    await t.db.query('UPDATE events SET id = $1 WHERE id = $2', [last.id, before.id]);
    await t.db.query('UPDATE events SET id = $1 WHERE id = -1', [before.id]);
    r = await verifyAudit(t.db);
    expect(r.first).toMatchObject({ kind: 'row-reordered', seq: Number(before.seq), table: 'events' });
    await restore();
    await t.db.query("INSERT INTO events (ticket_id, action, actor_name, at, data) SELECT ticket_id, 'visit', '伪造', at, '{}' FROM events ORDER BY id DESC LIMIT 1");
    r = await verifyAudit(t.db);
    expect(r.problems.some((p) => p.kind === 'row-unrecorded' && p.table === 'events')).toBe(true);
    await restore();
  });

  it('an access-log row deleted by SQL is named', async () => {
    const id = await dispatched();
    await t.as('handler1').get(`/api/tickets/${id}`);
    await chainPending(t.db);
    await t.db.query('DELETE FROM access_log WHERE ticket_id = $1', [id]);
    const r = await verifyAudit(t.db);
    expect(r.first).toMatchObject({ kind: 'row-missing', table: 'access_log' });
    await restore();
  });

  it('a truncated tail is caught by the last seal; a rewritten chain by any seal', async () => {
    const seal = await sealHead(t.db, { dir: sealsDir, now: t.ctx.now() });
    expect(seal!.seq).toBeGreaterThan(3);
    expect((await verifyAudit(t.db, { sealsDir })).ok).toBe(true);
    await tamper('DELETE FROM audit_log WHERE seq > $1', [seal!.seq - 2]);
    const r = await verifyAudit(t.db, { sealsDir });
    expect(r.first).toMatchObject({ kind: 'truncated', seq: seal!.seq - 1 });
    expect(r.first!.message).toContain(`链头为第 ${seal!.seq} 条`);
    await restore();
    // the seal in the outbox alone is enough too
    await tamper('DELETE FROM audit_log WHERE seq > $1', [seal!.seq - 2]);
    expect((await verifyAudit(t.db)).first).toMatchObject({ kind: 'truncated' });
    await restore();
    // a forged seal file line that disagrees: the chain is reported rewritten
    writeFileSync(join(sealsDir, 'forged.jsonl'), `${JSON.stringify({ seq: 2, hash: 'sha256:00', at: 'x' })}\n`);
    expect((await verifyAudit(t.db, { sealsDir })).first).toMatchObject({ kind: 'rewritten', seq: 2 });
    rmSync(join(sealsDir, 'forged.jsonl'));
  });

  it('GET /api/audit/verify for the auditor and the admin', async () => {
    expect((await t.as('agent').get('/api/audit/verify')).statusCode).toBe(403);
    const r = await t.as('admin').get('/api/audit/verify');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, first: null });
  });
});
