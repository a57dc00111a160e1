import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateTelephonyDay, type SimulateOptions } from '../../src/cli/telephony-simulator.ts';
import { DEMO_PASSWORD } from '../../src/server/auth/passwords.ts';
import { runCli } from '../cli/run.ts';
import { buildTestApp, type TestApp } from '../helpers.ts';

/**
 * 话务模拟与坐席测算 (issue 14 items 5 and 8): `open12345 telephony simulate` plays a day of calls into
 * the running test app through the signed events API, and the agent registers tickets linked to
 * calls; the leader then reads the day's 接通率 (凉山 第十条) and the staffing plan for the next same
 * weekday, forecast from it.
 */
const SECRET = 'test-telephony-secret-simulate-0123456789';
const NOW = '2026-12-01T20:00:00+08:00';
let t: TestApp;
let address: string;

beforeAll(async () => {
  t = await buildTestApp({ now: NOW, server: { telephonyEventsSecret: SECRET } });
  address = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

const simulate = (o: Partial<SimulateOptions> & Pick<SimulateOptions, 'date' | 'calls' | 'agents'>) =>
  simulateTelephonyDay({ url: address, secret: SECRET, seed: 7, ticketShare: 0, firstExtension: 8001, concurrency: 4, now: () => t.ctx.now(), ...o });

async function dayFigures(date: string) {
  const res = await t.as('leader').get(`/api/telephony/stats?from=${date}&to=${date}&by=halfhour`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: { offered: number; answered: number; abandoned: number; answerRate: number; avgTalkSeconds: number }; groups: Array<{ key: string; offered: number }> };
}

describe('open12345 telephony simulate: a day of calls through the signed events API', () => {
  it('fills the day: one call record per call, a plausible 接通率 and talk time, more calls at 10:00 than at 03:00; tickets linked to their calls', async () => {
    const r = await simulate({ date: '2026-11-23', calls: 160, agents: 6, ticketShare: 0.1, agentUser: { username: 'agent', password: DEMO_PASSWORD } });
    expect(r).toMatchObject({ calls: 160, duplicates: 0, ticketErrors: [] });
    expect(r.tickets).toBeGreaterThan(5);
    const f = await dayFigures('2026-11-23');
    expect(f.total.offered).toBe(160);
    expect(f.total.answered).toBe(r.answered);
    expect(f.total.answerRate).toBeGreaterThan(0.9);
    // lognormal talk around three minutes
    expect(f.total.avgTalkSeconds).toBeGreaterThan(120);
    expect(f.total.avgTalkSeconds).toBeLessThan(260);
    const at = (key: string) => f.groups.filter((g) => g.key.startsWith(key)).reduce((s, g) => s + g.offered, 0);
    expect(at('10:')).toBeGreaterThan(at('03:') + 10);
    const calls = (await t.as('leader').get('/api/telephony/calls?limit=500')).json().items as Array<{ ticketId: string | null; recording: string | null }>;
    expect(calls.filter((c) => c.ticketId)).toHaveLength(r.tickets);
    expect(calls.filter((c) => c.recording).length).toBe(r.answered);
  }, 180_000);

  it('is reproducible: the same day and seed again adds nothing (every event a duplicate)', async () => {
    const again = await simulate({ date: '2026-11-23', calls: 160, agents: 6 });
    expect(again.duplicates).toBe(again.events);
    expect((await dayFigures('2026-11-23')).total.offered).toBe(160);
  }, 180_000);

  it('too few agents: callers give up in the queue and the 接通率 falls below 凉山 第十条’s 95 %', async () => {
    const r = await simulate({ date: '2026-11-24', calls: 160, agents: 1, seed: 8 });
    const f = await dayFigures('2026-11-24');
    expect(f.total.offered).toBe(160);
    expect(f.total.abandoned).toBe(r.abandoned);
    expect(f.total.abandoned).toBeGreaterThan(25);
    expect(f.total.answerRate).toBeLessThan(0.8);
  }, 180_000);

  it('CLI: bad input and an unreachable server are refused in Chinese (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o12345-simulate-'));
    try {
      const args = (extra: string[]) => ['telephony', 'simulate', '--calls', '10', '--agents', '2', '--secret', SECRET, ...extra];
      const bad = await runCli(args(['--date', '2026-02-30']), dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('不存在的日期');
      const share = await runCli(args(['--date', '2026-11-23', '--tickets', '2']), dir);
      expect(share.code).toBe(2);
      expect(share.stderr).toContain('--tickets');
      const away = await runCli(args(['--date', '2026-11-23', '--url', 'http://127.0.0.1:9']), dir);
      expect(away.code).toBe(2);
      expect(away.stderr).toContain('无法连接服务器');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a wrong secret with a clear message', async () => {
    await expect(simulate({ date: '2026-11-25', calls: 3, agents: 1, secret: 'wrong' })).rejects.toThrow(/TELEPHONY_EVENTS_SECRET/);
  });
});

describe('GET /api/telephony/staffing: 坐席测算 (issue 14 item 5; 凉山 第十条 接通率 95 %)', () => {
  it('forecasts the next Monday from the simulated Monday and plans its agents beside the 值班表', async () => {
    const center = await t.unitId('12345政务服务便民热线中心');
    // two people on the center's roster 08:00–18:00 on that Monday
    for (const name of ['话务员甲', '话务员乙']) {
      const res = await t.as('admin').post(`/api/units/${center}/roster`, { kind: 'duty', name, phone: '023-12345000', startsAt: '2026-11-30T08:00:00+08:00', endsAt: '2026-11-30T18:00:00+08:00' });
      expect(res.statusCode, res.body).toBe(201);
    }
    const res = await t.as('leader').get('/api/telephony/staffing?date=2026-11-30');
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json();
    expect(plan).toMatchObject({ date: '2026-11-30', weekday: '星期一', forecastFrom: ['2026-11-23'], total: { forecastCalls: 160, actual: null } });
    expect(plan.basis.measured).toMatchObject({ talk: true, afterCall: true, patience: true });
    expect(plan.basis.afterCallSeconds).toBeGreaterThan(15);
    expect(plan.basis.afterCallSeconds).toBeLessThan(60);
    const ten = plan.slots.find((s: { time: string }) => s.time === '10:00');
    expect(ten.agentsNeeded).toBeGreaterThanOrEqual(2);
    expect(ten.agentsNeeded).toBe(Math.max(ten.agentsForServiceLevel, ten.agentsForAnswerRate));
    expect(ten.scheduled).toBe(2);
    expect(ten.gap).toBe(2 - ten.agentsNeeded);
    expect(plan.slots.find((s: { time: string }) => s.time === '20:00').scheduled).toBe(0);
    expect(plan.total.peakAgentsNeeded).toBeGreaterThanOrEqual(ten.agentsNeeded);
  });

  it('for the simulated day itself: its calls and 接通率 per half-hour beside the plan; center analysis only', async () => {
    const plan = (await t.as('supervisor').get('/api/telephony/staffing?date=2026-11-24')).json();
    expect(plan.total.actual.offered).toBe(160);
    expect(plan.total.actual.answerRate).toBeLessThan(0.8);
    expect(plan.total.actualPeakAgentsNeeded).toBeGreaterThan(1);
    expect(plan.total.actualShortHalfHours).toBeNull(); // no 值班表 that day
    const ten = plan.slots.find((s: { time: string }) => s.time === '10:00');
    expect(ten.actual.offered).toBeGreaterThan(0);
    expect(ten.agentsAnswering).toBe(1);
    expect(ten.actualAgentsNeeded).toBeGreaterThan(1);
    expect((await t.as('handler1').get('/api/telephony/staffing?date=2026-11-24')).statusCode).toBe(403);
    expect((await t.as('agent').get('/api/telephony/staffing?date=2026-11-24')).statusCode).toBe(403);
    expect((await t.as('leader').get('/api/telephony/staffing?date=2026-02-30')).statusCode).toBe(422);
    expect((await t.as('leader').get('/api/telephony/staffing?date=2026-11-24&weeks=13')).statusCode).toBe(422);
  });
});
