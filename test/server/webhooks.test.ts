import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_LABELS } from '../../src/core/ticket/timeline.ts';
import { retryDelayMs, WEBHOOK_AUTO_PAUSE_AFTER, WEBHOOK_KIND_ACTIONS, WEBHOOK_KINDS, WEBHOOK_MAX_ATTEMPTS } from '../../src/core/webhooks/kinds.ts';
import { runWebhooks } from '../../src/server/integration/webhooks/job.ts';
import { checkTelephonySignature } from '../../src/server/telephony/signature.ts';
import { buildTestApp, CALLER, newTicket, type TestApp } from '../helpers.ts';

/**
 * Webhooks out (issue 15 item 2): the hotline pushes its tickets' events to units' own systems in
 * real time (重庆 第二十一条, 凉山 第十八条, 邵阳 第五条（五） 信息共享) — signed, retried with back-off on the
 * app's clock, logged, replayable, paused when an endpoint keeps failing, and never showing a unit
 * more of the caller than its people see. A local HTTP receiver answers as each test tells it.
 */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let t: TestApp;
let receiver: Server;
let base: string;
const received: Received[] = [];
/** Status codes to answer per path, in turn; 200 once the list is used up (or always `fallback`). */
const script = new Map<string, { next: number[]; fallback: number }>();
const NOW = '2026-11-23T09:30:00+08:00';
let now = Date.parse(NOW);
const advance = (ms: number) => {
  now += ms;
  t.setNow(new Date(now).toISOString());
};
const at = (path: string) => received.filter((r) => r.path === path);
const run = () => runWebhooks(t.ctx, { timeoutMs: 3000 });

beforeAll(async () => {
  t = await buildTestApp({ now: NOW });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const s = script.get(path);
      res.statusCode = s?.next.shift() ?? s?.fallback ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await t?.close();
});

async function subscribe(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await t.as('admin').post('/api/admin/webhooks', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function register(content: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.as('agent').post('/api/tickets', newTicket({ content, ...extra }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function dispatch(id: string, unitName: string) {
  const res = await t.as('dispatcher').act(id, 'dispatch', { units: [{ unitId: await t.unitId(unitName), role: 'lead' }] });
  expect(res.statusCode, res.body).toBe(200);
}
async function deliveries(subscriptionId: string) {
  const res = await t.as('admin').get(`/api/admin/webhooks/${subscriptionId}/deliveries?pageSize=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<{ id: string; kind: string; state: string; attempts: number; nextAttemptAt: string | null; ticket: { id: string }; log: Array<Record<string, unknown>> }>;
}

describe('webhook kinds', () => {
  it('every action a kind is made of is one the timeline writes', () => {
    for (const k of WEBHOOK_KINDS) for (const a of WEBHOOK_KIND_ACTIONS[k]) expect(EVENT_LABELS[a], `${k}: ${a}`).toBeTruthy();
  });
  it('back-off doubles from 30 s and stops at 6 hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(6 * 3_600_000);
  });
});

describe('重庆 第二十一条 / 凉山 第十八条 / 邵阳 第五条（五） 实时推送: signed, retried with back-off, replayable', () => {
  it('a delivery refused once is retried after the back-off on the app clock, with the same id and body, signed over timestamp.body; then replayed from the log', async () => {
    script.set('/center', { next: [500], fallback: 200 });
    const sub = await subscribe({ name: '市城运中心', url: `${base}/center`, kinds: ['registered', 'dispatched'] });
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // the secret is shown once: not on the list, and not in the table as it was given
    const list = await t.as('admin').get('/api/admin/webhooks');
    expect(list.body).not.toContain(sub.secret);
    const { rows } = await t.db.query<{ secret: string }>('SELECT secret FROM webhook_subscriptions WHERE id = $1', [sub.id]);
    expect(rows[0]!.secret).not.toContain(sub.secret.slice(6));
    expect(t.ctx.vault.open(rows[0]!.secret)).toBe(sub.secret);

    const id = await register('WEBHOOK-RETRY 新华路路灯不亮已经一周了');
    expect(await run()).toMatchObject({ made: 1, delivered: 0, failed: 1 });
    let [d] = await deliveries(sub.id);
    expect(d).toMatchObject({ kind: 'registered', state: 'pending', attempts: 1, ticket: { id } });
    expect(d!.log).toMatchObject([{ attempt: 1, ok: false, status: 500, error: 'HTTP 500' }]);
    expect(Date.parse(d!.nextAttemptAt!) - now).toBe(retryDelayMs(1));

    // not before its time
    advance(retryDelayMs(1) - 1000);
    await run();
    expect(at('/center')).toHaveLength(1);
    advance(1000);
    expect(await run()).toMatchObject({ delivered: 1, failed: 0 });
    [d] = await deliveries(sub.id);
    expect(d).toMatchObject({ state: 'delivered', attempts: 2, nextAttemptAt: null });
    expect(d!.log).toMatchObject([{ ok: false, status: 500 }, { attempt: 2, ok: true, status: 200, error: null, replayBy: null }]);
    expect(typeof d!.log[1]!.durationMs).toBe('number');

    const [first, second] = at('/center');
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['x-open12345-delivery']).toBe(d!.id);
    expect(first!.headers['x-open12345-delivery']).toBe(d!.id);
    expect(second!.headers['x-open12345-event']).toBe('registered');
    // the receiver checks it exactly as POST /api/telephony/events is checked
    expect(second!.headers['x-open12345-timestamp']).toBe(String(Math.floor(now / 1000)));
    const headers = { signature: String(second!.headers['x-open12345-signature']), timestamp: String(second!.headers['x-open12345-timestamp']) };
    expect(headers.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(checkTelephonySignature(sub.secret, second!.body, headers, now)).toBe('ok');
    expect(checkTelephonySignature('whsec_another', second!.body, headers, now)).toBe('bad_signature');
    const payload = JSON.parse(second!.body);
    expect(payload).toMatchObject({ id: d!.id, kind: 'registered', kindLabel: '登记', event: { action: 'register' }, ticket: { id, status: 'registered' } });
    expect(payload.ticket.access).toBeUndefined();

    const replay = await t.as('admin').post(`/api/admin/webhooks/deliveries/${d!.id}/replay`);
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json()).toMatchObject({ ok: true, status: 200 });
    const third = at('/center')[2]!;
    expect(third.body).toBe(first!.body);
    expect(third.headers['x-open12345-delivery']).toBe(d!.id);
    expect(checkTelephonySignature(sub.secret, third.body, { signature: String(third.headers['x-open12345-signature']), timestamp: String(third.headers['x-open12345-timestamp']) }, now)).toBe('ok');
    [d] = await deliveries(sub.id);
    expect(d!.log.at(-1)).toMatchObject({ attempt: 3, ok: true, replayBy: expect.any(String) });
    const audited = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'webhook.%' ORDER BY id");
    expect(audited.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['webhook.create', 'webhook.replay']));
    // the dispatch is its own delivery
    await dispatch(id, '解放碑街道办事处');
    await run();
    expect((await deliveries(sub.id)).map((x) => x.kind)).toEqual(['dispatched', 'registered']);
    await t.as('admin').post(`/api/admin/webhooks/${sub.id}/pause`, { reason: '测试结束' });
  });
});

describe('重庆 第二十一条 / 凉山 第十八条: a unit hears only of its subtree, and sees the caller as its people do (重庆 第二十二条)', () => {
  it('a district subscription gets its street office\'s tickets, not another district\'s, and not before dispatch', async () => {
    const sub = await subscribe({ name: '渝中区网格化平台', url: `${base}/yuzhong`, kinds: ['registered', 'dispatched', 'signed'], unitId: await t.unitId('渝中区') });
    const mine = await register('WEBHOOK-SUBTREE-MINE 新华路井盖缺失');
    const other = await register('WEBHOOK-SUBTREE-OTHER 观音桥菜市场缺斤少两');
    // dispatched a minute later: the registration came before the district held any share
    advance(60_000);
    await dispatch(mine, '解放碑街道办事处');
    await dispatch(other, '江北区市场监督管理局');
    expect((await t.as('handler1').act(mine, 'sign')).statusCode).toBe(200);
    await run();
    const got = at('/yuzhong').map((r) => JSON.parse(r.body) as { kind: string; ticket: { id: string } });
    expect(got.map((p) => [p.kind, p.ticket.id])).toEqual([
      ['dispatched', mine],
      ['signed', mine],
    ]);
    expect(at('/yuzhong').some((r) => r.body.includes('WEBHOOK-SUBTREE-OTHER'))).toBe(false);
    await t.as('admin').post(`/api/admin/webhooks/${sub.id}/pause`);
  });

  it('a unit\'s payload carries the phone masked and the center\'s in full; stored sealed either way; the read is in the access log', async () => {
    const unitSub = await subscribe({ name: '解放碑街道系统', url: `${base}/street`, kinds: ['dispatched'], unitId: await t.unitId('解放碑街道办事处') });
    const centerSub = await subscribe({ name: '热线数据仓', url: `${base}/warehouse`, kinds: ['dispatched'] });
    const id = await register('WEBHOOK-MASK 解放碑步行街噪音扰民');
    await dispatch(id, '解放碑街道办事处');
    await run();
    const unitBody = at('/street').find((r) => r.body.includes(id))!.body;
    const centerBody = at('/warehouse').find((r) => r.body.includes(id))!.body;
    expect(unitBody).not.toContain(CALLER.phone);
    expect(unitBody).not.toContain(CALLER.name);
    expect(JSON.parse(unitBody).ticket.caller).toEqual({ name: '张**', phone: '138****1234' });
    expect(JSON.parse(centerBody).ticket.caller).toEqual(CALLER);
    const { rows } = await t.db.query<{ body: string }>('SELECT body FROM webhook_deliveries WHERE ticket_id = $1', [id]);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) expect(r.body).not.toContain(CALLER.phone);
    const log = await t.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM access_log l JOIN webhook_subscriptions s ON s.account_id = l.user_id WHERE s.id = $1 AND l.ticket_id = $2',
      [unitSub.id, id],
    );
    expect(Number(log.rows[0]!.n)).toBe(1);
    for (const s of [unitSub, centerSub]) await t.as('admin').post(`/api/admin/webhooks/${s.id}/pause`);
  });

  it('the unit a complaint is about learns nothing of who complained (邵阳 第二十三条)', async () => {
    const market = await t.unitId('江北区市场监督管理局');
    const sub = await subscribe({ name: '江北区市场监管系统', url: `${base}/subject`, kinds: ['dispatched'], unitId: market });
    const id = await register('WEBHOOK-SUBJECT 执法人员态度恶劣', { type: 'complaint', subjectUnitId: market });
    await dispatch(id, '江北区市场监督管理局');
    await run();
    const body = at('/subject').find((r) => r.body.includes(id))!.body;
    expect(JSON.parse(body).ticket.caller).toBeNull();
    expect(body).not.toContain('138****');
    expect(body).not.toContain(CALLER.phone);
    await t.as('admin').post(`/api/admin/webhooks/${sub.id}/pause`);
  });
});

describe('重庆 第二十一条: an endpoint that keeps failing is paused with its reason, and the duty leader is told', () => {
  it(`after ${WEBHOOK_AUTO_PAUSE_AFTER} failures in a row the subscription pauses itself; resumed, what waited goes out`, async () => {
    script.set('/down', { next: [], fallback: 503 });
    const sub = await subscribe({ name: '故障系统', url: `${base}/down`, kinds: ['registered'] });
    await register('WEBHOOK-DOWN-1 路面塌陷');
    await register('WEBHOOK-DOWN-2 路面积水');
    await run();
    // one try per back-off step for the whole endpoint, not one per waiting event
    expect(at('/down')).toHaveLength(1);
    for (let i = 1; i < WEBHOOK_AUTO_PAUSE_AFTER; i++) {
      advance(retryDelayMs(i));
      await run();
    }
    expect(at('/down')).toHaveLength(WEBHOOK_AUTO_PAUSE_AFTER);
    const listed = (await t.as('admin').get('/api/admin/webhooks')).json().items.find((s: { id: string }) => s.id === sub.id);
    expect(listed).toMatchObject({ state: 'paused', consecutiveFailures: WEBHOOK_AUTO_PAUSE_AFTER, actions: ['edit', 'resume'], paused: { automatic: true, by: '系统' } });
    expect(listed.paused.reason).toContain(`连续 ${WEBHOOK_AUTO_PAUSE_AFTER} 次投递失败`);
    expect(listed.paused.reason).toContain('HTTP 503');
    const alert = await t.db.query<{ body: string }>("SELECT body FROM outbox WHERE channel = 'alert' AND body LIKE '%故障系统%'");
    expect(alert.rows).toHaveLength(1);
    // the first delivery used up its tries; the second waited
    const ds = await deliveries(sub.id);
    expect(ds.map((d) => [d.state, d.attempts])).toEqual([
      ['pending', 0],
      ['failed', WEBHOOK_MAX_ATTEMPTS],
    ]);
    // paused: nothing is sent, however long it waits
    advance(24 * 3_600_000);
    await register('WEBHOOK-DOWN-3 井盖破损');
    await run();
    expect(at('/down')).toHaveLength(WEBHOOK_AUTO_PAUSE_AFTER);
    // the endpoint mended and the subscription resumed: the waiting ones go at once
    script.set('/down', { next: [], fallback: 200 });
    const resumed = await t.as('admin').post(`/api/admin/webhooks/${sub.id}/resume`);
    expect(resumed.json()).toMatchObject({ state: 'active', paused: null, consecutiveFailures: 0, actions: ['edit', 'pause'] });
    expect(await run()).toMatchObject({ delivered: 2, failed: 0 });
    // the one that gave up is replayed by hand
    const failed = (await deliveries(sub.id)).find((d) => d.state === 'failed')!;
    expect((await t.as('admin').post(`/api/admin/webhooks/deliveries/${failed.id}/replay`)).json()).toMatchObject({ ok: true });
    expect((await deliveries(sub.id)).every((d) => d.state === 'delivered')).toBe(true);
    await t.as('admin').post(`/api/admin/webhooks/${sub.id}/pause`);
  });
});

describe('重庆 第二十一条 / 凉山 第十八条: a unit\'s own system subscribes itself with an API key of scope webhooks', () => {
  const asKey = (key: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, remoteAddress: '10.9.7.1', ...(payload ? { payload } : {}) });

  it('within its own unit\'s subtree only: its subscriptions, its deliveries, its replays; others are 404, other units 422', async () => {
    const made = await t.as('admin').post('/api/admin/api-keys', { name: '渝中区数据平台', scopes: ['webhooks'], unitId: await t.unitId('渝中区') });
    expect(made.statusCode, made.body).toBe(201);
    const key = made.json().key as string;
    const own = await asKey(key, 'POST', '/api/webhooks', { name: '渝中区自订阅', url: `${base}/self`, kinds: ['dispatched'] });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ unit: { name: '渝中区' }, secret: expect.stringMatching(/^whsec_/) });
    const below = await asKey(key, 'POST', '/api/webhooks', { name: '解放碑街道（渝中区代订）', url: `${base}/self`, kinds: ['signed'], unitId: await t.unitId('解放碑街道办事处') });
    expect(below.statusCode, below.body).toBe(201);
    const elsewhere = await asKey(key, 'POST', '/api/webhooks', { name: '越权', url: `${base}/self`, kinds: ['signed'], unitId: await t.unitId('江北区市场监督管理局') });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().message).toBe('只能为本单位及下级单位订阅');
    const listed = (await asKey(key, 'GET', '/api/webhooks')).json().items as Array<{ id: string; unit: { name: string } }>;
    // its own two, and those the administrator made for units of its subtree (the tests above); nothing else
    expect(listed.map((x) => x.id)).toEqual(expect.arrayContaining([own.json().id, below.json().id]));
    expect(new Set(listed.map((x) => x.unit.name))).toEqual(new Set(['渝中区', '解放碑街道办事处']));
    // the center's subscriptions are not its business
    const centers = (await t.as('admin').get('/api/admin/webhooks')).json().items as Array<{ id: string; unit: { name: string } }>;
    const center = centers.find((x) => x.unit.name.includes('中心'))!;
    expect((await asKey(key, 'POST', `/api/webhooks/${center.id}/pause`)).statusCode).toBe(404);
    expect((await asKey(key, 'GET', `/api/webhooks/${center.id}/deliveries`)).statusCode).toBe(404);

    const id = await register('WEBHOOK-SELF 较场口路面坑洼');
    advance(60_000);
    await dispatch(id, '解放碑街道办事处');
    await run();
    const got = at('/self').filter((r) => r.body.includes(id));
    expect(got).toHaveLength(1);
    expect(checkTelephonySignature(own.json().secret, got[0]!.body, { signature: String(got[0]!.headers['x-open12345-signature']), timestamp: String(got[0]!.headers['x-open12345-timestamp']) }, now)).toBe('ok');
    const log = (await asKey(key, 'GET', `/api/webhooks/${own.json().id}/deliveries`)).json().items as Array<{ id: string; state: string }>;
    expect(log[0]).toMatchObject({ state: 'delivered' });
    expect((await asKey(key, 'POST', `/api/webhooks/deliveries/${log[0]!.id}/replay`)).json()).toMatchObject({ ok: true, status: 200 });
    const centerDelivery = (await deliveries(center.id))[0];
    if (centerDelivery) expect((await asKey(key, 'POST', `/api/webhooks/deliveries/${centerDelivery.id}/replay`)).statusCode).toBe(404);
    expect((await asKey(key, 'PUT', `/api/webhooks/${own.json().id}`, { kinds: ['dispatched', 'closed'] })).statusCode).toBe(200);
    expect((await asKey(key, 'POST', `/api/webhooks/${own.json().id}/pause`, { reason: '系统升级' })).json()).toMatchObject({ state: 'paused', paused: { reason: '系统升级', automatic: false } });
    // the key cannot reach the administrator's routes, and people use those, not these
    expect((await asKey(key, 'GET', '/api/admin/webhooks')).statusCode).toBe(403);
    expect((await t.as('admin').get('/api/webhooks')).statusCode).toBe(403);
    const reader = (await t.as('admin').post('/api/admin/api-keys', { name: '只读', scopes: ['tickets:read'] })).json().key as string;
    const refused = await asKey(reader, 'GET', '/api/webhooks');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('webhooks');
    const audited = await t.db.query<{ actor_name: string }>("SELECT actor_name FROM audit_log WHERE action = 'webhook.create' AND detail->>'name' = '渝中区自订阅'");
    expect(audited.rows[0]!.actor_name).toBe('渝中区数据平台');
    await asKey(key, 'POST', `/api/webhooks/${below.json().id}/pause`);
  });
});

describe('who may keep webhooks, and what is refused (403 / 422 in Chinese)', () => {
  it('only administrators: others get 403', async () => {
    for (const user of ['dispatcher', 'handler1', 'leader']) {
      expect((await t.as(user).get('/api/admin/webhooks')).statusCode, user).toBe(403);
      expect((await t.as(user).post('/api/admin/webhooks', { name: 'x', url: `${base}/x`, kinds: ['registered'] })).statusCode, user).toBe(403);
    }
    const key = (await t.as('admin').post('/api/admin/api-keys', { name: '区系统', scopes: ['tickets:read'] })).json().key as string;
    const byKey = await t.app.inject({ method: 'GET', url: '/api/admin/webhooks', headers: { authorization: `Bearer ${key}` } });
    expect(byKey.statusCode).toBe(403);
  });

  it('bad input is 422 with the reason; unknown ids are 404', async () => {
    const bad = async (body: Record<string, unknown>, says: string) => {
      const res = await t.as('admin').post('/api/admin/webhooks', body);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().message).toContain(says);
    };
    await bad({ name: '甲', url: 'ftp://example.org/x', kinds: ['registered'] }, 'http:// 或 https://');
    await bad({ name: '甲', url: 'not a url', kinds: ['registered'] }, '不是有效的 URL');
    await bad({ name: '甲', url: 'https://user:pw@example.org/x', kinds: ['registered'] }, '用户名或密码');
    await bad({ name: '甲', url: 'https://example.org/x', kinds: ['registered', 'exploded'] }, '未知事件类型：exploded');
    await bad({ name: '甲', url: 'https://example.org/x', kinds: [] }, '至少选择一种事件');
    await bad({ name: ' ', url: 'https://example.org/x', kinds: ['registered'] }, '请填写名称');
    await bad({ name: '甲', url: 'https://example.org/x', kinds: ['registered'], unitId: '00000000-0000-4000-8000-000000000000' }, '单位不存在');
    expect((await t.as('admin').post('/api/admin/webhooks', { name: '甲', url: 'https://example.org/x', kinds: ['registered'], secret: 'mine' })).statusCode).toBe(422);
    const sub = await subscribe({ name: '乙', url: 'https://example.org/y', kinds: ['closed'] });
    const patched = await t.as('admin').put(`/api/admin/webhooks/${sub.id}`, { kinds: ['overdue', 'warning'], url: 'https://example.org/z' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await t.as('admin').put(`/api/admin/webhooks/${sub.id}`, { url: 'mailto:x@example.org' })).json().message).toContain('http:// 或 https://');
    expect((await t.as('admin').put(`/api/admin/webhooks/${sub.id}`, {})).json().message).toBe('没有要修改的内容');
    expect(patched.json()).toMatchObject({ url: 'https://example.org/z', kinds: [{ kind: 'overdue' }, { kind: 'warning', label: '时限预警' }] });
    expect((await t.as('admin').post(`/api/admin/webhooks/${sub.id}/resume`)).json().message).toBe('该订阅未暂停');
    const paused = await t.as('admin').post(`/api/admin/webhooks/${sub.id}/pause`);
    expect(paused.statusCode, paused.body).toBe(200);
    const twice = await t.as('admin').post(`/api/admin/webhooks/${sub.id}/pause`);
    expect(twice.statusCode).toBe(422);
    expect(twice.json().message).toBe('该订阅已暂停');
    expect((await t.as('admin').post('/api/admin/webhooks/00000000-0000-4000-8000-000000000000/pause')).statusCode).toBe(404);
    expect((await t.as('admin').post('/api/admin/webhooks/deliveries/00000000-0000-4000-8000-000000000000/replay')).statusCode).toBe(404);
    expect((await t.as('admin').get('/api/admin/webhooks/not-an-id/deliveries')).statusCode).toBe(422);
  });
});
