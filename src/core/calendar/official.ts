import published from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { parseDay, yearOfDay } from './civil-date.ts';
import type { SpecialDay, YearArrangement } from './day-kind.ts';

/**
 * The official national arrangements (国务院办公厅关于部分节假日安排的通知) as published, read from the
 * data file the chinese-days package ships, so that no date is typed by hand here. It covers 2004
 * onwards and has no entry at all for a year whose notice is not out yet.
 *
 * We read the package's data file rather than its functions: those format dates with the
 * process's local-time methods, which shifts every date by a day west of UTC.
 */

interface PublishedData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** chinese-days names festivals "Spring Festival,春节,4": English, Chinese, statutory day count. */
function chineseName(raw: string): string {
  return raw.split(',')[1] ?? raw;
}

let byYear: Map<number, SpecialDay[]> | null = null;

function load(): Map<number, SpecialDay[]> {
  const map = new Map<number, SpecialDay[]>();
  const data = published as PublishedData;
  const add = (date: string, raw: string, work: boolean) => {
    const day = parseDay(date);
    const year = yearOfDay(day);
    const name = chineseName(raw);
    const list = map.get(year) ?? [];
    list.push({ day, work, name: work ? `${name}调休上班` : name });
    map.set(year, list);
  };
  for (const [date, raw] of Object.entries(data.holidays)) add(date, raw, false);
  for (const [date, raw] of Object.entries(data.workdays)) add(date, raw, true);
  for (const list of map.values()) list.sort((a, b) => a.day - b.day);
  return map;
}

export const OFFICIAL_FIRST_YEAR = 2004;

/** The official arrangement of a year, or null when none is published in the package. */
export function officialArrangement(year: number): YearArrangement | null {
  byYear ??= load();
  const days = byYear.get(year);
  if (!days || !days.some((d) => !d.work)) return null;
  return { year, status: 'official', source: `国务院办公厅关于${year}年部分节假日安排的通知（chinese-days 数据）`, days };
}
