import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countShares } from '../../src/server/analytics/counts.ts';
import { countSharesFromRollups } from '../../src/server/analytics/rollups/shares.ts';
import { foldRollups } from '../../src/server/analytics/rollups/upkeep.ts';
import { parseDay } from '../../src/core/calendar/civil-date.ts';
import { buildTestApp, newTicket, type TestApp } from '../helpers.ts';

/**
 * 回访 under shaoyang-2023, through HTTP: tries to reach the caller (第十四条（二）), the handling
 * report's measures and target date (第十五条), the unit's contact with the caller (第十七条), and
 * 行政调解类、执法办案类 left out of the satisfaction rate (第二十五条).
 */

let t: TestApp;
let street: string;

beforeAll(async () => {
  t = await buildTestApp({ policy: 'shaoyang-2023' });
  street = await t.unitId('解放碑街道办事处');
});
afterAll(() => t.close());

async function ok(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await t.as(user).act(id, action, body);
  expect(res.statusCode, `${user} ${action}: ${res.body}`).toBe(200);
  return res.json();
}

async function signed(): Promise<string> {
  const created = await t.as('agent').post('/api/tickets', newTicket());
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id;
  await ok('dispatcher', id, 'dispatch', { units: [{ unitId: street, role: 'lead' }] });
  await ok('handler1', id, 'sign');
  return id;
}

async function visiting(): Promise<string> {
  const id = await signed();
  await ok('handler1', id, 'reply', { process: '现场查看', result: '已修复', contacted: true, contactMethod: 'phone', contactedAt: '2026-11-23T09:00:00+08:00' });
  expect((await ok('dispatcher', id, 'approve-completion')).status).toBe('visiting');
  return id;
}

describe('联系来电人 for the visit (邵阳 第十四条（二）)', () => {
  it('邵阳 第十四条（二）: fewer than 3 tries → 422 naming the article; after the third the visit closes as 联系不上, not rated', async () => {
    const id = await visiting();
    const early = await t.as('visitor').act(id, 'close-unreachable', {});
    expect(early.statusCode).toBe(422);
    expect(early.json().message).toContain('第十四条（二）');
    expect(early.json().message).toContain('3 次');
    await ok('visitor', id, 'visit-attempt', { method: 'phone', outcome: 'no_answer' });
    await ok('visitor', id, 'visit-attempt', { method: 'sms', outcome: 'no_reply', note: '短信未回复' });
    let s = (await t.as('visitor').get(`/api/tickets/${id}`)).json();
    expect(s.visitAttempts).toBe(2);
    expect(s.access.allowedActions).not.toContain('close-unreachable');
    expect((await t.as('visitor').act(id, 'close-unreachable', {})).json().message).toContain('已记录 2 次');
    s = await ok('visitor', id, 'visit-attempt', { method: 'phone', outcome: 'off' });
    expect(s.access.allowedActions).toContain('close-unreachable');
    const attempts = s.events.filter((e: { action: string }) => e.action === 'visit-attempt');
    expect(attempts.map((e: { method: string; outcome: string; attempt: number }) => [e.method, e.outcome, e.attempt])).toEqual([['phone', 'no_answer', 1], ['sms', 'no_reply', 2], ['phone', 'off', 3]]);
    expect(attempts[0].at).toBe('2026-11-23T09:30:00+08:00');
    s = await ok('visitor', id, 'close-unreachable', { note: '三次均未接通' });
    expect(s).toMatchObject({ status: 'closed', closure: 'unreachable', satisfaction: null });
  });

  it('邵阳 第十四条（二）: a try must say how and what happened; units and dispatchers cannot record tries', async () => {
    const id = await visiting();
    const bad = await t.as('visitor').act(id, 'visit-attempt', { method: 'pigeon', outcome: 'no_answer' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toContain('联系方式');
    expect((await t.as('handler1').act(id, 'visit-attempt', { method: 'phone', outcome: 'busy' })).statusCode).toBe(403);
    expect((await t.as('dispatcher').act(id, 'visit-attempt', { method: 'phone', outcome: 'busy' })).statusCode).toBe(403);
    // 邵阳 sets no SMS visits (凉山 第十三条（一） does)
    const sms = await t.as('visitor').act(id, 'sms-visit', {});
    expect(sms.statusCode).toBe(422);
    expect(sms.json().message).toContain('未规定短信回访');
  });
});

describe('the handling report (邵阳 第十五条、第十七条)', () => {
  it('邵阳 第十五条: a matter not solved now needs its measures and a target date (422 otherwise); the visitor sees them', async () => {
    const id = await signed();
    const none = await t.as('handler1').act(id, 'reply', { process: '已协调供电所', result: '需更换电缆，暂时无法解决', contacted: true, resolution: 'unresolved' });
    expect(none.statusCode).toBe(422);
    expect(none.json().message).toContain('第十五条');
    expect(none.json().details.map((d: { path: string }) => d.path)).toEqual(['measures', 'targetDate']);
    const past = await t.as('handler1').act(id, 'reply', { process: 'x', result: 'y', contacted: true, resolution: 'partly', measures: '已报计划', targetDate: '2026-11-01' });
    expect(past.statusCode).toBe(422);
    await ok('handler1', id, 'reply', { process: '已协调供电所', result: '需更换电缆', contacted: true, resolution: 'partly', measures: '列入12月电缆改造计划，期间加装临时照明', targetDate: '2026-12-20' });
    const seen = (await t.as('visitor').get(`/api/tickets/${id}`)).json();
    expect(seen.assignments[0].reply).toMatchObject({ resolution: 'partly', measures: '列入12月电缆改造计划，期间加装临时照明', targetDate: '2026-12-20' });
  });

  it('邵阳 第十五条: a solved matter needs no plan', async () => {
    const id = await signed();
    await ok('handler1', id, 'reply', { process: '更换灯泡', result: '已修复', contacted: true, resolution: 'resolved' });
  });

  it('邵阳 第十七条: the unit’s contact with the caller is a record — whether, how, when — shown to the visitor and the center', async () => {
    const id = await signed();
    const incoherent = await t.as('handler1').act(id, 'reply', { process: 'x', result: 'y', contacted: false, contactMethod: 'phone' });
    expect(incoherent.statusCode).toBe(422);
    const future = await t.as('handler1').act(id, 'reply', { process: 'x', result: 'y', contacted: true, contactMethod: 'phone', contactedAt: '2026-11-24T10:00:00+08:00' });
    expect(future.statusCode).toBe(422);
    expect(future.json().message).toContain('联系时间');
    await ok('handler1', id, 'reply', { process: '上门查看', result: '已修复', contacted: true, contactMethod: 'onsite', contactedAt: '2026-11-23T08:40:00+08:00', contactNote: '与来电人现场确认' });
    for (const user of ['visitor', 'dispatcher']) {
      const reply = (await t.as(user).get(`/api/tickets/${id}`)).json().assignments[0].reply;
      expect(reply.contact, user).toEqual({ contacted: true, method: 'onsite', at: '2026-11-23T08:40:00+08:00', note: '与来电人现场确认' });
    }
  });
});

describe('行政调解类、执法办案类 (邵阳 第二十五条)', () => {
  it('邵阳 第二十五条: a 执法办案类 ticket marked by the center is left out of the satisfaction rate, on the fast path too', async () => {
    const rate = async () =>
      (await t.as('leader').get('/api/analytics/scorecard?from=2026-11-01&to=2026-11-30')).json().units.find((u: { unit: { id: string } }) => u.unit.id === street);
    const before = await rate();
    const id = await visiting();
    await ok('visitor', id, 'visit', { satisfaction: 'dissatisfied', resolution: 'partly', fault: 'objective', comment: '对处罚结果不满' });
    const rated = await rate();
    expect(rated.satisfactionRate).not.toBe(before.satisfactionRate);

    expect((await t.as('handler1').act(id, 'mark-exempt', { kind: 'enforcement' })).statusCode).toBe(403);
    const unknown = await t.as('dispatcher').act(id, 'mark-exempt', { kind: 'petition' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().message).toContain('行政调解类、执法办案类');
    const marked = await ok('dispatcher', id, 'mark-exempt', { kind: 'enforcement', note: '涉及行政处罚' });
    expect(marked.exemptKind).toBe('enforcement');
    expect(marked.events.at(-1)).toMatchObject({ action: 'mark-exempt', label: '执法办案类' });
    expect(marked.events.at(-1).basis).toContain('第二十五条');
    expect((await rate()).satisfactionRate).toBe(before.satisfactionRate);

    // the definition (countShares) and the rollups agree
    await foldRollups(t.db);
    const q = { from: parseDay('2026-11-01'), to: parseDay('2026-11-30'), by: 'dispatched' as const, now: t.ctx.now(), exemptCategories: [] };
    expect(Object.fromEntries(await countSharesFromRollups(t.db, q))).toEqual(Object.fromEntries(await countShares(t.db, q)));

    // unmarked, it counts again
    await ok('visitor', id, 'mark-exempt', { kind: null });
    expect((await rate()).satisfactionRate).toBe(rated.satisfactionRate);
  });
});
