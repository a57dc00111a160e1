import { isAncestor, pathOf, type Division } from './divisions.ts';
import { packagedGazetteer, type Gazetteer } from './gazetteer.ts';
import { findMentions, type Mention, type Reading } from './mentions.ts';

export interface Place {
  name: string;
  code: string;
}

/** A division with its ancestors; `city` is null where there is no prefecture level (重庆市大足区). */
export interface LocatedPath {
  province: Place | null;
  city: Place | null;
  county: Place | null;
  town: Place | null;
  /** The most specific code: 9-digit town code, else the 6-digit code of the county, city or province. */
  code: string | null;
}

export interface Located extends LocatedPath {
  /** 0 when nothing was found; at most 0.3 when the text fits several places equally well. */
  confidence: number;
  /** Empty when the answer is unique; otherwise the places the text may mean, best first. */
  candidates: LocatedPath[];
}

/**
 * Two readings whose evidence differs by less than this (in log-odds, a factor of ~1.4 in odds)
 * are treated as equally likely: the answer is ambiguous rather than a coin toss.
 */
const MARGIN = 0.35;
/** Each full official name the answer cannot explain (成都市 in "成都市大足区") makes it less sure. */
const CONFLICT_FACTOR = 0.7;
const MAX_CONFIDENCE_AMBIGUOUS = 0.3;
export const MAX_CANDIDATES = 20;

interface Occurrence {
  mention: Mention;
  reading: Reading;
}

interface Chain {
  division: Division;
  score: number;
  used: Mention[];
}

const overlaps = (a: Mention, b: Mention) => a.start < b.end && b.start < a.end;

/**
 * The best set of mentions supporting `division` as the answer: at most one mention per level of
 * its path, none overlapping, its own level always among them. Null when no set qualifies: all
 * mentions weak (a road name alone), or a generic name (城区) without a parent mentioned.
 */
function bestChain(division: Division, byDivision: Map<Division, Occurrence[]>): Chain | null {
  const path = pathOf(division);
  const options = path.map((d) => byDivision.get(d) ?? []);
  let best: Chain | null = null;
  const chosen: Occurrence[] = [];
  const visit = (level: number, score: number) => {
    if (level === path.length) {
      const own = chosen.find((o) => o.reading.division === division);
      if (!own || chosen.every((o) => o.reading.weak)) return;
      const parentSaid = chosen.some((o) => o.reading.division !== division && !o.reading.weak);
      if (division.forms.generic && !parentSaid) return;
      if (!best || score > best.score) best = { division, score, used: chosen.map((o) => o.mention) };
      return;
    }
    const isOwn = level === path.length - 1;
    if (!isOwn) visit(level + 1, score);
    for (const o of options[level]!) {
      if (chosen.some((c) => overlaps(c.mention, o.mention))) continue;
      chosen.push(o);
      visit(level + 1, score + o.reading.weight);
      chosen.pop();
    }
  };
  visit(0, 0);
  return best;
}

function place(d: Division | undefined): Place | null {
  return d ? { name: d.name, code: d.code } : null;
}

function toPath(levels: { province?: Division; city?: Division; county?: Division; town?: Division }): LocatedPath {
  const deepest = levels.town ?? levels.county ?? levels.city ?? levels.province;
  return {
    province: place(levels.province),
    city: place(levels.city),
    county: place(levels.county),
    town: place(levels.town),
    code: deepest?.code ?? null,
  };
}

function levelsOf(d: Division) {
  return Object.fromEntries(pathOf(d).map((x) => [x.level, x])) as Partial<Record<Division['level'], Division>>;
}

/** The levels every candidate agrees on (two 城南街道 of one county still agree on the county). */
function commonLevels(divisions: Division[]) {
  const first = levelsOf(divisions[0]!);
  const rest = divisions.slice(1).map(levelsOf);
  const common: Partial<Record<Division['level'], Division>> = {};
  for (const level of ['province', 'city', 'county', 'town'] as const) {
    const d = first[level];
    if (!rest.every((r) => r[level] === d)) break;
    if (d) common[level] = d;
  }
  return common;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

const NOTHING: Located = { province: null, city: null, county: null, town: null, code: null, confidence: 0, candidates: [] };

/**
 * Where a caller's free text says the request is: province, city, county and town with their codes.
 * Tolerates missing levels, short names (大足, 凉山州) and noise around the address; when the text
 * fits several places (朝阳区, a town name alone) it answers with candidates instead of a guess.
 */
export function locate(text: string, gazetteer: Gazetteer = packagedGazetteer()): Located {
  const mentions = findMentions(text, gazetteer);
  const byDivision = new Map<Division, Occurrence[]>();
  for (const mention of mentions) {
    for (const reading of mention.readings) {
      const list = byDivision.get(reading.division);
      if (list) list.push({ mention, reading });
      else byDivision.set(reading.division, [{ mention, reading }]);
    }
  }
  const chains: Chain[] = [];
  for (const d of byDivision.keys()) {
    const chain = bestChain(d, byDivision);
    if (chain) chains.push(chain);
  }
  if (chains.length === 0) return NOTHING;

  const bestScore = Math.max(...chains.map((c) => c.score));
  let top = chains.filter((c) => c.score >= bestScore - MARGIN);
  // A place and one inside it both fit: the inner one must earn its detail by clearly more evidence
  // (大足区宝顶 → 宝顶镇), else the outer one is the safer answer (邵阳 → 邵阳市, not 邵阳县).
  top = top.filter(
    (c) =>
      !top.some((o) =>
        isAncestor(o.division, c.division)
          ? c.score - o.score < MARGIN
          : isAncestor(c.division, o.division) && o.score - c.score >= MARGIN,
      ),
  );
  top.sort((a, b) => b.score - a.score || a.division.code.localeCompare(b.division.code));

  const confidenceOf = (c: Chain) => 1 - Math.exp(-c.score);
  if (top.length === 1) {
    const chain = top[0]!;
    const onPath = new Set(pathOf(chain.division));
    const conflicts = mentions.filter(
      (m) =>
        !chain.used.some((u) => overlaps(u, m)) &&
        !m.readings.some((r) => onPath.has(r.division)) &&
        m.readings.some((r) => r.full && !r.division.forms.generic),
    ).length;
    const confidence = Math.min(0.99, confidenceOf(chain) * CONFLICT_FACTOR ** conflicts);
    return { ...toPath(levelsOf(chain.division)), confidence: round2(confidence), candidates: [] };
  }
  const confidence = Math.min(MAX_CONFIDENCE_AMBIGUOUS, confidenceOf(top[0]!) / top.length);
  return {
    ...toPath(commonLevels(top.map((c) => c.division))),
    confidence: round2(confidence),
    candidates: top.slice(0, MAX_CANDIDATES).map((c) => toPath(levelsOf(c.division))),
  };
}
