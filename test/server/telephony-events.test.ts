import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTelephonyBody, TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from '../../src/server/telephony/signature.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';

/**
 * 话务事件 (issue 14 item 1): the telephone platform's signed posts become one call record per call,
 * whatever the order or the number of times they arrive. Through HTTP; the records read back by the
 * leader through GET /api/telephony/calls.
 */
const SECRET = 'test-telephony-secret-0123456789abcdef';
const NOW = '2026-11-23T09:30:00+08:00';
const nowSeconds = () => String(Math.floor(Date.parse(NOW) / 1000));
let t: TestApp;
const logs: string[] = [];

beforeAll(async () => {
  t = await buildTestApp({ now: NOW, server: { telephonyEventsSecret: SECRET, logger: { stream: { write: (l: string) => void logs.push(l) } } } });
});
afterAll(() => t.close());

function post(body: unknown, opts: { secret?: string; timestamp?: string; signature?: string | null; raw?: string } = {}) {
  const payload = opts.raw ?? JSON.stringify(body);
  const ts = opts.timestamp ?? nowSeconds();
  const signature = opts.signature === undefined ? signTelephonyBody(opts.secret ?? SECRET, ts, payload) : opts.signature;
  return t.app.inject({
    method: 'POST',
    url: '/api/telephony/events',
    headers: { 'content-type': 'application/json', [TELEPHONY_TIMESTAMP_HEADER]: ts, ...(signature ? { [TELEPHONY_SIGNATURE_HEADER]: signature } : {}) },
    payload,
  });
}

async function callRecord(callId: string) {
  const res = await t.as('leader').get('/api/telephony/calls?limit=500');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Array<Record<string, unknown>>).find((c) => c.callId === callId);
}

const ev = (callId: string, kind: string, at: string, extra: Record<string, unknown> = {}) => ({ kind, callId, at, ...extra });

describe('POST /api/telephony/events: signature and replay', () => {
  it('accepts a signed event; refuses a wrong secret, a changed body, a missing signature (401)', async () => {
    const body = ev('sig-1', 'ringing', '2026-11-23T09:29:00+08:00', { caller: '13900002222', dialled: '12345', queue: 'general', extension: '8001' });
    const ok = await post(body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ duplicate: false, callId: 'sig-1', outcome: 'ringing' });

    expect((await post(body, { secret: 'another-secret' })).statusCode).toBe(401);
    expect((await post(body, { signature: null })).statusCode).toBe(401);
    const signed = signTelephonyBody(SECRET, nowSeconds(), JSON.stringify(body));
    const tampered = await post(null, { raw: JSON.stringify({ ...body, extension: '8002' }), signature: signed });
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json().error).toBe('bad_signature');
    // signed but not JSON: the platform is told so, in Chinese, and nothing is kept
    const broken = await post(null, { raw: '{"callId": "sig-x", ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: 'bad_json', message: '请求体不是有效的 JSON' });
  });

  it('a timestamp more than 5 minutes off the app clock is a replay (401); within 5 minutes passes', async () => {
    const body = ev('sig-2', 'ringing', '2026-11-23T09:29:00+08:00');
    const old = String(Number(nowSeconds()) - 301);
    const stale = await post(body, { timestamp: old });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error).toBe('stale_timestamp');
    expect((await post(body, { timestamp: String(Number(nowSeconds()) + 400) })).statusCode).toBe(401);
    // the timestamp is inside the signature: a fresh timestamp on a captured signature fails
    const captured = signTelephonyBody(SECRET, old, JSON.stringify(body));
    expect((await post(body, { timestamp: nowSeconds(), signature: captured })).statusCode).toBe(401);
    expect((await post(body, { timestamp: String(Number(nowSeconds()) - 290) })).statusCode).toBe(200);
  });

  it('signed but malformed: 422 in Chinese; no call id on a call event is refused', async () => {
    const res = await post({ kind: 'ringing', at: '2026-11-23T09:29:00+08:00' });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toContain('callId');
    expect((await post({ kind: 'hangup', callId: 'x', at: '2026-11-23T09:29:00+08:00' })).statusCode).toBe(422);
  });
});

describe('call records (CDR): duplicates and out of order give one record', () => {
  const events = (id: string) => [
    ev(id, 'ringing', '2026-11-23T09:00:00+08:00', { caller: '13900003333', dialled: '12345', queue: 'general', extension: '8001' }),
    ev(id, 'answered', '2026-11-23T09:00:12+08:00', { extension: '8001' }),
    ev(id, 'ended', '2026-11-23T09:03:12+08:00', { recording: `rec/${id}.wav` }),
  ];

  it('凉山 第十条 接通率: in order, reversed and with every event twice, the same answered call — wait 12 s, talk 180 s', async () => {
    for (const e of events('cdr-in-order')) expect((await post(e)).statusCode).toBe(200);
    const reversed = [...events('cdr-reversed')].reverse();
    for (const e of [...reversed, ...reversed]) expect((await post(e)).statusCode).toBe(200);
    const dup = await post(events('cdr-reversed')[1]);
    expect(dup.json()).toMatchObject({ duplicate: true });

    const a = await callRecord('cdr-in-order');
    const b = await callRecord('cdr-reversed');
    expect(a).toMatchObject({ outcome: 'answered', waitSeconds: 12, talkSeconds: 180, dialled: '12345', queue: 'general', extension: '8001', recording: 'rec/cdr-in-order.wav', caller: '139****3333' });
    expect(a!.offeredAt).toBe('2026-11-23T09:00:00+08:00');
    expect(a!.answeredAt).toBe('2026-11-23T09:00:12+08:00');
    expect(a!.endedAt).toBe('2026-11-23T09:03:12+08:00');
    const { callId: _a, recording: _ra, ...restA } = a!;
    const { callId: _b, recording: _rb, ...restB } = b!;
    expect(restB).toEqual(restA);
    const { rows } = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM call_events WHERE call_id = 'cdr-reversed'`);
    expect(Number(rows[0]!.n)).toBe(3);
  });

  it('a caller who hangs up in the queue abandoned the call (not counted as 接通), whether told "abandoned" or only "ended"', async () => {
    await post(ev('cdr-abandon', 'abandoned', '2026-11-23T09:10:40+08:00'));
    await post(ev('cdr-abandon', 'ringing', '2026-11-23T09:10:00+08:00', { caller: '13900004444', queue: 'general' }));
    expect(await callRecord('cdr-abandon')).toMatchObject({ outcome: 'abandoned', waitSeconds: 40, talkSeconds: null, answeredAt: null });
    await post(ev('cdr-ended-only', 'ended', '2026-11-23T09:11:05+08:00'));
    await post(ev('cdr-ended-only', 'ringing', '2026-11-23T09:11:00+08:00'));
    expect(await callRecord('cdr-ended-only')).toMatchObject({ outcome: 'abandoned', waitSeconds: 5 });
  });

  it('重庆 第十二条（一） 转接 and 凉山 第十一条 三方通话: each transfer and conference kept once, in order', async () => {
    const id = 'cdr-transfer';
    const all = [
      ev(id, 'ringing', '2026-11-23T09:20:00+08:00', { extension: '8001' }),
      ev(id, 'answered', '2026-11-23T09:20:05+08:00', { extension: '8001' }),
      ev(id, 'conference', '2026-11-23T09:21:00+08:00', { target: '12366' }),
      ev(id, 'transferred', '2026-11-23T09:22:00+08:00', { target: 'expert-tax' }),
      ev(id, 'ended', '2026-11-23T09:25:05+08:00'),
    ];
    for (const e of [all[3], all[4], all[0], all[2], all[3], all[1]]) expect((await post(e!)).statusCode).toBe(200);
    const rec = await callRecord(id);
    expect(rec).toMatchObject({ outcome: 'answered', waitSeconds: 5, talkSeconds: 300, conference: true });
    expect((rec!.transfers as Array<{ target: string; kind: string }>).map((x) => `${x.kind}:${x.target}`)).toEqual(['conference:12366', 'transferred:expert-tax']);
  });

  it('agent_state is kept once per extension and time', async () => {
    const s = { kind: 'agent_state', extension: '8001', state: 'ready', at: '2026-11-23T08:59:00+08:00' };
    expect((await post(s)).json()).toMatchObject({ duplicate: false });
    expect((await post(s)).json()).toMatchObject({ duplicate: true });
  });

  it('the caller\'s number is sealed at rest and never in the logs', async () => {
    const { rows } = await t.db.query<{ caller_phone: string }>(`SELECT caller_phone FROM calls WHERE call_id = 'cdr-in-order'`);
    expect(rows[0]!.caller_phone).not.toContain('13900003333');
    const all = logs.join('\n');
    expect(all).toContain('/api/telephony/events');
    for (const n of ['13900002222', '13900003333', '13900004444']) expect(all).not.toContain(n);
  });
});

describe('话务统计 (issue 14 item 4)', () => {
  it('凉山 第十条 接通率 and the 15-second answer over the calls above, by day and by half-hour; a handler gets 403', async () => {
    const res = await t.as('analyst').get('/api/telephony/stats?from=2026-11-23&to=2026-11-23&by=day');
    expect(res.statusCode, res.body).toBe(200);
    const { total, groups, target } = res.json();
    // sig-1, sig-2 still ringing; cdr-in-order, cdr-reversed, cdr-transfer answered; cdr-abandon, cdr-ended-only abandoned
    expect(total).toMatchObject({ offered: 7, answered: 3, abandoned: 2, answeredWithin15: 3 });
    expect(total.answerRate).toBeCloseTo(3 / 7, 12);
    expect(total.answerRate15).toBeCloseTo(3 / 7, 12);
    expect(total.avgWaitSeconds).toBeCloseTo((12 + 12 + 5) / 3, 9);
    expect(total.avgTalkSeconds).toBeCloseTo((180 + 180 + 300) / 3, 9);
    expect(groups).toHaveLength(1);
    expect(target.answerRate).toBe(0.95);
    const halves = (await t.as('leader').get('/api/telephony/stats?from=2026-11-23&to=2026-11-23&by=halfhour')).json().groups;
    expect(halves.map((g: { key: string; offered: number }) => `${g.key}:${g.offered}`)).toEqual(['09:00:7']);
    expect((await t.as('handler1').get('/api/telephony/stats?from=2026-11-23&to=2026-11-23')).statusCode).toBe(403);
    // exportable: the same figures as a workbook, the export audited
    const xlsx = await t.as('analyst').get('/api/telephony/stats.xlsx?from=2026-11-23&to=2026-11-23&by=month');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await t.as('handler1').get('/api/telephony/stats.xlsx?from=2026-11-23&to=2026-11-23')).statusCode).toBe(403);
    const { rows } = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'analytics.export' AND object_type = 'call-stats'`);
    expect(Number(rows[0]!.n)).toBe(1);
    expect((await t.as('analyst').get('/api/telephony/stats?from=2026-11-23&to=2026-11-01')).statusCode).toBe(422);
  });
});

describe('switched off', () => {
  it('without TELEPHONY_EVENTS_SECRET the route answers 404 and stores nothing', async () => {
    const off = await buildTestApp({ now: NOW });
    try {
      const payload = JSON.stringify(ev('off-1', 'ringing', '2026-11-23T09:29:00+08:00'));
      const res = await off.app.inject({
        method: 'POST',
        url: '/api/telephony/events',
        headers: { 'content-type': 'application/json', [TELEPHONY_TIMESTAMP_HEADER]: nowSeconds(), [TELEPHONY_SIGNATURE_HEADER]: signTelephonyBody(SECRET, nowSeconds(), payload) },
        payload,
      });
      expect(res.statusCode).toBe(404);
      const { rows } = await off.db.query<{ n: string }>('SELECT count(*) AS n FROM calls');
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await off.close();
    }
  });
});
