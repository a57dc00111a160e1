import type { Division } from './divisions.ts';
import type { Gazetteer } from './gazetteer.ts';
import { ALL_SPOKEN_SUFFIXES, PLACE_WORDS, ROAD_WORDS, SPOKEN_SUFFIXES, WORDS_AFTER_PLACE, WORDS_BEFORE_PLACE, type Level } from './names.ts';

/** One way to read a stretch of text as a division, with how much it is worth as evidence. */
export interface Reading {
  division: Division;
  /**
   * Evidence in log-odds, -ln(1 - p), where p is how often such a match really names that division.
   * Adding weights of independent mentions multiplies their odds of being wrong.
   */
  weight: number;
  /** True when the text is a full official name (大足区), false for a short form (大足). */
  full: boolean;
  /**
   * A short form inside a road or landmark name (长安路, 宝顶山) or inside an ordinary word (公积金):
   * it may support a place said otherwise, never decide one.
   */
  weak: boolean;
}

/** A stretch of the text that names one or more divisions. */
export interface Mention {
  start: number;
  end: number;
  text: string;
  readings: Reading[];
}

const logOdds = (p: number) => -Math.log(1 - p);

/**
 * How often a match of each kind names the division it spells. Towns are many (41k against 2.8k
 * counties) and their names recur, so a bare town name counts less than a county's: 西昌 is 西昌市
 * before it is 西昌镇 of 屯昌县.
 */
const P_FULL: Record<Level, number> = { province: 0.85, city: 0.85, county: 0.8, town: 0.7 };
/** Short form with the right kind of suffix said after it: 凉山州, 城步县, 裕隆乡. */
const P_SHORT_SUFFIXED: Record<Level, number> = { province: 0.75, city: 0.75, county: 0.75, town: 0.65 };
/** Short form with another suffix of the same level: 会理县 for 会理市, 宝顶乡 for 宝顶镇. */
const P_SHORT_OTHER_SUFFIX: Record<Level, number> = { province: 0.35, city: 0.35, county: 0.35, town: 0.3 };
/** Bare short form of two characters (大足, 龙岗) and of three or more (西双版纳). */
const P_SHORT_2: Record<Level, number> = { province: 0.6, city: 0.6, county: 0.6, town: 0.35 };
const P_SHORT_3: Record<Level, number> = { province: 0.65, city: 0.65, county: 0.65, town: 0.45 };
/** A full name whose stem is one character (和县, 寿县): such pairs also occur by chance (我和县里的人). */
const P_FULL_ONE_CHAR_STEM = 0.5;
/** An ordinary word that is also a name (城区, 经济开发区): only counts next to its parent. */
const P_GENERIC = 0.3;
const P_WEAK = 0.2;

/**
 * Punctuation, spaces and symbols split the text: a name never spans them. NFKC turns full-width
 * letters and digits into ASCII so "２号" and "2号" read alike.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '|');
}

/** The town suffixes 街道办事处 and 办事处 are said for 街道. */
const sameSuffix = (official: string, spoken: string) =>
  official.endsWith(spoken === '街道办事处' || spoken === '办事处' ? '街道' : spoken);

function startsWithAny(text: string, at: number, words: readonly string[]): string | undefined {
  return words.find((w) => text.startsWith(w, at));
}

/**
 * A reading found by the scan; `loose` marks two characters that may as well be part of another
 * word (a bare short form like 公安, a full name like 和县), checked by standsAlone below.
 */
interface Found {
  start: number;
  end: number;
  reading: Reading;
  loose: boolean;
}

const weakReading = (division: Division): Reading => ({ division, weight: logOdds(P_WEAK), full: false, weak: true });

/** Reads a short form found at [start, end): what follows it tells the level and whether it is a place at all. */
function readShort(text: string, start: number, end: number, division: Division): Found | null {
  const level = division.level;
  const suffix = startsWithAny(text, end, ALL_SPOKEN_SUFFIXES);
  if (suffix) {
    // 邵阳县 is not 邵阳市, and 西城街道 is not 西城区: a suffix of another level rules the reading out.
    if (!SPOKEN_SUFFIXES[level].includes(suffix)) return null;
    const p = sameSuffix(division.forms.full, suffix) ? P_SHORT_SUFFIXED[level] : P_SHORT_OTHER_SUFFIX[level];
    return { start, end: end + suffix.length, reading: { division, weight: logOdds(p), full: false, weak: false }, loose: false };
  }
  // 长安路 is a road far more often than 长安路街道, 火车站 a station rather than 火车站乡, and
  // 宝顶山 a mountain rather than 宝顶镇.
  const roadNamed = ROAD_WORDS.some((w) => division.forms.short?.endsWith(w));
  if (roadNamed || startsWithAny(text, end, PLACE_WORDS)) return { start, end, reading: weakReading(division), loose: false };
  const p = end - start >= 3 ? P_SHORT_3[level] : P_SHORT_2[level];
  return { start, end, reading: { division, weight: logOdds(p), full: false, weak: false }, loose: end - start === 2 };
}

/**
 * Whether a bare two-character short form stands as a word of its own: at both ends the text
 * starts or stops, another name touches it (大足|龙岗), or a word that goes around place names
 * does (在|大足|的). Two characters inside ordinary words are everywhere: 积金 in 公积金 (积金镇),
 * 公安 in 公安局 (公安县), 和平 in 希望和平解决 (和平区).
 */
function standsAlone(text: string, f: Found, starts: Set<number>, ends: Set<number>): boolean {
  const before = f.start === 0 || text[f.start - 1] === '|' || ends.has(f.start) || WORDS_BEFORE_PLACE.some((w) => text.endsWith(w, f.start));
  const after = f.end === text.length || text[f.end] === '|' || starts.has(f.end) || startsWithAny(text, f.end, WORDS_AFTER_PLACE) !== undefined;
  return before && after;
}

function readFull(division: Division, start: number, end: number): Found {
  const { forms } = division;
  const oneCharStem = !forms.generic && forms.suffix !== '' && forms.short === null;
  const p = forms.generic ? P_GENERIC : oneCharStem ? P_FULL_ONE_CHAR_STEM : P_FULL[division.level];
  return { start, end, reading: { division, weight: logOdds(p), full: true, weak: false }, loose: oneCharStem && end - start === 2 };
}

/**
 * Every place in `text` that names a division, longest readings kept: a name inside a longer name
 * (龙岗 in 龙岗街道, 西城 in 西城街道, 邵阳 in 邵阳县) is dropped in favour of the longer one.
 */
export function findMentions(text: string, gazetteer: Gazetteer): Mention[] {
  const s = normalizeText(text);
  const spans = new Map<string, Mention>();
  const add = (start: number, end: number, reading: Reading) => {
    const key = `${start}:${end}`;
    let m = spans.get(key);
    if (!m) spans.set(key, (m = { start, end, text: s.slice(start, end), readings: [] }));
    const same = m.readings.findIndex((r) => r.division === reading.division);
    if (same < 0) m.readings.push(reading);
    else if (m.readings[same]!.weight < reading.weight) m.readings[same] = reading;
  };
  const found: Found[] = [];
  for (let i = 0; i < s.length; i++) {
    for (let len = Math.min(gazetteer.maxLength, s.length - i); len >= 2; len--) {
      const entries = gazetteer.names.get(s.slice(i, i + len));
      if (!entries) continue;
      for (const entry of entries) {
        const f = entry.form === 'full' ? readFull(entry.division, i, i + len) : readShort(s, i, i + len, entry.division);
        if (f) found.push(f);
      }
    }
  }
  const starts = new Set(found.map((f) => f.start));
  const ends = new Set(found.map((f) => f.end));
  for (const f of found) {
    add(f.start, f.end, f.loose && !standsAlone(s, f, starts, ends) ? weakReading(f.reading.division) : f.reading);
  }
  const all = [...spans.values()];
  const strong = all.filter((m) => m.readings.some((r) => !r.weak));
  return all
    .filter((m) => !strong.some((o) => o !== m && o.start <= m.start && m.end <= o.end && o.end - o.start > m.end - m.start))
    .sort((a, b) => a.start - b.start || b.end - a.end);
}
