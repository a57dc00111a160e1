import { describe, expect, it } from 'vitest';
import { parseInstant } from '../calendar/civil-date.ts';
import { callFigures, callStats, type CallForStats } from './call-stats.ts';

const call = (at: string, outcome: CallForStats['outcome'], wait: number | null, talk: number | null, extra: Partial<CallForStats> = {}): CallForStats => ({
  offeredAt: parseInstant(at),
  outcome,
  waitSeconds: wait,
  talkSeconds: talk,
  queue: 'general',
  agent: '话务员王芳',
  dialled: '12345',
  ...extra,
});

describe('话务统计 (issue 14 item 4)', () => {
  it('凉山 第十条 接通率 and the 15-second answer (GB/T 33358-2016): counted over offered calls', () => {
    const f = callFigures([
      call('2026-12-02T09:00:00', 'answered', 5, 100),
      call('2026-12-02T09:01:00', 'answered', 15, 200),
      call('2026-12-02T09:02:00', 'answered', 16, 300),
      call('2026-12-02T09:03:00', 'abandoned', 40, null),
      call('2026-12-02T09:04:00', 'talking', 10, null),
    ]);
    expect(f).toMatchObject({ offered: 5, answered: 4, abandoned: 1, answeredWithin15: 3 });
    expect(f.answerRate).toBeCloseTo(0.8, 12);
    expect(f.answerRate15).toBeCloseTo(0.6, 12); // 15 s exactly counts as within
    expect(f.avgWaitSeconds).toBeCloseTo((5 + 15 + 16 + 10) / 4, 12); // abandoned waits are not answered waits
    expect(f.avgTalkSeconds).toBeCloseTo(200, 12); // the call still talking has no talk time yet
    expect(callFigures([]).answerRate).toBeNull();
  });

  it('groups by Beijing day and half-hour (a call at 23:50 Beijing is that day, not the next UTC one)', () => {
    const calls = [call('2026-12-02T23:50:00+08:00', 'answered', 3, 60), call('2026-12-02T09:29:59+08:00', 'abandoned', 9, null), call('2026-12-02T09:30:00+08:00', 'answered', 3, 60), call('2026-12-03T00:10:00+08:00', 'answered', 3, 60)];
    expect(callStats(calls, 'day').groups.map((g) => `${g.key}:${g.offered}`)).toEqual(['2026-12-02:3', '2026-12-03:1']);
    expect(callStats(calls, 'halfhour').groups.map((g) => g.key)).toEqual(['00:00', '09:00', '09:30', '23:30']);
    expect(callStats(calls, 'queue').total.offered).toBe(4);
    expect(callStats([...calls, call('2027-01-01T00:00:00+08:00', 'answered', 1, 1)], 'month').groups.map((g) => `${g.key}:${g.offered}`)).toEqual(['2026-12:4', '2027-01:1']);
  });
});
