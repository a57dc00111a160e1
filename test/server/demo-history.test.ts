import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Calendar } from '../../src/core/calendar/calendar.ts';
import { formatDay, dayOfInstant, parseInstant } from '../../src/core/calendar/civil-date.ts';
import { getPreset } from '../../src/core/policy/presets.ts';
import { answersAt, type ServiceHours } from '../../src/core/telephony/service-hours.ts';
import type { AppContext } from '../../src/server/app.ts';
import { memoryStorage } from '../../src/server/attachments/storage.ts';
import { createClassifier } from '../../src/server/classify/service.ts';
import { configFromEnv } from '../../src/server/config.ts';
import type { Db } from '../../src/server/db/connection.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { generateHistory, type HistoryResult } from '../../src/server/demo/history.ts';
import { seedDemo } from '../../src/server/demo/seed.ts';
import { ALL_ENTRIES } from '../../src/server/demo/knowledge/entries.ts';
import { MATTER_LOOKUPS, TOPICS } from '../../src/server/demo/knowledge/queries.ts';
import { REVISIONS } from '../../src/server/demo/knowledge/revisions.ts';
import { DISPATCHED } from '../../src/server/demo/history/matters.ts';
import { ANSWERED, CLOSED_AT_INTAKE } from '../../src/server/demo/history/phrases.ts';
import { UnitPresets } from '../../src/server/policy/for-unit.ts';
import { buildTestApp, testDb, testVault, type TestApp } from '../helpers.ts';

/**
 * The lived-in demo (issue 12, item 9): a few weeks of the demo city's life generated through the
 * engine, then read back the way users read it. A shorter span and volume than `npm start`'s keep
 * this quick; the shape is the same.
 */
const END = '2026-11-20T15:00:00+08:00'; // a Friday afternoon
const end = parseInstant(END);
let t: TestApp;
let result: HistoryResult;
/** The audit records the history wrote lie between these: the test server's own come before and after. */
let firstAudit: string;
let lastAudit: string;

const baseOf = (db: Db): Omit<AppContext, 'now'> => ({
  db,
  policy: getPreset('chongqing-2021'),
  presets: new UnitPresets(getPreset('chongqing-2021')),
  calendar: new Calendar(),
  storage: memoryStorage(),
  vault: testVault(),
  classifier: createClassifier(db),
});

async function countBy(db: Db, sql: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ k: string | null; n: number }>(sql);
  return Object.fromEntries(rows.map((r) => [r.k ?? '-', r.n]));
}

beforeAll(async () => {
  t = await buildTestApp({ now: END });
  firstAudit = (await t.db.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_log')).rows[0]!.id;
  result = await generateHistory(baseOf(t.db), { days: 30, end, perWorkingDay: 6 });
  lastAudit = (await t.db.query<{ id: string }>('SELECT max(id)::text AS id FROM audit_log')).rows[0]!.id;
}, 180_000);
afterAll(() => t.close());

describe('the demo city’s history', () => {
  it('is generated without a single step refused by the engine', () => {
    expect(result.failures).toEqual([]);
    expect(result.tickets).toBeGreaterThan(150);
    expect(result.from).toBe('2026-10-22');
    expect(result.to).toBe('2026-11-20');
  });

  it('leaves work in every inbox: tickets waiting for dispatch, signing, handling, review and the visit', async () => {
    const status = await countBy(t.db, 'SELECT status AS k, count(*)::int AS n FROM tickets GROUP BY 1');
    for (const s of ['registered', 'dispatched', 'handling', 'reviewing', 'visiting', 'closed', 'archived', 'merged']) {
      expect(status[s], `${s} in ${JSON.stringify(status)}`).toBeGreaterThan(0);
    }
    // and each of them as the dispatcher's queue and the units' inboxes list them
    const queue = await t.as('dispatcher').get('/api/tickets?status=registered');
    expect(queue.json().total).toBe(status.registered);
    const visits = await t.as('visitor').get('/api/tickets?status=visiting');
    expect(visits.json().total).toBe(status.visiting);
  });

  it('has visits of every satisfaction, returns both ways, extensions, supervision and overdue shares', async () => {
    const satisfaction = await countBy(t.db, 'SELECT satisfaction AS k, count(*)::int AS n FROM tickets WHERE satisfaction IS NOT NULL GROUP BY 1');
    expect(Object.keys(satisfaction).sort()).toEqual(['basic', 'dissatisfied', 'satisfied']);
    expect(satisfaction.satisfied).toBeGreaterThan(satisfaction.basic! + satisfaction.dissatisfied!);
    const actions = await countBy(t.db, 'SELECT action AS k, count(*)::int AS n FROM events GROUP BY 1');
    for (const a of ['answer', 'dispatch', 'sign', 'return', 'approve-return', 'reject-return', 'request-extension', 'approve-extension', 'subdispatch', 'reply', 'reject-completion', 'approve-completion', 'visit', 'merge', 'supervise', 'archive', 'clock-overdue']) {
      expect(actions[a], a).toBeGreaterThan(0);
    }
    // the default preset (重庆) has no appeal: none is made
    expect(actions.appeal).toBeUndefined();
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM clocks WHERE name = 'handle' AND (status = 'overdue' OR (status = 'running' AND due_at < $1))`,
      [new Date(end)],
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('raises its surges as alerts (监测预警), acknowledged by the supervisor as they would be', async () => {
    const res = await t.as('supervisor').get('/api/analytics/alerts?state=all');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{ kind: string; category: string; raisedAt: string; explanation: string; acknowledged: { by: string; note: string } | null }>;
    const surges = items.filter((a) => a.kind === 'surge');
    expect(new Set(surges.map((a) => a.category)).size, JSON.stringify(items)).toBeGreaterThanOrEqual(2);
    for (const a of items) {
      expect(parseInstant(a.raisedAt)).toBeLessThanOrEqual(end);
      // a surge against the same hours of earlier weeks, or a burst of many callers writing the same
      expect(a.explanation).toContain(a.kind === 'surge' ? '近 6 小时' : '位不同来电人');
    }
    const acknowledged = items.filter((a) => a.acknowledged);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const a of acknowledged) expect(a.acknowledged!.by).toBe('督办员赵敏');
  });

  it('dates nothing after its end, and every timeline runs forward', async () => {
    const after = new Date(end);
    const written: Array<[string, string]> = [['call_transfers', 'at'], ['calls', 'ended_at'], ['unit_submissions', 'submitted_at'], ['unit_submissions', 'read_at'], ['unit_submissions', 'adopted_at'], ['tickets', 'created_at'], ['tickets', 'updated_at'], ['tickets', 'closed_at'], ['events', 'at'], ['assignments', 'created_at'], ['assignments', 'replied_at'], ['clocks', 'started_at'], ['clocks', 'stopped_at'], ['outbox', 'created_at'], ['outbox', 'sent_at'], ['dispatch_suggestions', 'created_at'], ['alerts', 'raised_at'], ['alerts', 'acknowledged_at'], ['kb_entries', 'created_at'], ['kb_entries', 'updated_at'], ['kb_entries', 'published_at'], ['kb_entries', 'reviewed_at'], ['kb_versions', 'at'], ['kb_searches', 'at'], ['kb_usage', 'at']];
    for (const [table, column] of written) {
      const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} > $1`, [after]);
      expect(rows[0]!.n, `${table}.${column}`).toBe(0);
    }
    const audit = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE id > $1 AND id <= $2 AND at > $3', [firstAudit, lastAudit, after]);
    expect(audit.rows[0]!.n).toBe(0);
    const first = await t.db.query<{ at: Date }>('SELECT min(created_at) AS at FROM tickets');
    expect(formatDay(dayOfInstant(first.rows[0]!.at.getTime()))).toBe('2026-10-22');
    // events in id order (the order they were written) are in time order on every ticket
    const backwards = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT at < lag(at) OVER (PARTITION BY ticket_id ORDER BY id) AS back FROM events) e WHERE back`,
    );
    expect(backwards.rows[0]!.n).toBe(0);
    // and a ticket's first event is its registration, at its creation time
    const odd = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets t JOIN LATERAL (SELECT action, at FROM events e WHERE e.ticket_id = t.id ORDER BY id LIMIT 1) f ON true
        WHERE f.action <> 'register' OR f.at <> t.created_at`,
    );
    expect(odd.rows[0]!.n).toBe(0);
  });

  it('gives the scorecard rates for several units', async () => {
    const res = await t.as('leader').get('/api/analytics/scorecard?from=2026-10-22&to=2026-11-20');
    expect(res.statusCode, res.body).toBe(200);
    const units = res.json().units as Array<{ unit: { name: string }; received: number; onTimeRate: number | null; satisfactionRate: number | null; responseRate: number | null; score: number | null }>;
    const rated = units.filter((u) => u.onTimeRate !== null && u.satisfactionRate !== null && u.responseRate !== null && u.score !== null);
    expect(rated.length, JSON.stringify(units.map((u) => [u.unit.name, u.received]))).toBeGreaterThanOrEqual(6);
    // mostly on time and satisfied, as a city's hotline is, but not every unit alike
    const mean = (k: 'onTimeRate' | 'satisfactionRate') => rated.reduce((s, u) => s + u[k]!, 0) / rated.length;
    expect(mean('onTimeRate')).toBeGreaterThan(0.7);
    expect(mean('satisfactionRate')).toBeGreaterThan(0.7);
    expect(new Set(rated.map((u) => u.score)).size).toBeGreaterThan(1);
  });

  it('carries call records (issue 14 item 8): a 接通率 near 凉山 第十条’s 95 %, every phone ticket linked to its call, and a staffing plan for the next week', async () => {
    expect(result.calls).toBeGreaterThan(3000);
    const stats = await t.as('leader').get('/api/telephony/stats?from=2026-10-22&to=2026-11-20&by=day');
    expect(stats.statusCode, stats.body).toBe(200);
    const { total, groups } = stats.json();
    expect(total.offered).toBe(result.calls);
    expect(total.abandoned).toBeGreaterThan(0);
    expect(total.answerRate).toBeGreaterThan(0.88);
    expect(total.answerRate).toBeLessThan(0.995);
    expect(groups).toHaveLength(30);
    // nothing after the end, no call still ringing
    const { rows } = await t.db.query<{ late: number; open: number; phone: number; linked: number }>(
      `SELECT (SELECT count(*)::int FROM calls WHERE offered_at > $1 OR ended_at > $1) AS late,
              (SELECT count(*)::int FROM calls WHERE outcome NOT IN ('answered', 'abandoned')) AS open,
              (SELECT count(*)::int FROM tickets WHERE channel = 'phone') AS phone,
              (SELECT count(DISTINCT ticket_id)::int FROM calls WHERE ticket_id IS NOT NULL) AS linked`,
      [new Date(end)],
    );
    expect(rows[0]).toMatchObject({ late: 0, open: 0 });
    expect(rows[0]!.linked).toBe(rows[0]!.phone);
    const plan = (await t.as('leader').get('/api/telephony/staffing?date=2026-11-23')).json();
    expect(plan.forecastFrom).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    expect(plan.basis.measured).toEqual({ talk: true, afterCall: true, patience: true });
    expect(plan.total.peakAgentsNeeded).toBeGreaterThanOrEqual(2);
  });

  it('has the telephone directory (issue 14 item 7; 四川 附件): 12366 as a 分中心 and 12333 双号并行 with their units, experts with their hours, liaisons for some units', async () => {
    const lines = (await t.as('agent').get('/api/hotlines')).json().items as Array<{ number: string; kind: string; unitName: string | null; hoursLabel: string }>;
    expect(lines.find((l) => l.number === '12366')).toMatchObject({ kind: 'subcentre', unitName: '重庆市税务局12366纳税缴费服务分中心', hoursLabel: '7×24 小时' });
    expect(lines.find((l) => l.number === '12333')).toMatchObject({ kind: 'parallel', unitName: '重庆市人力资源和社会保障局' });
    const experts = (await t.as('agent').get('/api/experts?all=true')).json().items as Array<{ name: string; unitName: string; hoursLabel: string; active: boolean; extension: string }>;
    expect(experts.filter((e) => e.active).length).toBeGreaterThanOrEqual(7);
    expect(experts.some((e) => !e.active)).toBe(true);
    expect(new Set(experts.map((e) => e.unitName)).size).toBeGreaterThanOrEqual(5);
    expect(experts.map((e) => e.hoursLabel)).toContain('周二、四 14:00–17:30');
    // the sub-centre's own people sign in like any unit's
    expect(result.accounts).toEqual(expect.arrayContaining(['shuiwu-12366', 'renshe']));
    const liaisons = await countBy(t.db, `SELECT role AS k, count(*)::int AS n FROM unit_liaisons GROUP BY 1`);
    expect(liaisons.liaison).toBeGreaterThanOrEqual(6);
    expect(liaisons.onsite).toBeGreaterThanOrEqual(2);
    const { rows } = await t.db.query<{ without: number }>(`SELECT count(*)::int AS without FROM units u WHERE u.kind <> 'center' AND NOT EXISTS (SELECT 1 FROM unit_liaisons l WHERE l.unit_id = u.id AND l.role = 'liaison')`);
    expect(rows[0]!.without, 'some units still flagged 未设联络员').toBeGreaterThan(0);
  });

  it('records transfers and three-way calls on tickets (重庆 第十二条（一）), each on the ticket’s own call while it was taken, with its outcome', async () => {
    const kinds = await countBy(t.db, `SELECT CASE WHEN direction = 'in' THEN 'in' ELSE target_kind END AS k, count(*)::int AS n FROM call_transfers GROUP BY 1`);
    // a month of six requests a day: experts, a line beside 12345 (12366 分中心 or 12333), 110 联动转入 at night
    for (const k of ['expert', 'in']) expect(kinds[k] ?? 0, `${k} in ${JSON.stringify(kinds)}`).toBeGreaterThan(0);
    expect((kinds.subcentre ?? 0) + (kinds.merged ?? 0), JSON.stringify(kinds)).toBeGreaterThan(0);
    const outcomes = await countBy(t.db, 'SELECT outcome AS k, count(*)::int AS n FROM call_transfers GROUP BY 1');
    expect(Object.keys(outcomes).length, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(3);
    expect(outcomes['-']).toBeUndefined();
    // every transfer: its ticket's call, linked to that ticket, during it; the ticket registered as it ended; its timeline says so after the registration
    const odd = await t.db.query<{ id: string; why: string }>(
      `SELECT x.id, CASE WHEN c.call_id IS NULL THEN 'no call' WHEN c.ticket_id <> x.ticket_id THEN 'other ticket'
                         WHEN x.at < c.offered_at OR x.at > c.ended_at THEN 'outside the call' WHEN c.ended_at <> tk.created_at THEN 'call not the registration’s'
                         WHEN NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = x.ticket_id AND e.action = 'transfer' AND e.data->>'transferId' = x.id::text AND e.at = tk.created_at) THEN 'no event' END AS why
         FROM call_transfers x JOIN tickets tk ON tk.id = x.ticket_id LEFT JOIN calls c ON c.call_id = x.call_id`,
    );
    expect(odd.rows.filter((r) => r.why)).toEqual([]);
    // experts reached at their seats in their hours, on working days
    const calendar = new Calendar();
    const expertCalls = await t.db.query<{ at: Date; hours: ServiceHours; active: boolean }>(`SELECT x.at, e.hours, e.active FROM call_transfers x JOIN expert_seats e ON e.id = x.expert_id`);
    expect(expertCalls.rows.length).toBeGreaterThan(0);
    for (const r of expertCalls.rows) {
      expect(r.active).toBe(true);
      expect(answersAt(r.hours, r.at.getTime()), r.at.toISOString()).toBe(true);
      expect(calendar.isWorkingDay(dayOfInstant(r.at.getTime()))).toBe(true);
    }
    // every referral to an emergency line was put through to that line on the call first
    const referred = await t.db.query<{ number: string; hotline: string; target: string | null }>(
      `SELECT t.number, t.outcome->>'hotline' AS hotline, (SELECT x.target FROM call_transfers x WHERE x.ticket_id = t.id AND x.target_kind = 'emergency') AS target FROM tickets t WHERE t.outcome->>'kind' = 'refer'`,
    );
    for (const r of referred.rows) expect(r.target, r.number).toBe(r.hotline);
    expect(kinds.emergency ?? 0).toBe(referred.rows.length);
    // read as the ticket page reads it
    const { rows } = await t.db.query<{ ticket_id: string }>(`SELECT ticket_id FROM call_transfers WHERE target_kind = 'expert' ORDER BY at LIMIT 1`);
    const card = (await t.as('agent').get(`/api/tickets/${rows[0]!.ticket_id}/transfers`)).json();
    expect(card.dialled).toMatch(/^123(45|33)$/);
    expect(card.items[0].summary).toMatch(/^三方通话 专家座席 .+（\d+）：(接通|未接通)$/);
  });

  it('remembers the number dialled: calls and their tickets on 12333 beside 12345, per number in the statistics', async () => {
    const dialled = await countBy(t.db, `SELECT dialled AS k, count(*)::int AS n FROM tickets WHERE channel = 'phone' GROUP BY 1`);
    expect(Object.keys(dialled).sort()).toEqual(['12333', '12345']);
    const stats = (await t.as('leader').get('/api/telephony/stats?from=2026-10-22&to=2026-11-20&by=dialled')).json();
    const keys = JSON.stringify(stats.groups);
    expect(keys).toContain('12333');
    expect(keys).toContain('12345');
  });

  it('has units’ 报送材料 (邵阳 第六条（六）) written from their own work, read at the center and some adopted', async () => {
    const list = (await t.as('supervisor').get('/api/submissions?pageSize=100')).json();
    expect(list.total).toBeGreaterThanOrEqual(2);
    const { rows } = await t.db.query<{ n: number; foreign: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM unnest(s.ticket_ids) tid WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.ticket_id = tid AND a.unit_id = s.unit_id)))::int AS foreign
         FROM unit_submissions s`,
    );
    expect(rows[0]!.foreign).toBe(0);
    for (const s of list.items as Array<{ status: string; submittedAt: string; readAt: string | null }>) {
      if (s.readAt) expect(s.readAt >= s.submittedAt).toBe(true);
    }
    expect((list.items as Array<{ status: string }>).some((s) => s.status !== 'submitted')).toBe(true);
    // the latest still waits in the supervisor's 待阅
    const latest = [...(list.items as Array<{ status: string; submittedAt: string }>)].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))[0]!;
    expect(latest.status).toBe('submitted');
    expect((await t.as('supervisor').get('/api/inbox/counts')).json().submission).toBeGreaterThanOrEqual(1);
  });

  it('has a knowledge base kept during the history (知识库): entries found by the agents’ words, one awaiting review, its use, gaps and upkeep reported', async () => {
    // searched on the desk (the 知识库 tab reading along), on the 知识库 page and on the portal
    const searches = await countBy(t.db, 'SELECT channel AS k, count(*)::int AS n FROM kb_searches GROUP BY 1');
    for (const c of ['agent', 'assist', 'public']) expect(searches[c], c).toBeGreaterThan(0);
    // an agent searching a common matter finds its published entry, as the desk and the 知识库 page ask
    for (const [q, title] of [['路灯不亮', '路灯'], ['租房提取公积金', '公积金'], ['gjj', '公积金'], ['噪音扰民', '噪声']] as const) {
      const res = await t.as('agent').get(`/api/kb/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, res.body).toBe(200);
      const top = res.json().items[0] as { title: string; state: string; ownerUnit: { name: string } } | undefined;
      expect(top?.title, q).toContain(title);
      expect(top!.state).toBe('published');
    }
    const assist = (await t.as('agent').get(`/api/kb/assist?text=${encodeURIComponent('想咨询一下异地就医备案怎么办理')}`)).json();
    expect(assist.entries[0].title).toContain('异地就医');
    // written by the editor, published by the reviewer; some revised, one sent back first
    const versions = await countBy(t.db, `SELECT action || ' ' || actor_name AS k, count(*)::int AS n FROM kb_versions GROUP BY 1`);
    expect(versions['create 知识采编 吴婷（12345政务服务便民热线中心）']).toBeGreaterThan(40);
    expect(versions['approve 知识审核 林晓（12345政务服务便民热线中心）']).toBeGreaterThan(40);
    expect(versions['return 知识审核 林晓（12345政务服务便民热线中心）']).toBe(1);
    expect(versions['edit 知识采编 吴婷（12345政务服务便民热线中心）']).toBeGreaterThanOrEqual(2);
    // 待审核 and 草稿 are not empty for the reviewer and the editor
    const pending = (await t.as('kbreviewer').get('/api/kb/entries?state=pending')).json();
    expect(pending.total).toBeGreaterThanOrEqual(1);
    expect((await t.as('kbeditor').get('/api/kb/entries?state=draft')).json().total).toBeGreaterThanOrEqual(1);
    // used on tickets: direct answers cite their entry, and the entry counts the use
    const answers = await t.db.query<{ n: number; cited: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE data ? 'kbEntry')::int AS cited FROM events WHERE action = 'answer'`,
    );
    expect(answers.rows[0]!.cited).toBeGreaterThan(0);
    expect(answers.rows[0]!.cited).toBeLessThan(answers.rows[0]!.n);
    const fund = (await t.as('agent').get(`/api/kb/search?q=${encodeURIComponent('租房提取公积金')}`)).json().items[0];
    const uses = (await t.as('agent').get(`/api/kb/entries/${fund.id}`)).json().uses;
    expect(uses.shown).toBeGreaterThan(uses.used);
    expect(uses.used + uses.helpful).toBeGreaterThan(0);
    // the month's knowledge gaps: what was asked and found nothing good
    const gaps = (await t.as('kbreviewer').get('/api/kb/gaps?days=30')).json();
    expect(gaps.gaps.length).toBeGreaterThan(0);
    expect(gaps.gaps.some((g: { noResult: number; unhelpful: number }) => g.noResult + g.unhelpful > 0)).toBe(true);
    // upkeep: the notice for the estate without water has expired, the flu season's entry expires soon
    const stale = (await t.as('kbreviewer').get('/api/kb/reports/stale')).json();
    const reasons = new Set((stale.units as Array<{ entries: Array<{ reasons: string[] }> }>).flatMap((u) => u.entries.flatMap((e) => e.reasons)));
    expect([...reasons]).toEqual(expect.arrayContaining(['expired', 'expiring']));
    // and the entries the askers of a gap had opened in vain were confirmed still right once it was answered
    const reviewed = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM kb_entries e JOIN users u ON u.id = e.reviewed_by WHERE u.username = 'kbeditor'`);
    expect(reviewed.rows[0]!.n).toBeGreaterThan(0);
  });

  it('sends the history’s notifications as the server would have, and links every audit record', async () => {
    const { rows } = await t.db.query<{ unsent: number; unlinked: number }>(
      `SELECT (SELECT count(*)::int FROM outbox WHERE sent_at IS NULL) AS unsent,
              (SELECT count(*)::int FROM audit_log WHERE seq IS NULL AND id <= $1) AS unlinked`,
      [lastAudit],
    );
    expect(rows[0]).toEqual({ unsent: 0, unlinked: 0 });
  });
});

describe('the history is the same every time', () => {
  it('gives the same tickets, states and timelines from the same seed and end', async () => {
    const summaries: unknown[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { db, drop } = await testDb();
      try {
        await migrate(db);
        await seedDemo(db);
        const r = await generateHistory(baseOf(db), { days: 6, end, perWorkingDay: 5 });
        summaries.push({
          counts: r.counts,
          status: await countBy(db, 'SELECT status AS k, count(*)::int AS n FROM tickets GROUP BY 1'),
          events: await countBy(db, 'SELECT action AS k, count(*)::int AS n FROM events GROUP BY 1'),
          numbers: await countBy(db, `SELECT number || ' ' || left(content, 12) AS k, 1 AS n FROM tickets`),
          knowledge: await countBy(db, `SELECT e.state || ' ' || e.title || ' ' || coalesce(s.shown, 0) || '/' || coalesce(s.used, 0) AS k, 1 AS n FROM kb_entries e LEFT JOIN kb_entry_stats s ON s.entry_id = e.id`),
        });
      } finally {
        await drop().catch(() => {});
      }
    }
    expect(summaries[1]).toEqual(summaries[0]);
  }, 120_000);
});

describe('the demo knowledge base’s text', () => {
  it('names each entry once, and only entries and matters that exist', () => {
    const keys = ALL_ENTRIES.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThanOrEqual(60);
    const named = [...Object.values(MATTER_LOOKUPS), ...TOPICS].flatMap((l) => [...l.entries, ...(l.near ?? [])]);
    expect(named.filter((k) => !keys.includes(k))).toEqual([]);
    expect(REVISIONS.map((r) => r.key).filter((k) => !keys.includes(k))).toEqual([]);
    const matters = [...DISPATCHED, ...ANSWERED, ...CLOSED_AT_INTAKE].map((m) => m.key);
    expect(Object.keys(MATTER_LOOKUPS).filter((k) => !matters.includes(k))).toEqual([]);
  });
});

describe('DEMO_HISTORY', () => {
  it('is on by default, off with DEMO_HISTORY=off, and a wrong value is said in Chinese', () => {
    expect(configFromEnv({}).demoHistory).toBe(true);
    expect(configFromEnv({ DEMO_HISTORY: 'off' }).demoHistory).toBe(false);
    expect(() => configFromEnv({ DEMO_HISTORY: 'maybe' })).toThrow('DEMO_HISTORY 应为 on 或 off');
  });
});
