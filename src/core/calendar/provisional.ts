import { LunarDay, SolarTerm } from 'tyme4ts';
import { dayFromYmd, weekdayOf, type DayNumber } from './civil-date.ts';
import type { SpecialDay, YearArrangement } from './day-kind.ts';

/**
 * A provisional arrangement for a year whose official notice is not out yet, from the statutory
 * rules alone: 《全国年节及纪念日放假办法》(2024年11月修订, 国务院令第795号).
 *  - 第二条: 元旦 1 day (1/1); 春节 4 days (除夕 and 正月初一至初三); 清明 1 day (the 清明 solar term);
 *    劳动节 2 days (5/1–5/2); 端午 1 day (五月初五); 中秋 1 day (八月十五); 国庆 3 days (10/1–10/3).
 *  - 第六条: a holiday for all citizens that falls on a Saturday or Sunday is made up (补假) on a
 *    working day — we take the next day that is neither a weekend nor a holiday.
 * The make-up workdays (调休上班日) each notice adds cannot be foreseen, so none are invented;
 * every answer that touches such a year is marked provisional until the official file is loaded.
 */
export function provisionalArrangement(year: number): YearArrangement {
  const festivals: Array<{ name: string; days: DayNumber[] }> = [];
  const springFestival = solarOf(LunarDay.fromYmd(year, 1, 1));
  festivals.push({ name: '元旦', days: [dayFromYmd(year, 1, 1)] });
  festivals.push({
    name: '春节',
    days: [springFestival - 1, springFestival, springFestival + 1, springFestival + 2],
  });
  festivals.push({ name: '清明节', days: [solarOf(SolarTerm.fromName(year, '清明').getJulianDay().getSolarDay())] });
  festivals.push({ name: '劳动节', days: [dayFromYmd(year, 5, 1), dayFromYmd(year, 5, 2)] });
  festivals.push({ name: '端午节', days: [solarOf(LunarDay.fromYmd(year, 5, 5))] });
  festivals.push({ name: '中秋节', days: [solarOf(LunarDay.fromYmd(year, 8, 15))] });
  festivals.push({ name: '国庆节', days: [dayFromYmd(year, 10, 1), dayFromYmd(year, 10, 2), dayFromYmd(year, 10, 3)] });

  const off = new Map<DayNumber, string>();
  for (const f of festivals) for (const d of f.days) off.set(d, f.name);
  // 第六条 补假: each statutory day on a weekend moves to the next free weekday, in date order.
  for (const [day, name] of [...off.entries()].sort((a, b) => a[0] - b[0])) {
    const wd = weekdayOf(day);
    if (wd !== 0 && wd !== 6) continue;
    let sub = day + 1;
    while (weekdayOf(sub) === 0 || weekdayOf(sub) === 6 || off.has(sub)) sub += 1;
    off.set(sub, `${name}（补假）`);
  }
  const days: SpecialDay[] = [...off.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([day, name]) => ({ day, work: false, name }));
  return {
    year,
    status: 'provisional',
    source: '按《全国年节及纪念日放假办法》（2024年修订）推算，待国务院办公厅公布当年安排后以官方为准',
    days,
  };
}

interface HasSolarDay {
  getSolarDay(): { getYear(): number; getMonth(): number; getDay(): number };
}
interface SolarDayLike {
  getYear(): number;
  getMonth(): number;
  getDay(): number;
}

function solarOf(x: HasSolarDay | SolarDayLike): DayNumber {
  const s = 'getSolarDay' in x ? x.getSolarDay() : x;
  return dayFromYmd(s.getYear(), s.getMonth(), s.getDay());
}
