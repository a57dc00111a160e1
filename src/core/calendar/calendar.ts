import {
  dayFromYmd,
  dayOfInstant,
  formatDay,
  MINUTE_MS,
  HOUR_MS,
  minuteOfDay,
  parseDay,
  startOfDay,
  weekdayOf,
  yearOfDay,
  type DayNumber,
  type Instant,
} from './civil-date.ts';
import type { DayKind, SpecialDay, YearArrangement } from './day-kind.ts';
import { OFFICIAL_FIRST_YEAR, officialArrangement } from './official.ts';
import type { CalendarOverride } from './overrides.ts';
import { provisionalArrangement } from './provisional.ts';
import { DEFAULT_WORKING_HOURS, WorkingHours, type WorkingHoursConfig } from './working-hours.ts';

export const FIRST_YEAR = OFFICIAL_FIRST_YEAR;
export const LAST_YEAR = 2099;

export interface CalendarOptions {
  workingHours?: WorkingHoursConfig;
  /** Applied in order; a later override wins over an earlier one for the same day. */
  overrides?: CalendarOverride[];
  /**
   * 民法典 第二百零三条: a period ends at 24:00 of its last day; where there are business hours, at the
   * close of business. 'endOfDay' (the default) or 'closeOfBusiness' (end of the last window).
   */
  dueAt?: 'endOfDay' | 'closeOfBusiness';
  /**
   * A unit that works around the clock (a 24-hour unit: 邵阳 第二十条 24小时响应制度): its working-hour
   * clocks run day and night, on every day. Working-day clocks still count working days.
   */
  aroundTheClock?: boolean;
}

export interface DayInfo {
  date: string;
  weekday: number;
  kind: DayKind;
  working: boolean;
  name: string | null;
  provisional: boolean;
}

export interface YearSummary {
  year: number;
  status: 'official' | 'provisional';
  source: string;
  overrides: string[];
  workingDays: number;
  daysOff: Array<{ date: string; weekday: number; name: string }>;
  makeupWorkdays: Array<{ date: string; weekday: number; name: string }>;
}

export interface Remaining {
  overdue: boolean;
  /** Working minutes from now to due (negative when overdue), inside office hours. */
  workingMinutes: number;
  /** Working days after today up to the due day (negative when the due day has passed). */
  workingDays: number;
}

/**
 * The per-deployment index: for each day since FIRST_YEAR whether it is worked, how many working
 * days and working minutes precede it, and the ordinal → day table. Every operation is then a few
 * array reads, with no loop over days.
 */
interface Index {
  first: DayNumber;
  lastYear: number;
  kind: Uint8Array;
  names: Array<string | undefined>;
  /** cumWork[i]: working days among days first..first+i (inclusive). */
  cumWork: Int32Array;
  /** cumMinutes[i]: working minutes before the start of day first+i. */
  cumMinutes: Float64Array;
  /** workList[k]: index of the (k+1)-th working day. */
  workList: Int32Array;
  provisionalYear: Uint8Array;
  arrangements: Map<number, { base: YearArrangement; overrides: string[] }>;
}

const KIND_CODE: Record<DayKind, number> = { workday: 0, weekend: 1, holiday: 2, makeup: 3 };
const CODE_KIND: DayKind[] = ['workday', 'weekend', 'holiday', 'makeup'];

export class CalendarRangeError extends RangeError {
  override name = 'CalendarRangeError';
}

export class Calendar {
  readonly hours: WorkingHours;
  private readonly hoursConfig: WorkingHoursConfig;
  private readonly overrides: CalendarOverride[];
  private readonly dueAt: 'endOfDay' | 'closeOfBusiness';
  readonly aroundTheClock: boolean;
  private index: Index | null = null;
  private dayStrings: string[] = [];

  constructor(options: CalendarOptions = {}) {
    this.hoursConfig = options.workingHours ?? DEFAULT_WORKING_HOURS;
    this.hours = new WorkingHours(this.hoursConfig);
    this.overrides = options.overrides ?? [];
    this.dueAt = options.dueAt ?? 'endOfDay';
    this.aroundTheClock = options.aroundTheClock ?? false;
  }

  /** A calendar with more overrides laid on top, e.g. a unit's own days off. */
  withOverrides(extra: CalendarOverride[]): Calendar {
    return new Calendar({ workingHours: this.hoursConfig, overrides: [...this.overrides, ...extra], dueAt: this.dueAt, aroundTheClock: this.aroundTheClock });
  }

  /** The same days with other office hours, or around the clock: a unit's own hours (core/calendar/unit-hours.ts). */
  withHours(hours: WorkingHoursConfig | 'aroundTheClock'): Calendar {
    const around = hours === 'aroundTheClock';
    return new Calendar({ workingHours: around ? this.hoursConfig : hours, overrides: this.overrides, dueAt: this.dueAt, aroundTheClock: around });
  }

  // ---------------------------------------------------------------- index

  private build(lastYear: number): Index {
    const first = dayFromYmd(FIRST_YEAR, 1, 1);
    const end = dayFromYmd(lastYear + 1, 1, 1);
    const size = end - first;
    const kind = new Uint8Array(size);
    const names: Array<string | undefined> = new Array(size);
    const cumWork = new Int32Array(size);
    const cumMinutes = new Float64Array(size + 1);
    const work: number[] = [];
    const provisionalYear = new Uint8Array(lastYear - FIRST_YEAR + 1);
    const arrangements = new Map<number, { base: YearArrangement; overrides: string[] }>();

    for (let year = FIRST_YEAR; year <= lastYear; year += 1) {
      const { base, special, applied } = this.arrangementFor(year);
      arrangements.set(year, { base, overrides: applied });
      provisionalYear[year - FIRST_YEAR] = base.status === 'provisional' ? 1 : 0;
      const yStart = dayFromYmd(year, 1, 1);
      const yEnd = dayFromYmd(year + 1, 1, 1);
      for (let d = yStart; d < yEnd; d += 1) {
        const i = d - first;
        const wd = weekdayOf(d);
        const weekend = wd === 0 || wd === 6;
        const s = special.get(d);
        const working = s ? s.work : !weekend;
        let k: DayKind;
        if (working) k = weekend ? 'makeup' : 'workday';
        else k = weekend && !s ? 'weekend' : 'holiday';
        kind[i] = KIND_CODE[k];
        names[i] = s?.name;
        cumWork[i] = (i > 0 ? cumWork[i - 1]! : 0) + (working ? 1 : 0);
        cumMinutes[i + 1] = cumMinutes[i]! + (working ? this.hours.minutesOf(d) : 0);
        if (working) work.push(i);
      }
    }
    return {
      first,
      lastYear,
      kind,
      names,
      cumWork,
      cumMinutes,
      workList: Int32Array.from(work),
      provisionalYear,
      arrangements,
    };
  }

  private arrangementFor(year: number): {
    base: YearArrangement;
    special: Map<DayNumber, SpecialDay>;
    applied: string[];
  } {
    const inYear = (d: SpecialDay) => yearOfDay(d.day) === year;
    const officialOverride = [...this.overrides].reverse().find((o) => o.officialYears.includes(year));
    let base: YearArrangement;
    if (officialOverride) {
      base = { year, status: 'official', source: officialOverride.name, days: officialOverride.days.filter(inYear) };
    } else {
      base = officialArrangement(year) ?? provisionalArrangement(year);
    }
    const special = new Map<DayNumber, SpecialDay>();
    for (const d of base.days) special.set(d.day, d);
    const applied: string[] = [];
    for (const o of this.overrides) {
      if (o === officialOverride) continue;
      const days = o.days.filter(inYear);
      if (days.length === 0) continue;
      applied.push(o.name);
      for (const d of days) special.set(d.day, d);
    }
    return { base, special, applied };
  }

  private ensure(year: number): Index {
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw new CalendarRangeError(`日历只支持 ${FIRST_YEAR}–${LAST_YEAR} 年：${year}`);
    }
    if (!this.index || year > this.index.lastYear) {
      // One year of headroom past the year asked for, so a span that crosses New Year stays inside.
      const lastYear = Math.min(LAST_YEAR, Math.max(year + 1, this.index?.lastYear ?? 2027));
      this.index = this.build(lastYear);
      this.dayStrings = [];
    }
    return this.index;
  }

  private indexOf(day: DayNumber): [Index, number] {
    let idx = this.index;
    if (!idx || day < idx.first || day - idx.first >= idx.kind.length) idx = this.ensure(yearOfDay(day));
    return [idx, day - idx.first];
  }

  // ---------------------------------------------------------------- days

  isWorkingDay(day: DayNumber): boolean {
    const [idx, i] = this.indexOf(day);
    const k = idx.kind[i]!;
    return k === 0 || k === 3;
  }

  dayInfo(day: DayNumber): DayInfo {
    const [idx, i] = this.indexOf(day);
    const kind = CODE_KIND[idx.kind[i]!]!;
    return {
      date: formatDay(day),
      weekday: weekdayOf(day),
      kind,
      working: kind === 'workday' || kind === 'makeup',
      name: idx.names[i] ?? null,
      provisional: idx.provisionalYear[yearOfDay(day) - FIRST_YEAR] === 1,
    };
  }

  /** Whether any day from a to b (inclusive) lies in a year without an official arrangement. */
  isProvisional(a: DayNumber, b: DayNumber = a): boolean {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    this.indexOf(hi);
    this.indexOf(lo);
    const idx = this.index!;
    for (let y = yearOfDay(lo); y <= yearOfDay(hi); y += 1) {
      if (idx.provisionalYear[y - FIRST_YEAR] === 1) return true;
    }
    return false;
  }

  /**
   * The n-th working day after `day`, the day itself not counted (民法典 第二百零一条).
   * n = 0: the day itself when it is worked, else the next working day ("the same working day").
   * n < 0: the |n|-th working day before `day`.
   */
  addWorkingDays(day: DayNumber, n: number): DayNumber {
    if (!Number.isInteger(n)) throw new RangeError(`工作日数应为整数：${n}`);
    const [idx, i] = this.indexOf(day);
    const k = idx.kind[i]!;
    const working = k === 0 || k === 3 ? 1 : 0;
    let pos: number;
    if (n > 0) pos = idx.cumWork[i]! + n - 1;
    else if (n === 0) pos = idx.cumWork[i]! - working;
    else pos = idx.cumWork[i]! - working + n;
    if (pos < 0) throw new CalendarRangeError(`日历只支持 ${FIRST_YEAR} 年以后的日期`);
    if (pos >= idx.workList.length) {
      this.ensure(idx.lastYear + 1);
      return this.addWorkingDays(day, n);
    }
    return idx.workList[pos]! + idx.first;
  }

  /** Same as addWorkingDays on `YYYY-MM-DD` text, for tools and the benchmark. */
  addWorkingDaysIso(date: string, n: number): string {
    const day = parseDay(date);
    const result = this.addWorkingDays(day, n);
    const idx = this.index!;
    const i = result - idx.first;
    return (this.dayStrings[i] ??= formatDay(result));
  }

  /** Working days in (a, b]: positive when b is later. */
  workingDaysBetween(a: DayNumber, b: DayNumber): number {
    const [idx, j] = this.indexOf(b);
    const [idx2, i] = this.indexOf(a);
    if (idx !== idx2) return this.workingDaysBetween(a, b);
    return idx.cumWork[j]! - idx.cumWork[i]!;
  }

  // ---------------------------------------------------------------- instants

  /** The instant a clock of n working days started at `from` runs out (民法典 第二百零一、二百零三条). */
  dueAfterWorkingDays(from: Instant, n: number): Instant {
    return this.endOf(this.addWorkingDays(dayOfInstant(from), n));
  }

  /** The deadline instant of a civil day: 23:59:59 (24:00) or the close of business. */
  endOf(day: DayNumber): Instant {
    if (this.dueAt === 'closeOfBusiness') {
      const windows = this.hours.windowsOf(day);
      return startOfDay(day) + windows[windows.length - 1]![1] * MINUTE_MS;
    }
    return startOfDay(day + 1) - 1000;
  }

  /** Natural hours: the clock runs day and night (e.g. 邵阳办法 第十三条, a 7×24 hotline). */
  addHours(from: Instant, hours: number): Instant {
    return from + hours * HOUR_MS;
  }

  /** Working hours: the clock runs only inside office hours on working days. */
  addWorkingHours(from: Instant, hours: number): Instant {
    if (this.aroundTheClock) return this.addHours(from, hours);
    let minutes = hours * 60;
    let day = dayOfInstant(from);
    let minute = minuteOfDay(from);
    if (minutes <= 0) return from;
    if (!this.isWorkingDay(day)) {
      day = this.addWorkingDays(day, 0);
      minute = 0;
    }
    for (;;) {
      for (const [s, e] of this.hours.windowsOf(day)) {
        if (minute >= e) continue;
        const start = Math.max(minute, s);
        const available = e - start;
        if (minutes <= available) return startOfDay(day) + (start + minutes) * MINUTE_MS;
        minutes -= available;
        minute = e;
      }
      day = this.addWorkingDays(day, 1);
      minute = 0;
    }
  }

  /** Working minutes from a to b inside office hours (negative when b is earlier). */
  workingMinutesBetween(a: Instant, b: Instant): number {
    if (this.aroundTheClock) return (b - a) / MINUTE_MS;
    return this.workedBefore(b) - this.workedBefore(a);
  }

  private workedBefore(t: Instant): number {
    const day = dayOfInstant(t);
    const [idx, i] = this.indexOf(day);
    let total = idx.cumMinutes[i]!;
    const k = idx.kind[i]!;
    if (k === 0 || k === 3) {
      const m = minuteOfDay(t);
      for (const [s, e] of this.hours.windowsOf(day)) {
        if (m <= s) break;
        total += Math.min(m, e) - s;
      }
    }
    return total;
  }

  remaining(now: Instant, due: Instant): Remaining {
    return {
      overdue: now > due,
      workingMinutes: Math.round(this.workingMinutesBetween(now, due)),
      workingDays: this.workingDaysBetween(dayOfInstant(now), dayOfInstant(due)),
    };
  }

  // ---------------------------------------------------------------- years

  yearSummary(year: number): YearSummary {
    const idx = this.ensure(year);
    const { base, overrides } = idx.arrangements.get(year)!;
    const daysOff: YearSummary['daysOff'] = [];
    const makeupWorkdays: YearSummary['makeupWorkdays'] = [];
    let workingDays = 0;
    for (let d = dayFromYmd(year, 1, 1); d < dayFromYmd(year + 1, 1, 1); d += 1) {
      const info = this.dayInfo(d);
      if (info.working) workingDays += 1;
      if (info.kind === 'holiday') daysOff.push({ date: info.date, weekday: info.weekday, name: info.name ?? '休息' });
      if (info.kind === 'makeup') makeupWorkdays.push({ date: info.date, weekday: info.weekday, name: info.name ?? '上班' });
    }
    return { year, status: base.status, source: base.source, overrides, workingDays, daysOff, makeupWorkdays };
  }
}

