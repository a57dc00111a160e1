import { describe, expect, it } from 'vitest';
import { parseDay } from '../calendar/civil-date.ts';
import { answeredShare, agentsForAnswerRate } from './erlang-a.ts';
import { agentsFor } from './erlang-c.ts';
import { forecastDay, staffingPlan, type HalfHourCount } from './plan.ts';

const MONDAY = parseDay('2026-11-30');

/** Erlang B (loss system), by its recursion: the share of calls blocked with n agents. */
function erlangB(n: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

describe('坐席测算: the forecast of a day’s calls per half-hour (issue 14 item 5)', () => {
  it('is the mean of the same weekday’s half-hours over the last weeks; other weekdays and older weeks do not count', () => {
    const history: HalfHourCount[] = [
      // three earlier Mondays: 09:00 had 10, 20, 30 calls; 09:30 had 4 on one of them only
      { day: MONDAY - 7, half: 18, calls: 10 },
      { day: MONDAY - 14, half: 18, calls: 20 },
      { day: MONDAY - 21, half: 18, calls: 30 },
      { day: MONDAY - 21, half: 19, calls: 4 },
      // a Tuesday and a Monday five weeks back: outside
      { day: MONDAY - 6, half: 18, calls: 500 },
      { day: MONDAY - 35, half: 18, calls: 500 },
    ];
    const f = forecastDay(MONDAY, history, 4);
    expect(f.days).toEqual([MONDAY - 7, MONDAY - 14, MONDAY - 21]);
    expect(f.calls[18]).toBe(20);
    expect(f.calls[19]).toBeCloseTo(4 / 3);
    expect(f.calls[20]).toBe(0);
    expect(f.calls).toHaveLength(48);
    // a Monday of the last weeks without a single call is a week before the history began, not a quiet one
    expect(forecastDay(MONDAY, history, 2).days).toEqual([MONDAY - 7, MONDAY - 14]);
    expect(forecastDay(MONDAY, [], 4)).toMatchObject({ days: [] });
  });
});

describe('坐席测算: Erlang A for the 接通率 (凉山 第十条)', () => {
  it('callers who will not wait at all: the answered share is Erlang B’s 1 − blocking', () => {
    for (const [n, callsPerHour] of [[3, 40], [10, 150], [50, 900]] as const) {
      const a = (callsPerHour / 3600) * 200;
      expect(answeredShare(n, { callsPerHour, ahtSeconds: 200, patienceSeconds: 1e-6 })).toBeCloseTo(1 - erlangB(n, a), 4);
    }
  });

  it('callers who wait for ever: everyone is answered where agents exceed the traffic; the share rises with agents', () => {
    expect(answeredShare(12, { callsPerHour: 150, ahtSeconds: 200, patienceSeconds: 1e7 })).toBeCloseTo(1, 4);
    const shares = [4, 6, 8, 10, 12].map((n) => answeredShare(n, { callsPerHour: 150, ahtSeconds: 200, patienceSeconds: 90 }));
    for (let i = 1; i < shares.length; i++) expect(shares[i]!).toBeGreaterThan(shares[i - 1]!);
    const plan = agentsForAnswerRate({ callsPerHour: 150, ahtSeconds: 200, patienceSeconds: 90, target: 0.95 });
    expect(plan.answerRate).toBeGreaterThanOrEqual(0.95);
    expect(answeredShare(plan.agents - 1, { callsPerHour: 150, ahtSeconds: 200, patienceSeconds: 90 })).toBeLessThan(0.95);
    // hundreds of agents do not overflow
    expect(agentsForAnswerRate({ callsPerHour: 6000, ahtSeconds: 240, patienceSeconds: 60, target: 0.95 }).agents).toBeGreaterThan(380);
  });

  it('a half-hour needs the larger of the 15-second answer (80 % in 15 s) and the 95 % 接通率; none where no call is expected', () => {
    const calls = Array.from({ length: 48 }, (_, h) => (h === 20 ? 50 : 0));
    const plan = staffingPlan(calls, { ahtSeconds: 210, patienceSeconds: 90 }, Array.from({ length: 48 }, () => 5));
    const slot = plan[20]!;
    expect(slot.time).toBe('10:00');
    expect(slot.agentsForServiceLevel).toBe(agentsFor({ callsPerHour: 100, ahtSeconds: 210, answerWithinSeconds: 15, target: 0.8 }).agents);
    expect(slot.agentsForAnswerRate).toBe(agentsForAnswerRate({ callsPerHour: 100, ahtSeconds: 210, patienceSeconds: 90, target: 0.95 }).agents);
    expect(slot.agentsNeeded).toBe(Math.max(slot.agentsForServiceLevel, slot.agentsForAnswerRate));
    expect(slot.gap).toBe(5 - slot.agentsNeeded);
    expect(plan[3]).toMatchObject({ time: '01:30', agentsNeeded: 0, scheduled: 5, gap: 5 });
  });
});
