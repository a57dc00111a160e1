import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTelephonyBody, TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from '../../src/server/telephony/signature.ts';
import { startE2E, type E2E } from './harness.ts';

/**
 * 来电弹屏 in the browser (issue 14 item 2): the telephone platform posts a ringing at extension 8001,
 * the agent's desk fills in the number and shows the caller's earlier ticket; the ticket registered
 * on the call is linked to it, and its page shows the call and the recording.
 */
const SECRET = 'e2e-telephony-secret-0123456789abcdef';
const PHONE = '13600007777';
const WAIT = { timeout: 15_000 };
let e: E2E;
beforeAll(async () => {
  e = await startE2E({ env: { TELEPHONY_EVENTS_SECRET: SECRET } });
});
afterAll(async () => {
  await e?.close();
});

async function session(username: string) {
  const res = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
  expect(res.ok).toBe(true);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${e.url}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const json = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
}

async function event(body: Record<string, unknown>) {
  const payload = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${e.url}/api/telephony/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TELEPHONY_TIMESTAMP_HEADER]: ts, [TELEPHONY_SIGNATURE_HEADER]: signTelephonyBody(SECRET, ts, payload) },
    body: payload,
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe('来电弹屏 on the agent desk', () => {
  it('a ringing at the agent\'s extension fills in the number and the history; the registered ticket is linked to the call and its recording', async () => {
    const admin = await session('admin');
    const users = (await admin('GET', '/api/admin/users')) as Array<{ id: string; username: string }>;
    await admin('PUT', `/api/admin/users/${users.find((u) => u.username === 'agent')!.id}/extension`, { extension: '8001' });
    // the caller called before: the desk shows that ticket
    const agentApi = await session('agent');
    const earlier = await agentApi('POST', '/api/tickets', { channel: 'phone', caller: { name: '老来电人', phone: PHONE }, type: 'help', content: '幸福路3号楼下的路灯坏了三天，晚上一片漆黑', address: '渝中区解放碑街道幸福路' });

    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    // the live stream is open once the desk has rendered; give EventSource its first round trip
    await page.waitForTimeout(500);
    const callId = `e2e-${Date.now()}`;
    // 300 ms (issue 14): rings timed from posting the event (its signing and storing included) until
    // the banner of that call, the number and the caller's history are on screen; the first warms up
    const times: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const id = `${callId}-t${i}`;
      await page.evaluate((id) => {
        const w = window as unknown as { popSeen: Record<string, number> };
        w.popSeen ??= {};
        const look = () => {
          if (document.querySelector(`[data-testid=call-pop][data-call-id="${id}"]`) && document.querySelector('[data-testid=caller-history] a')) w.popSeen[id] = Date.now();
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      }, id);
      const started = Date.now();
      const ring = new Date().toISOString();
      expect((await event({ kind: 'ringing', callId: id, at: ring, caller: PHONE, dialled: '12345', queue: 'general', extension: '8001' })).poppedTo).toBeTruthy();
      await expect.poll(() => page.evaluate((id) => (window as unknown as { popSeen: Record<string, number> }).popSeen[id] ?? 0, id), { timeout: 10_000, interval: 20 }).toBeGreaterThan(0);
      const seen = await page.evaluate((id) => (window as unknown as { popSeen: Record<string, number> }).popSeen[id]!, id);
      if (i > 0) times.push(seen - started);
      await event({ kind: 'answered', callId: id, at: new Date(Date.parse(ring) + 2000).toISOString(), extension: '8001' });
      await event({ kind: 'ended', callId: id, at: new Date(Date.parse(ring) + 32_000).toISOString() });
    }
    const sorted = [...times].sort((x, y) => x - y);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`screen pop, event posted → number, banner and history on screen: ${times.join(', ')} ms (median ${median})`);
    expect(median).toBeLessThan(300);

    const at = new Date().toISOString();
    await event({ kind: 'ringing', callId, at, caller: PHONE, dialled: '12345', queue: 'general', extension: '8001' });
    await expect.poll(() => page.locator('[data-testid=call-pop]').getAttribute('data-call-id'), WAIT).toBe(callId);
    expect(await page.locator('#phone').inputValue()).toBe(PHONE);
    await expect.poll(() => page.getByTestId('caller-history').textContent().catch(() => ''), WAIT).toContain(earlier.number);
    const banner = page.getByTestId('call-pop');
    await expect(banner.textContent()).resolves.toContain('拨打 12345');
    await e.shot(page, 'telephony-screen-pop');

    // the agent answers, takes the request and registers it: linked to the call
    await event({ kind: 'answered', callId, at: new Date(Date.parse(at) + 6000).toISOString(), extension: '8001' });
    await page.getByLabel('诉求内容').fill('幸福路的路灯还是没修好，上次反映过，请尽快处理');
    await page.getByLabel('诉求内容').press('Alt+1');
    await expect.poll(() => page.getByTestId('registered-call').count(), WAIT).toBe(1);
    const number = /\d{13}/.exec((await page.getByTestId('registered').textContent()) ?? '')![0];
    await expect.poll(() => page.getByTestId('call-pop').count(), WAIT).toBe(0);
    await event({ kind: 'ended', callId, at: new Date(Date.parse(at) + 186_000).toISOString(), recording: `rec/${callId}.wav` });

    await page.getByRole('link', { name: '打开工单' }).click();
    await expect.poll(() => page.getByTestId('ticket-calls').textContent().catch(() => ''), WAIT).toContain(`rec/${callId}.wav`);
    const calls = (await page.getByTestId('ticket-calls').textContent()) ?? '';
    expect(calls).toContain('已接通');
    expect(calls).toContain('6秒 / 3分0秒');
    await expect(page.getByText(`工单 ${number}`).count()).resolves.toBeGreaterThan(0);
    await e.shot(page, 'telephony-ticket-calls');
  });

  it('a follow-up call is linked to the earlier ticket from 来电人历史', async () => {
    const page = await e.page();
    await e.login(page, 'agent');
    await page.waitForURL(/\/agent$/);
    await page.waitForTimeout(500);
    const callId = `e2e-follow-${Date.now()}`;
    await event({ kind: 'ringing', callId, at: new Date().toISOString(), caller: PHONE, dialled: '12345', extension: '8001' });
    await expect.poll(() => page.locator('#phone').inputValue(), WAIT).toBe(PHONE);
    const link = page.getByRole('button', { name: '关联本次来电' }).first();
    await link.click();
    await expect.poll(() => page.getByTestId('call-linked').textContent().catch(() => ''), WAIT).toContain('跟进来电');
  });

  it('the administrator sees the extension on 用户与角色; the leader sees 话务统计 with 接通率 on the dashboard', async () => {
    const admin = await e.page();
    await e.login(admin, 'admin');
    await admin.goto(`${e.url}/admin`);
    await admin.getByRole('tab', { name: '用户与角色' }).click();
    await admin.getByLabel('查找用户').fill('王芳');
    await expect.poll(() => admin.locator('tr', { hasText: '话务员王芳' }).getByTestId('extension-cell').textContent().catch(() => ''), WAIT).toBe('8001');

    const page = await e.page();
    await e.login(page, 'leader');
    await page.waitForURL(/\/dashboard/);
    const stats = page.getByTestId('call-stats');
    await expect.poll(() => stats.textContent().catch(() => ''), WAIT).toContain('接通率');
    const text = (await stats.textContent()) ?? '';
    // eight calls today: seven answered, the follow-up still ringing — 87.5 %, below 凉山 第十条's 95 %
    expect(text).toContain('87.5%');
    expect(text).toContain('凉山 第十条');
    // by half-hour: the day's calls in the half-hour they came
    await stats.getByText('按半小时').click();
    // (the tests may straddle a half-hour boundary, so the eight are summed over the rows)
    const halfHours = async () => {
      const rows = await stats.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      return { keys: rows.every((r) => /^\d{2}:[03]0$/.test(r[0] ?? '')), offered: rows.reduce((n, r) => n + Number(r[1]), 0) };
    };
    await expect.poll(halfHours, WAIT).toEqual({ keys: true, offered: 8 });
    // the agents each half-hour needs (Erlang C for 15 s, Erlang A for the 接通率) are in 坐席测算
    await stats.getByText('坐席测算', { exact: true }).click();
    await expect.poll(() => stats.textContent().catch(() => ''), WAIT).toContain('所需坐席取 Erlang C');
    await stats.scrollIntoViewIfNeeded();
    await e.shot(page, 'telephony-call-stats');
  });
});
