import { describe, expect, it } from 'vitest';
import { Calendar, formatInstant, openLabel, openState, parseInstant, unitCalendar } from './index.ts';

const base = new Calendar();
const at = (s: string) => parseInstant(s);

describe('a unit\'s own hours (邵阳 第二十条 24小时响应制度)', () => {
  it('around the clock a working-hour clock runs through nights, weekends and holidays; working days stay working days', () => {
    const cal = unitCalendar(base, { mode: 'aroundTheClock' });
    // Wednesday 2026-09-30 22:00 + 10 h, into the 国庆 holiday (10/1–10/7); the office reopens on 10/8
    expect(formatInstant(cal.addWorkingHours(at('2026-09-30T22:00'), 10))).toBe('2026-10-01T08:00:00+08:00');
    expect(formatInstant(base.addWorkingHours(at('2026-09-30T22:00'), 1))).toBe('2026-10-08T09:30:00+08:00');
    expect(cal.workingMinutesBetween(at('2026-10-01T00:00'), at('2026-10-02T00:00'))).toBe(1440);
    expect(formatInstant(cal.dueAfterWorkingDays(at('2026-09-30T22:00'), 1))).toBe(formatInstant(base.dueAfterWorkingDays(at('2026-09-30T22:00'), 1)));
    expect(unitCalendar(base, { mode: 'aroundTheClock' })).toBe(cal);
    expect(unitCalendar(base, null)).toBe(base);
  });

  it('open now: a 调休 Saturday is worked, a holiday is not', () => {
    // 2026-10-10 (Saturday) is a make-up workday; 2026-10-05 is in the 国庆 holiday
    expect(openState(base, at('2026-10-10T09:00')).open).toBe(true);
    const closed = openState(base, at('2026-10-05T09:00'));
    expect(closed.open).toBe(false);
    expect(formatInstant(closed.opensAt!)).toBe('2026-10-08T08:30:00+08:00');
    expect(openLabel(closed, at('2026-10-05T09:00'))).toBe('非办公时间，10月8日（周四）08:30 上班');
    const own = unitCalendar(base, { mode: 'own', hours: { schedules: [{ windows: ['07:00-19:00'] }] } });
    expect(openLabel(openState(own, at('2026-10-09T18:00')), at('2026-10-09T18:00'))).toBe('办公中，至 19:00');
    expect(openLabel(openState(base, at('2026-10-09T18:00')), at('2026-10-09T18:00'))).toBe('非办公时间，明天 08:30 上班');
  });
});
