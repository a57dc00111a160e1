import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 恶意、骚扰来电标记 through HTTP (重庆 第二十六条; 凉山 第九条（五）、第二十四条; 邵阳 第十条（九）、第二十九条):
 * proposed by one person, reviewed by a second supervisor, in force for the configured days by the app's
 * clock, revocable, with the referral to 公安机关/司法机关; the agent is warned and the call never refused.
 * Every change is audited; the number never appears in clear in a record or a log line.
 */

let t: TestApp;
const log: string[] = [];
const PHONE = '13977771234';
const MASKED = '139****1234';

beforeAll(async () => {
  t = await buildTestApp({ server: { logger: { stream: { write: (line: string) => void log.push(line) } } } });
  await t.addUser('supervisor2', '12345政务服务便民热线中心', ['supervisor']);
});
afterAll(() => t.close());

const warning = async () => (await t.as('agent').get(`/api/caller-marks/${PHONE}`)).json().misuse;

describe('proposal and review by a second person (邵阳 第二十九条, 重庆 第二十六条)', () => {
  let markId: string;

  it('refuses who may not propose (403) and bad proposals (422 in Chinese)', async () => {
    for (const user of ['agent', 'visitor', 'handler1']) {
      expect((await t.as(user).post('/api/misuse-marks', { phone: PHONE, kind: 'abusive', reason: '多次辱骂话务员' })).statusCode, user).toBe(403);
    }
    const neither = await t.as('dispatcher').post('/api/misuse-marks', { kind: 'abusive', reason: '多次辱骂话务员' });
    expect(neither.statusCode).toBe(422);
    expect(neither.json().message).toContain('请给出来电号码或工单');
    const short = await t.as('dispatcher').post('/api/misuse-marks', { phone: PHONE, kind: 'abusive', reason: '骂人' });
    expect(short.json().message).toContain('标记理由至少 4 个字');
    const kind = await t.as('dispatcher').post('/api/misuse-marks', { phone: PHONE, kind: 'rude', reason: '多次辱骂话务员' });
    expect(kind.statusCode).toBe(422);
    expect(kind.json().message).toContain('情形应为');
    const anonymous = (await t.as('agent').post('/api/tickets', newTicket({ anonymous: true, caller: {} }))).json();
    const none = await t.as('dispatcher').post('/api/misuse-marks', { ticketId: anonymous.id, kind: 'repeated', reason: '一天内反复拨打二十次' });
    expect(none.json().message).toContain('没有来电号码');
  });

  it('邵阳 第二十九条: the dispatcher proposes from a ticket; no warning until a second person, a supervisor, approves', async () => {
    const ticket = (await t.as('agent').post('/api/tickets', newTicket({ caller: { name: '某人', phone: PHONE }, content: '来电辱骂话务员，无实质诉求' }))).json();
    const res = await t.as('dispatcher').post('/api/misuse-marks', { ticketId: ticket.id, kind: 'abusive', reason: '连续三天来电辱骂、威胁话务员，经劝阻无效' });
    expect(res.statusCode, res.body).toBe(201);
    const mark = res.json();
    markId = mark.id;
    expect(mark).toMatchObject({ phone: MASKED, state: 'proposed', stateLabel: '待审核', kindLabel: '骚扰、侮辱、威胁热线工作人员', ticket: { id: ticket.id, number: ticket.number } });
    expect(mark.basis).toMatch(/邵阳 .*第二十九条/);
    expect(await warning()).toBeNull();
    // one proposal waiting per number
    const twice = await t.as('supervisor').post('/api/misuse-marks', { phone: '+86 139 7777 1234', kind: 'repeated', reason: '反复拨打占用线路' });
    expect(twice.statusCode).toBe(409);
    // the dispatcher does not review; nor does anyone review their own proposal
    expect((await t.as('dispatcher').post(`/api/misuse-marks/${markId}/approve`, {})).statusCode).toBe(403);
    expect((await t.as('agent').post(`/api/misuse-marks/${markId}/approve`, {})).statusCode).toBe(403);
    const own = await t.as('supervisor').post('/api/misuse-marks', { phone: '13600001234', kind: 'repeated', reason: '反复拨打占用线路' });
    const self = await t.as('supervisor').post(`/api/misuse-marks/${own.json().id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().message).toContain('另一名督办员');
    const rejected = await t.as('supervisor2').post(`/api/misuse-marks/${own.json().id}/reject`, {});
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().message).toContain('请写明不予通过的理由');
    expect((await t.as('supervisor2').post(`/api/misuse-marks/${own.json().id}/reject`, { note: '仅两次来电，尚不构成恶意' })).json()).toMatchObject({ state: 'rejected', reviewedBy: 'supervisor2' });
    expect((await t.as('agent').get('/api/caller-marks/13600001234')).json().misuse).toBeNull();

    const approved = await t.as('supervisor').post(`/api/misuse-marks/${markId}/approve`, { note: '核实录音属实' });
    expect(approved.statusCode, approved.body).toBe(200);
    // 180 days (MISUSE_MARK_DAYS) from the app's clock, 2026-11-23 09:30
    expect(approved.json()).toMatchObject({ state: 'active', reviewedBy: expect.any(String), expiresAt: '2027-05-22T09:30:00+08:00' });
    expect((await t.as('supervisor2').post(`/api/misuse-marks/${markId}/approve`, {})).statusCode).toBe(409);
  });

  it('重庆 第二十六条: while in force the agent is warned when the number calls — and the call is registered as always', async () => {
    expect(await warning()).toMatchObject({ id: markId, kindLabel: '骚扰、侮辱、威胁热线工作人员', expiresAt: '2027-05-22T09:30:00+08:00', referred: false });
    const call = await t.as('agent').post('/api/tickets', newTicket({ caller: { phone: PHONE }, content: '小区门口下水道堵塞，污水外溢' }));
    expect(call.statusCode).toBe(201);
    // a second mark while one is in force: refused
    expect((await t.as('supervisor2').post('/api/misuse-marks', { phone: PHONE, kind: 'repeated', reason: '再次反复拨打' })).statusCode).toBe(409);
  });

  it('凉山 第二十四条, 邵阳 第二十九条: the referral to 公安机关 or 司法机关 is recorded on an approved mark', async () => {
    const bad = await t.as('dispatcher').post(`/api/misuse-marks/${markId}/referrals`, { to: 'court', on: '2026-11-23' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toContain('公安机关');
    expect((await t.as('agent').post(`/api/misuse-marks/${markId}/referrals`, { to: 'police', on: '2026-11-23' })).statusCode).toBe(403);
    const res = await t.as('dispatcher').post(`/api/misuse-marks/${markId}/referrals`, { to: 'police', on: '2026-11-23', reference: '渝公（解）受案字〔2026〕118号', note: '移交辖区派出所' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().referrals).toEqual([expect.objectContaining({ to: 'police', toLabel: '公安机关', on: '2026-11-23', reference: '渝公（解）受案字〔2026〕118号', by: expect.any(String) })]);
    expect((await warning()).referred).toBe(true);
    const waiting = await t.as('supervisor').post('/api/misuse-marks', { phone: '13500001234', kind: 'fabricated', reason: '捏造事实诬告他人' });
    expect((await t.as('dispatcher').post(`/api/misuse-marks/${waiting.json().id}/referrals`, { to: 'judicial', on: '2026-11-23' })).statusCode).toBe(409);
  });

  it('the mark lapses by the app’s clock, never the database’s: 181 days on, no warning and the list says 已到期', async () => {
    t.setNow('2027-05-22T09:29:00+08:00');
    expect(await warning()).not.toBeNull();
    t.setNow('2027-05-22T09:30:00+08:00');
    expect(await warning()).toBeNull();
    const expired = (await t.as('supervisor').get('/api/misuse-marks?state=expired')).json();
    expect(expired.items.map((m: { id: string }) => m.id)).toEqual([markId]);
    expect(expired.items[0]).toMatchObject({ state: 'expired', stateLabel: '已到期', phone: MASKED });
    expect((await t.as('supervisor').get('/api/misuse-marks?state=active')).json().items).toEqual([]);
    expect((await t.as('supervisor2').post(`/api/misuse-marks/${markId}/revoke`, { reason: '已到期的标记不能撤销' })).statusCode).toBe(409);
    // a new proposal for the number may now be made
    expect((await t.as('dispatcher').post('/api/misuse-marks', { phone: PHONE, kind: 'repeated', reason: '到期后再次反复拨打' })).statusCode).toBe(201);
  });

  it('a supervisor revokes a mark in force with a reason; the list is for the center’s supervisors, dispatchers and administrators', async () => {
    const waiting = (await t.as('supervisor').get('/api/misuse-marks?state=proposed')).json().items.find((m: { phone: string }) => m.phone === MASKED);
    await t.as('supervisor2').post(`/api/misuse-marks/${waiting.id}/approve`, {});
    expect(await warning()).not.toBeNull();
    expect((await t.as('supervisor').post(`/api/misuse-marks/${waiting.id}/revoke`, { reason: '无' })).statusCode).toBe(422);
    const revoked = await t.as('supervisor').post(`/api/misuse-marks/${waiting.id}/revoke`, { reason: '来电人已书面道歉，经研究撤销' });
    expect(revoked.json()).toMatchObject({ state: 'revoked', revokeReason: '来电人已书面道歉，经研究撤销' });
    expect(await warning()).toBeNull();
    for (const user of ['agent', 'visitor', 'handler1', 'leader']) expect((await t.as(user).get('/api/misuse-marks')).statusCode, user).toBe(403);
    expect((await t.as('handler1').get(`/api/caller-marks/${PHONE}`)).statusCode).toBe(403);
  });

  it('every change is an audit record with the number masked; no log line or record holds the number in clear', async () => {
    const { rows } = await t.db.query<{ action: string; detail: string }>("SELECT action, detail::text AS detail FROM audit_log WHERE action LIKE 'misuse.%' ORDER BY id");
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['misuse.propose', 'misuse.approve', 'misuse.reject', 'misuse.referral', 'misuse.revoke']));
    for (const r of rows) expect(r.detail).not.toContain(PHONE);
    expect(rows.some((r) => r.detail.includes(MASKED))).toBe(true);
    const all = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE detail::text LIKE '%${PHONE}%'`);
    expect(all.rows[0]!.n).toBe(0);
    const stored = await t.db.query<{ row: string }>('SELECT row_to_json(m)::text AS row FROM misuse_marks m');
    for (const r of stored.rows) expect(r.row).not.toContain(PHONE);
    expect(log.length).toBeGreaterThan(0);
    expect(log.join('\n')).not.toContain(PHONE);
  });
});
