// chinese-days' own functions misread dates west of UTC; compare against them in Beijing time.
process.env.TZ = 'Asia/Shanghai';
import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Calendar,
  dayFromYmd,
  formatDay,
  formatInstant,
  overrideFromIcs,
  overrideFromJson,
  parseDay,
  parseInstant,
} from './index.ts';

const cal = new Calendar();
const working = (d: string) => cal.isWorkingDay(parseDay(d));
const add = (d: string, n: number) => formatDay(cal.addWorkingDays(parseDay(d), n));

describe('official national calendar', () => {
  it.each([
    // 2026 (国办发明电〔2025〕7号): 春节 2/15–2/23 off, 2/14 and 2/28 (Saturdays) worked
    ['2026-02-14', true, 'makeup'],
    ['2026-02-15', false, 'holiday'],
    ['2026-02-23', false, 'holiday'],
    ['2026-02-28', true, 'makeup'],
    // 国庆 10/1–10/7 off, 9/20 (Sunday) and 10/10 (Saturday) worked
    ['2026-09-20', true, 'makeup'],
    ['2026-10-01', false, 'holiday'],
    ['2026-10-07', false, 'holiday'],
    ['2026-10-08', true, 'workday'],
    ['2026-10-10', true, 'makeup'],
    ['2026-10-11', false, 'weekend'],
    // 2025: 春节 1/28–2/4, 1/26 and 2/8 worked; 劳动节 5/1–5/5, 4/27 worked
    ['2025-01-26', true, 'makeup'],
    ['2025-02-04', false, 'holiday'],
    ['2025-02-08', true, 'makeup'],
    ['2025-04-27', true, 'makeup'],
    ['2025-05-05', false, 'holiday'],
  ] as const)('%s is %s (%s)', (date, isWorking, kind) => {
    const info = cal.dayInfo(parseDay(date));
    expect(info.working).toBe(isWorking);
    expect(info.kind).toBe(kind);
    expect(info.provisional).toBe(false);
  });

  it('agrees with chinese-days on every day from 2004 to 2026', () => {
    const mismatches: string[] = [];
    for (let d = dayFromYmd(2004, 1, 1); d <= dayFromYmd(2026, 12, 31); d += 1) {
      const date = formatDay(d);
      const [y, m, dd] = date.split('-').map(Number) as [number, number, number];
      if (cal.isWorkingDay(d) !== chineseDays.isWorkday(new Date(y, m - 1, dd))) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });

  it('names festivals and make-up workdays in Chinese', () => {
    expect(cal.dayInfo(parseDay('2026-10-02')).name).toBe('国庆节');
    expect(cal.dayInfo(parseDay('2026-02-14')).name).toBe('春节调休上班');
  });
});

describe('provisional years (no official notice yet)', () => {
  const y2027 = cal.yearSummary(2027);

  it('marks 2027 provisional and computes the statutory days with lunar dates', () => {
    expect(y2027.status).toBe('provisional');
    const off = y2027.daysOff.map((d) => d.date);
    // 元旦; 春节 除夕 2/5 to 初三 2/8 (正月初一 = 2027-02-06); 清明 4/5; 劳动节; 端午 6/9; 中秋 9/15; 国庆
    for (const d of ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05',
      '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03']) {
      expect(off).toContain(d);
    }
  });

  it('makes up statutory days that fall on a weekend (放假办法 第六条)', () => {
    // 春节 2/6–2/7 fall on Sat/Sun → 2/9, 2/10; 劳动节 5/1–5/2 → 5/3, 5/4; 国庆 10/2–10/3 → 10/4, 10/5
    for (const d of ['2027-02-09', '2027-02-10', '2027-05-03', '2027-05-04', '2027-10-04', '2027-10-05']) {
      expect(working(d), d).toBe(false);
      expect(cal.dayInfo(parseDay(d)).name).toMatch(/补假/);
    }
    expect(working('2027-02-11')).toBe(true);
  });

  it('never makes a statutory holiday a workday, and invents no make-up workday', () => {
    expect(y2027.makeupWorkdays).toEqual([]);
    for (const year of [2027, 2030, 2045]) {
      const s = cal.yearSummary(year);
      expect(s.status).toBe('provisional');
      expect(s.daysOff.length).toBeGreaterThanOrEqual(13);
      expect(working(`${year}-10-01`)).toBe(false);
      expect(working(`${year}-05-01`)).toBe(false);
    }
  });

  it('flags any answer that touches a provisional year', () => {
    expect(cal.isProvisional(parseDay('2026-12-20'), parseDay('2026-12-31'))).toBe(false);
    expect(cal.isProvisional(parseDay('2026-12-31'), parseDay('2027-01-04'))).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it('does not count the start day (民法典 第二百零一条) and skips 调休 correctly', () => {
    expect(add('2026-02-13', 1)).toBe('2026-02-14'); // Friday → make-up Saturday
    expect(add('2026-02-14', 1)).toBe('2026-02-24');
    expect(add('2026-09-30', 1)).toBe('2026-10-08');
    expect(add('2026-09-30', 3)).toBe('2026-10-10');
    expect(add('2026-12-31', 1)).toBe('2027-01-04'); // 2027-01-01 provisional 元旦
  });

  it('n = 0 is the same day when worked, else the next working day', () => {
    expect(add('2026-10-09', 0)).toBe('2026-10-09');
    expect(add('2026-10-03', 0)).toBe('2026-10-08');
  });

  it('negative n counts back', () => {
    expect(add('2026-10-08', -1)).toBe('2026-09-30');
    expect(add('2026-02-24', -1)).toBe('2026-02-14');
    expect(add('2026-10-05', -2)).toBe('2026-09-29');
  });

  it('agrees with a day-by-day count for every start date 2004–2027 and n = 0..30', () => {
    const naive = (start: number, n: number) => {
      let d = start;
      if (n === 0) {
        while (!cal.isWorkingDay(d)) d += 1;
        return d;
      }
      let left = n;
      while (left > 0) {
        d += 1;
        if (cal.isWorkingDay(d)) left -= 1;
      }
      return d;
    };
    let checked = 0;
    for (let d = dayFromYmd(2004, 1, 1); d <= dayFromYmd(2027, 12, 31); d += 1) {
      for (let n = 0; n <= 30; n += 1) {
        const fast = cal.addWorkingDays(d, n);
        if (fast !== naive(d, n)) throw new Error(`${formatDay(d)} + ${n}: ${formatDay(fast)} ≠ ${formatDay(naive(d, n))}`);
        checked += 1;
      }
    }
    expect(checked).toBe((dayFromYmd(2027, 12, 31) - dayFromYmd(2004, 1, 1) + 1) * 31);
  });

  it('answers across years far ahead without a gap', () => {
    expect(add('2098-12-20', 10)).toMatch(/^2099-01-0\d$/);
  });

  it('refuses dates before 2004', () => {
    expect(() => add('2003-12-31', 1)).toThrow(/2004/);
  });
});

describe('working hours', () => {
  const at = (s: string) => parseInstant(s);
  const fmt = formatInstant;

  it('runs only inside office windows on working days', () => {
    expect(fmt(cal.addWorkingHours(at('2026-11-20T16:00'), 3))).toBe('2026-11-23T10:00:00+08:00');
    expect(fmt(cal.addWorkingHours(at('2026-11-23T11:00'), 2))).toBe('2026-11-23T15:00:00+08:00');
    expect(fmt(cal.addWorkingHours(at('2026-11-23T07:00'), 1))).toBe('2026-11-23T09:30:00+08:00');
    expect(fmt(cal.addWorkingHours(at('2026-11-23T11:00'), 1))).toBe('2026-11-23T12:00:00+08:00');
    // registered during the 国庆 holiday: the clock starts on the first working morning
    expect(fmt(cal.addWorkingHours(at('2026-10-03T10:00'), 3))).toBe('2026-10-08T11:30:00+08:00');
  });

  it('follows seasonal schedules', () => {
    const summer = new Calendar({
      workingHours: {
        schedules: [
          { name: '夏季', from: '05-01', to: '09-30', windows: ['08:30-12:00', '14:30-18:00'] },
          { name: '冬季', windows: ['09:00-12:00', '13:30-17:00'] },
        ],
      },
    });
    expect(fmt(summer.addWorkingHours(at('2026-07-01T11:00'), 2))).toBe('2026-07-01T15:30:00+08:00');
    expect(fmt(summer.addWorkingHours(at('2026-11-23T11:00'), 2))).toBe('2026-11-23T14:30:00+08:00');
  });

  it('measures working time between two instants, also when overdue', () => {
    expect(cal.workingMinutesBetween(at('2026-11-20T16:00'), at('2026-11-23T10:00'))).toBe(180);
    expect(cal.workingMinutesBetween(at('2026-11-23T10:00'), at('2026-11-20T16:00'))).toBe(-180);
    // a whole working week of 7-hour days
    expect(cal.workingMinutesBetween(at('2026-11-23T00:00'), at('2026-11-28T00:00'))).toBe(5 * 420);
    const left = cal.remaining(at('2026-09-30T10:00'), cal.dueAfterWorkingDays(at('2026-09-30T10:00'), 2));
    expect(left).toMatchObject({ overdue: false, workingDays: 2 });
    const late = cal.remaining(at('2026-10-12T10:00'), cal.dueAfterWorkingDays(at('2026-09-30T10:00'), 1));
    expect(late.overdue).toBe(true);
    expect(late.workingDays).toBe(-3);
  });

  it('addWorkingHours and workingMinutesBetween agree for any start and length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: parseInstant('2024-01-01T00:00'), max: parseInstant('2027-12-01T00:00') }),
        fc.integer({ min: 1, max: 40 * 60 }),
        (t0, minutes) => {
          const t = t0 - (t0 % 60_000);
          const due = cal.addWorkingHours(t, minutes / 60);
          return Math.round(cal.workingMinutesBetween(t, due)) === minutes;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('can end a day-clock at close of business (民法典 第二百零三条)', () => {
    const cob = new Calendar({ dueAt: 'closeOfBusiness' });
    expect(fmt(cob.dueAfterWorkingDays(at('2026-09-30T10:00'), 1))).toBe('2026-10-08T17:30:00+08:00');
    expect(fmt(cal.dueAfterWorkingDays(at('2026-09-30T10:00'), 1))).toBe('2026-10-08T23:59:59+08:00');
  });

  it('rejects overlapping or malformed windows with a Chinese message', () => {
    expect(() => new Calendar({ workingHours: { schedules: [{ windows: ['08:30-12:00', '11:00-17:00'] }] } })).toThrow(/重叠/);
    expect(() => new Calendar({ workingHours: { schedules: [{ windows: ['8:30-12'] }] } })).toThrow(/HH:mm/);
  });
});

describe('overrides', () => {
  it('an official file replaces the provisional year, 调休 included', () => {
    const official = overrideFromJson({
      name: '2027年部分节假日安排（示例）',
      official: [2027],
      days: [
        { date: '2027-02-05', to: '2027-02-12', work: false, name: '春节' },
        { date: '2027-02-14', work: true, name: '春节调休上班' },
        { date: '2027-10-01', to: '2027-10-07', work: false, name: '国庆节' },
        { date: '2027-10-09', work: true, name: '国庆节调休上班' },
      ],
    });
    const c = new Calendar({ overrides: [official] });
    const s = c.yearSummary(2027);
    expect(s.status).toBe('official');
    expect(c.isWorkingDay(parseDay('2027-02-14'))).toBe(true);
    expect(c.isWorkingDay(parseDay('2027-02-11'))).toBe(false);
    expect(c.isWorkingDay(parseDay('2027-01-01'))).toBe(true); // this sample file leaves 元旦 out
    expect(c.isProvisional(parseDay('2027-03-01'))).toBe(false);
  });

  it('local days off lay over the national calendar; per-unit calendars stack', () => {
    const local = overrideFromJson({ name: '本地停工', days: [{ date: '2026-11-24', work: false, name: '本地停工' }] });
    const unit = overrideFromJson({ name: '街道补班', days: [{ date: '2026-11-28', work: true, name: '街道值班' }] });
    const c = new Calendar({ overrides: [local] });
    expect(c.isWorkingDay(parseDay('2026-11-24'))).toBe(false);
    expect(formatDay(c.addWorkingDays(parseDay('2026-11-23'), 1))).toBe('2026-11-25');
    const u = c.withOverrides([unit]);
    expect(u.isWorkingDay(parseDay('2026-11-28'))).toBe(true);
    expect(c.isWorkingDay(parseDay('2026-11-28'))).toBe(false);
    expect(c.yearSummary(2026).overrides).toEqual(['本地停工']);
  });

  it('reads ICS feeds: summaries with 班 are worked days, DTEND is exclusive', () => {
    const ics = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//CN', 'X-WR-CALNAME:2027 假期',
      'BEGIN:VEVENT', 'UID:a', 'DTSTART;VALUE=DATE:20270205', 'DTEND;VALUE=DATE:20270213', 'SUMMARY:春节 休', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:b', 'DTSTART;VALUE=DATE:20270214', 'DTEND;VALUE=DATE:20270215', 'SUMMARY:春节 班', 'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const o = overrideFromIcs(ics, { officialYears: [2027] });
    expect(o.name).toBe('2027 假期');
    const c = new Calendar({ overrides: [o] });
    expect(c.isWorkingDay(parseDay('2027-02-12'))).toBe(false);
    expect(c.isWorkingDay(parseDay('2027-02-13'))).toBe(false); // Saturday, plain weekend
    expect(c.isWorkingDay(parseDay('2027-02-14'))).toBe(true);
    expect(c.dayInfo(parseDay('2027-02-05')).name).toBe('春节');
  });

  it('rejects bad override files with clear messages', () => {
    expect(() => overrideFromJson({ days: [{ date: '2026-02-30', work: false, name: 'x' }] })).toThrow(/存在的/);
    expect(() => overrideFromJson({ days: [{ date: '2026-02-03', work: false }] })).toThrow();
    expect(() => overrideFromJson({ official: [2027], days: [{ date: '2027-02-14', work: true, name: '班' }] })).toThrow(/没有该年的放假日/);
    expect(() => overrideFromIcs('not ics')).toThrow(/ICS/);
  });
});
