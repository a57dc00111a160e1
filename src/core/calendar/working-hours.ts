import { z } from 'zod';
import { ymdFromDay, type DayNumber } from './civil-date.ts';

/**
 * Office hours: one or more windows a day, with seasonal schedules (many offices keep a summer
 * timetable with a later afternoon). Working-hour clocks (e.g. 凉山办法 第十二条（一）: 3 小时工作时间)
 * only run inside these windows, on working days.
 */

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MMDD = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const windowSchema = z
  .string()
  .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, '时段格式应为 HH:mm-HH:mm，例如 08:30-12:00')
  .refine((w) => {
    const [a, b] = w.split('-') as [string, string];
    return HHMM.test(a) && (HHMM.test(b) || b === '24:00') && toMinutes(a) < toMinutes(b);
  }, '时段的结束应晚于开始');

export const workingHoursSchema = z
  .object({
    schedules: z
      .array(
        z
          .object({
            name: z.string().optional(),
            /** First day of the season, MM-DD; a schedule without from/to is the default. */
            from: z.string().regex(MMDD, '季节起止应为 MM-DD').optional(),
            to: z.string().regex(MMDD, '季节起止应为 MM-DD').optional(),
            windows: z.array(windowSchema).min(1, '至少一个办公时段'),
          })
          .strict()
          .refine((s) => (s.from === undefined) === (s.to === undefined), '季节须同时写明 from 和 to'),
      )
      .min(1)
      .refine((list) => list.some((s) => s.from === undefined), '须有一个不带季节的默认作息'),
  })
  .strict();

export type WorkingHoursConfig = z.infer<typeof workingHoursSchema>;

export const DEFAULT_WORKING_HOURS: WorkingHoursConfig = {
  schedules: [{ name: '默认', windows: ['08:30-12:00', '14:00-17:30'] }],
};

/** Minutes since midnight: [start, end). */
export type Window = readonly [number, number];

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

interface CompiledSchedule {
  from: number | null; // month*100+day
  to: number | null;
  windows: Window[];
  minutes: number;
}

export class WorkingHours {
  private readonly schedules: CompiledSchedule[];

  constructor(config: WorkingHoursConfig = DEFAULT_WORKING_HOURS) {
    const parsed = workingHoursSchema.parse(config);
    this.schedules = parsed.schedules.map((s) => {
      const windows = s.windows
        .map((w) => w.split('-').map(toMinutes) as unknown as Window)
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < windows.length; i += 1) {
        if (windows[i]![0] < windows[i - 1]![1]) throw new Error(`办公时段重叠：${s.windows.join('、')}`);
      }
      const md = (t?: string) => (t ? Number(t.slice(0, 2)) * 100 + Number(t.slice(3)) : null);
      return { from: md(s.from), to: md(s.to), windows, minutes: windows.reduce((n, [a, b]) => n + b - a, 0) };
    });
    // Seasonal schedules first, so the default only applies outside every season.
    this.schedules.sort((a, b) => (a.from === null ? 1 : 0) - (b.from === null ? 1 : 0));
  }

  private scheduleOf(day: DayNumber): CompiledSchedule {
    const { month, day: d } = ymdFromDay(day);
    const md = month * 100 + d;
    for (const s of this.schedules) {
      if (s.from === null || s.to === null) return s;
      const inside = s.from <= s.to ? md >= s.from && md <= s.to : md >= s.from || md <= s.to;
      if (inside) return s;
    }
    return this.schedules[this.schedules.length - 1]!;
  }

  windowsOf(day: DayNumber): readonly Window[] {
    return this.scheduleOf(day).windows;
  }

  minutesOf(day: DayNumber): number {
    return this.scheduleOf(day).minutes;
  }
}
