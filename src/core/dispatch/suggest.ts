import { regionPrefix } from '../territory/match-unit.ts';
import { applicableRules, categoryFit, regionWithin, type RoutingRule } from './routing.ts';

export interface CandidateUnit {
  id: string;
  name: string;
  kind: string;
  regionCode: string | null;
  responsibilities: readonly string[];
}

/** A category the ticket may belong to: as registered by the agent, or as the classifier reads it. */
export interface CategoryGuess {
  category: string;
  /** 0..1; a category the agent chose counts as certain. */
  confidence: number;
  source: 'ticket' | 'classifier';
  /** The words that drove the classifier. */
  words?: readonly string[];
  /** The domain the classifier named, when the text narrowed it to this matter. */
  readFrom?: string;
}

export interface Place {
  code: string;
  /** The most specific name located, e.g. 解放碑街道. */
  name: string;
}

export type ReasonKind = 'territory' | 'responsibility' | 'routing' | 'classifier' | 'emergency';
export interface SuggestionReason {
  kind: ReasonKind;
  text: string;
}

export interface UnitSuggestion {
  unitId: string;
  unitName: string;
  unitKind: string;
  /** 0..1, comparable between the suggestions of one ticket only. */
  score: number;
  reasons: SuggestionReason[];
}

export interface SuggestInput {
  text: string;
  guesses: readonly CategoryGuess[];
  place: Place | null;
  units: readonly CandidateUnit[];
  rules: readonly RoutingRule[];
  limit?: number;
}

// The weights say what decides: a line of the routing table for the category (属事, decided by
// the deployment), then a unit's own listed duties, then the place alone (属地).
const ROUTING_WEIGHT = 0.55;
const DUTY_WEIGHT = 0.25;
const TERRITORY_WEIGHT = 0.2;
const TERRITORIAL_KINDS = new Set(['street', 'district', 'community']);

interface Tally {
  unit: CandidateUnit;
  routing: number;
  duty: number;
  territory: number;
  reasons: SuggestionReason[];
}

/**
 * The units a ticket should most likely go to, best first, each with the reasons a dispatcher can
 * check at a glance. Pure: the caller supplies the located place, the category guesses, the units
 * and the routing table.
 */
export function suggestUnits(input: SuggestInput): UnitSuggestion[] {
  const units = input.units.filter((u) => u.kind !== 'center');
  const tallies = new Map<string, Tally>();
  const tally = (unit: CandidateUnit): Tally => {
    let t = tallies.get(unit.id);
    if (!t) tallies.set(unit.id, (t = { unit, routing: 0, duty: 0, territory: 0, reasons: [] }));
    return t;
  };
  const placeCode = input.place?.code ?? null;
  const inTerritory = (u: CandidateUnit) => !placeCode || !u.regionCode || regionWithin(placeCode, u.regionCode);

  for (const guess of refineGuesses(input.guesses, input.rules, input.text)) {
    for (const rule of applicableRules(input.rules, guess.category, placeCode)) {
      const targets = ruleTargets(rule, units, placeCode);
      const weight = ROUTING_WEIGHT * guess.confidence * (categoryFit(rule.category, guess.category) === 2 ? 1 : 0.9);
      for (const unit of targets) {
        const t = tally(unit);
        if (weight <= t.routing) continue;
        t.routing = weight;
        t.reasons = t.reasons.filter((r) => r.kind !== 'routing' && r.kind !== 'classifier');
        t.reasons.push({ kind: 'routing', text: `派单目录：${rule.category} → ${describeRule(rule, unit)}` });
        t.reasons.push(guessReason(guess));
      }
      if (targets.length) break; // the most specific line that names someone decides for this guess
    }
  }

  const matters = input.guesses.map((g) => g.category.split('/').pop()!);
  for (const unit of units) {
    if (!inTerritory(unit)) continue;
    const duty = unit.responsibilities.find((d) => input.text.includes(d) || matters.some((m) => m.includes(d) || d.includes(m)));
    if (!duty) continue;
    const t = tally(unit);
    t.duty = DUTY_WEIGHT;
    t.reasons.push({ kind: 'responsibility', text: `职责：${duty}` });
  }

  if (input.place) {
    const place = input.place;
    const territorial = units.filter((u) => TERRITORIAL_KINDS.has(u.kind) && regionWithin(place.code, u.regionCode));
    const depth = (u: CandidateUnit) => regionPrefix(u.regionCode)?.length ?? 0;
    const deepest = Math.max(0, ...territorial.map(depth));
    for (const unit of units) {
      if (!regionWithin(place.code, unit.regionCode)) continue;
      const isLocal = TERRITORIAL_KINDS.has(unit.kind) && depth(unit) === deepest && unit.kind !== 'community';
      if (!isLocal && !tallies.has(unit.id)) continue;
      const t = tally(unit);
      t.territory = TERRITORY_WEIGHT * (isLocal ? Math.min(1, depth(unit) / 9) : 0.25);
      t.reasons.unshift({ kind: 'territory', text: `属地：${place.name}` });
    }
  }

  return [...tallies.values()]
    .map((t) => ({ t, score: Math.min(1, t.routing + t.duty + t.territory) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.t.unit.name.localeCompare(b.t.unit.name, 'zh-CN'))
    .slice(0, input.limit ?? 3)
    .map(({ t, score }) => ({ unitId: t.unit.id, unitName: t.unit.name, unitKind: t.unit.kind, score: Math.round(score * 100) / 100, reasons: t.reasons }));
}

/**
 * A domain guess (环境保护) narrowed to a matter (环境保护/油烟污染) when the text names the matter
 * or the duty its routing line asks for: the classifier knows domains, the caller names matters.
 */
function refineGuesses(guesses: readonly CategoryGuess[], rules: readonly RoutingRule[], text: string): CategoryGuess[] {
  const refined: CategoryGuess[] = [];
  for (const guess of guesses) {
    if (!guess.category.includes('/')) {
      const prefix = `${guess.category}/`;
      for (const rule of rules) {
        if (!rule.category.startsWith(prefix)) continue;
        const matter = rule.category.slice(prefix.length);
        if (text.includes(matter) || (rule.duty && text.includes(rule.duty))) refined.push({ ...guess, category: rule.category, readFrom: guess.category });
      }
    }
    refined.push(guess);
  }
  return refined;
}

/** The units a routing line points at for a place: the named unit, or the most local one of the kind. */
function ruleTargets(rule: RoutingRule, units: readonly CandidateUnit[], placeCode: string | null): CandidateUnit[] {
  if (rule.unitId) return units.filter((u) => u.id === rule.unitId);
  const fitting = units.filter((u) => u.kind === rule.unitKind && (!rule.duty || u.responsibilities.includes(rule.duty)));
  if (!placeCode) return fitting.length === 1 ? fitting : [];
  const local = fitting.filter((u) => regionWithin(placeCode, u.regionCode));
  const depth = (u: CandidateUnit) => regionPrefix(u.regionCode)?.length ?? 0;
  const deepest = Math.max(0, ...local.map(depth));
  return local.filter((u) => depth(u) === deepest);
}

const KIND_LABELS: Record<string, string> = { district: '区县', department: '职能部门', street: '街道/乡镇', community: '社区', enterprise: '企业' };

function describeRule(rule: RoutingRule, unit: CandidateUnit): string {
  if (rule.unitId) return unit.name;
  const kind = KIND_LABELS[rule.unitKind ?? ''] ?? rule.unitKind;
  return rule.duty ? `属地${kind}（${rule.duty}）` : `属地${kind}`;
}

function guessReason(guess: CategoryGuess): SuggestionReason {
  if (guess.source === 'ticket') return { kind: 'routing', text: `登记分类：${guess.category}` };
  const words = guess.words?.length ? `，依据“${guess.words.slice(0, 5).join('、')}”` : '';
  return { kind: 'classifier', text: `智能分类：${guess.readFrom ?? guess.category}（置信度 ${Math.round(guess.confidence * 100)}%${words}）` };
}
