import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DAY_MS, formatDay, parseDay, startOfDay, weekdayOf, type DayNumber } from '../../core/calendar/civil-date.ts';
import { DEFAULT_TARGETS, forecastDay, HALF_HOURS, staffingPlan, type HalfHourCount } from '../../core/staffing/plan.ts';
import { mayReadCallRecords } from '../../core/telephony/access.ts';
import type { CallOutcome } from '../../core/telephony/call-record.ts';
import { callFigures, type CallForStats } from '../../core/telephony/call-stats.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { forbidden } from '../http/errors.ts';
import { day } from '../http/schemas.ts';

/** Until the history says otherwise: a 12345 call's talk, after-call work and a caller's patience, seconds. */
const ASSUMED = { talkSeconds: 180, afterCallSeconds: 30, patienceSeconds: 90 };
const HALF_MS = DAY_MS / HALF_HOURS;
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
// a Beijing half-hour as a number: (epoch seconds + 8 h) ÷ 30 min — China keeps no summer time
const SLOT = 'floor((extract(epoch FROM offered_at) + 28800) / 1800)::int';

/**
 * GET /api/telephony/staffing?date=: 坐席测算 for a day (issue 14 item 5, core/staffing/plan.ts) —
 * the calls each half-hour is forecast to bring (the same weekday over the last weeks), the agents
 * it needs for 80 % within 15 s (GB/T 33358-2016) and a 接通率 of 95 % (凉山 第十条), and the people
 * the 值班表 has at the hotline then; for a day that has had calls, beside what came and was answered.
 * The handle time and the callers' patience are measured on the same weeks' call records.
 */
export function staffingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/telephony/staffing',
    {
      schema: {
        tags: ['话务'],
        summary: '坐席测算：按星期几的半小时来电预测、各时段所需坐席（Erlang C 15 秒接通 80%，Erlang A 接通率 95%）与值班表排班',
        querystring: z.object({ date: day(), weeks: z.coerce.number().int().min(1, '至少 1 周').max(12, '最多 12 周').default(4) }).strict(),
      },
    },
    async (request) => {
      if (!mayReadCallRecords(request.actor!)) throw forbidden('只有热线中心的领导、分析员、督办员和系统管理员可以查看坐席测算');
      const { date, weeks } = request.query;
      return staffingFor(ctx.db, parseDay(date), weeks);
    },
  );
}

export async function staffingFor(db: Queryable, target: DayNumber, weeks: number) {
  const from = new Date(startOfDay(target - 7 * weeks));
  const dayStart = startOfDay(target);
  const dayEnd = new Date(startOfDay(target + 1));
  const { rows: counted } = await db.query<{ slot: number; n: number }>(
    `SELECT ${SLOT} AS slot, count(*)::int AS n FROM calls WHERE offered_at >= $1 AND offered_at < $2 AND direction = 'in' GROUP BY 1`,
    [from, new Date(dayStart)],
  );
  const history: HalfHourCount[] = counted.map((c) => ({ day: Math.floor(c.slot / HALF_HOURS), half: c.slot % HALF_HOURS, calls: c.n }));
  const forecast = forecastDay(target, history, weeks);
  const basis = await measuredBasis(db, from, dayEnd);
  const scheduled = await scheduledAgents(db, target);
  const plan = staffingPlan(forecast.calls, basis, scheduled);

  // the day itself, where it has had calls: what came, what was answered, and who answered
  const { rows: today } = await db.query<{ offered_at: Date; outcome: CallOutcome; wait_seconds: number | null; talk_seconds: number | null; extension: string | null }>(
    "SELECT offered_at, outcome, wait_seconds, talk_seconds, extension FROM calls WHERE offered_at >= $1 AND offered_at < $2 AND direction = 'in'",
    [new Date(dayStart), dayEnd],
  );
  const halves = Array.from({ length: HALF_HOURS }, () => ({ calls: [] as CallForStats[], agents: new Set<string>() }));
  for (const c of today) {
    const h = halves[Math.floor((c.offered_at.getTime() - dayStart) / HALF_MS)];
    if (!h) continue;
    h.calls.push({ offeredAt: c.offered_at.getTime(), outcome: c.outcome, waitSeconds: c.wait_seconds, talkSeconds: c.talk_seconds, queue: null, agent: null, dialled: null });
    if (c.extension && c.outcome !== 'abandoned' && c.outcome !== 'ringing') h.agents.add(c.extension);
  }
  const actualPlan = staffingPlan(halves.map((h) => h.calls.length), basis, null);
  const slots = plan.map((p, i) => {
    const figures = callFigures(halves[i]!.calls);
    return {
      ...p,
      actual: today.length ? { offered: figures.offered, answered: figures.answered, abandoned: figures.abandoned, answerRate: figures.answerRate, answerRate15: figures.answerRate15 } : null,
      // the agents the calls that did come needed, and the extensions that answered some
      actualAgentsNeeded: today.length ? actualPlan[i]!.agentsNeeded : null,
      agentsAnswering: today.length ? halves[i]!.agents.size : null,
    };
  });
  return {
    date: formatDay(target),
    weekday: WEEKDAYS[weekdayOf(target)]!,
    weeks,
    forecastFrom: forecast.days.map(formatDay).sort(),
    targets: { ...DEFAULT_TARGETS, basis: '15 秒内接通 80%（GB/T 33358-2016）；接通率不低于 95%（凉山 第十条）' },
    basis,
    rosterBasis: scheduled ? '值班表：热线中心的值班、领导接听及各单位负责人到热线中心轮值' : null,
    total: {
      forecastCalls: Math.round(forecast.calls.reduce((s, n) => s + n, 0)),
      peakAgentsNeeded: Math.max(0, ...plan.map((p) => p.agentsNeeded)),
      shortHalfHours: plan.filter((p) => p.gap !== null && p.gap < 0).length,
      actual: today.length ? callFigures(halves.flatMap((h) => h.calls)) : null,
      // for a day that has had calls: the same two figures for the calls that came
      actualPeakAgentsNeeded: today.length ? Math.max(0, ...actualPlan.map((p) => p.agentsNeeded)) : null,
      actualShortHalfHours: today.length && scheduled ? actualPlan.filter((p, i) => p.agentsNeeded > scheduled[i]!).length : null,
    },
    slots,
  };
}

/**
 * Handle time (talk + after-call work) and patience from the call records between `from` and `to`:
 * patience by the usual estimate for exponential patience, calls given up ÷ total seconds callers
 * waited (answered and abandoned alike); after-call work from the agents' states. Assumed where the
 * records do not tell (no answered call, no abandonment, no agent states).
 */
async function measuredBasis(db: Queryable, from: Date, to: Date) {
  const { rows } = await db.query<{ talk: number | null; abandoned: number; waited: number | null }>(
    `SELECT avg(talk_seconds) FILTER (WHERE outcome = 'answered')::float8 AS talk,
            count(*) FILTER (WHERE outcome = 'abandoned')::int AS abandoned,
            sum(wait_seconds) FILTER (WHERE outcome IN ('answered', 'talking', 'abandoned'))::float8 AS waited
       FROM calls WHERE offered_at >= $1 AND offered_at < $2 AND direction = 'in'`,
    [from, to],
  );
  const { rows: acw } = await db.query<{ acw: number | null }>(
    `SELECT avg(extract(epoch FROM next_at - at))::float8 AS acw FROM (
       SELECT state, at, lead(at) OVER (PARTITION BY extension ORDER BY at) AS next_at FROM agent_states WHERE at >= $1 AND at < $2
     ) s WHERE state = 'after_call' AND next_at IS NOT NULL AND next_at - at < interval '15 minutes'`,
    [from, to],
  );
  const m = rows[0]!;
  const talkSeconds = m.talk ?? ASSUMED.talkSeconds;
  const afterCallSeconds = acw[0]?.acw ?? ASSUMED.afterCallSeconds;
  const patienceSeconds = m.abandoned > 0 && m.waited ? Math.max(5, m.waited / m.abandoned) : ASSUMED.patienceSeconds;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    talkSeconds: round(talkSeconds),
    afterCallSeconds: round(afterCallSeconds),
    ahtSeconds: round(talkSeconds + afterCallSeconds),
    patienceSeconds: round(patienceSeconds),
    measured: { talk: m.talk !== null, afterCall: acw[0]?.acw != null, patience: m.abandoned > 0 && !!m.waited },
  };
}

/**
 * The people the 值班表 has answering at the hotline in each half-hour of the day: the center's own
 * entries (值班, 领导接听 — 邵阳 第八条 领导接听日) and any unit head's turn at the hotline (负责人轮值 —
 * 重庆 第六条（一）驻场轮值). Null where the day has none: no roster to compare with.
 */
async function scheduledAgents(db: Queryable, target: DayNumber): Promise<number[] | null> {
  const dayStart = startOfDay(target);
  const { rows } = await db.query<{ starts_at: Date; ends_at: Date }>(
    `SELECT d.starts_at, d.ends_at FROM duty_entries d JOIN units u ON u.id = d.unit_id
      WHERE (u.kind = 'center' OR d.kind = 'rota') AND d.starts_at < $2 AND d.ends_at > $1`,
    [new Date(dayStart), new Date(startOfDay(target + 1))],
  );
  if (!rows.length) return null;
  return Array.from({ length: HALF_HOURS }, (_, half) => {
    const a = dayStart + half * HALF_MS;
    const b = a + HALF_MS;
    // at work for most of the half-hour
    return rows.filter((e) => Math.min(b, e.ends_at.getTime()) - Math.max(a, e.starts_at.getTime()) >= HALF_MS / 2).length;
  });
}
