import { placeForDispatch } from '../../core/dispatch/place.ts';
import { suggestUnits, type CandidateUnit, type CategoryGuess, type Place, type UnitSuggestion } from '../../core/dispatch/suggest.ts';
import { emergencyRoutes, formatBasis, type Policy } from '../../core/policy/index.ts';
import { locate } from '../../core/territory/index.ts';
import type { Urgency } from '../../core/vocabulary.ts';
import type { AppContext } from '../app.ts';
import type { PredictOptions } from '../classify/service.ts';
import type { Queryable } from '../db/connection.ts';
import { listRules } from './rules-store.ts';

/** What the classifier says of a text; the dispatch side only needs this much of it. */
export interface CategoryPrediction {
  category: string;
  confidence: number;
  alternatives: Array<{ category: string; confidence: number }>;
  words: string[];
  modelId: string;
}

export interface CategoryPredictor {
  /** Null while no model has been trained. */
  predict(text: string, options?: PredictOptions): Promise<CategoryPrediction | null>;
}

export interface SuggestionSubject {
  title?: string | null;
  content: string;
  address?: string | null;
  /** The category the agent registered, if any. */
  category?: string | null;
  /** 特殊事项、特殊紧急事项 follow the preset's emergency routing (邵阳 第十二条（二）). */
  urgency?: Urgency | null;
}

export interface Suggestions {
  place: Place | null;
  classification: CategoryPrediction | null;
  suggestions: UnitSuggestion[];
}

// Below this the classifier's second guess is noise, not a reason worth showing.
const MIN_ALTERNATIVE_CONFIDENCE = 0.15;

/**
 * Where a ticket should go and why: the place from its address (or, failing that, its text), the
 * category as registered and as the classifier reads it, the units and the routing table.
 */
export async function suggestFor(ctx: AppContext, subject: SuggestionSubject, db: Queryable = ctx.db): Promise<Suggestions> {
  const text = [subject.title, subject.content].filter(Boolean).join('\n');
  const [units, rules, classification] = await Promise.all([
    loadUnits(db),
    listRules(db),
    ctx.classifier ? ctx.classifier.predict(text) : Promise.resolve(null),
  ]);
  const territories = units.filter((u) => u.kind === 'center' && u.regionCode).map((u) => u.regionCode!);
  const place = locatePlace(subject.address ?? null, text, territories);
  const guesses: CategoryGuess[] = [];
  if (subject.category) guesses.push({ category: subject.category, confidence: 1, source: 'ticket' });
  if (classification) {
    for (const alt of classification.alternatives) {
      if (alt.confidence < MIN_ALTERNATIVE_CONFIDENCE) continue;
      if (subject.category && subject.category.split('/')[0] === alt.category) continue; // the agent already said so
      guesses.push({ category: alt.category, confidence: alt.confidence, source: 'classifier', words: alt.category === classification.category ? classification.words : [] });
    }
  }
  const suggestions = suggestUnits({ text: [text, subject.address].filter(Boolean).join('\n'), guesses, place, units, rules });
  return { place, classification, suggestions: [...emergencyFirst(ctx.policy, subject.urgency ?? 'normal', text, units, place), ...suggestions] };
}

/**
 * The unit the preset sends an urgent matter of this kind to (邵阳 第十二条（二）: 自然灾害、事故灾害 →
 * 市应急管理局, 公共卫生事件 → 市卫生健康委员会, 社会安全事件 → 市公安局), before every other suggestion:
 * of the units whose name ends so, the one of the located place's district, else the city's.
 */
function emergencyFirst(policy: Policy, urgency: Urgency, text: string, units: CandidateUnit[], place: Place | null): UnitSuggestion[] {
  const out: UnitSuggestion[] = [];
  for (const { route, words } of emergencyRoutes(policy, urgency, text)) {
    const named = units.filter((u) => u.name.endsWith(route.unit) && !out.some((o) => o.unitId === u.id));
    if (!named.length) continue;
    const local = place ? named.filter((u) => u.regionCode && place.code.startsWith(u.regionCode.replace(/0+$/, ''))) : [];
    const unit = (local.length ? local : named).sort((a, b) => a.name.length - b.name.length)[0]!;
    out.push({
      unitId: unit.id,
      unitName: unit.name,
      unitKind: unit.kind,
      score: 1,
      reasons: [{ kind: 'emergency', text: `涉及${route.matter}（${words.join('、')}），按${formatBasis(policy, route.basis)}转${route.unit}` }],
    });
  }
  return out;
}

function locatePlace(address: string | null, text: string, territories: string[]): Place | null {
  if (address) {
    const fromAddress = placeForDispatch(locate(address), territories);
    if (fromAddress) return fromAddress;
  }
  return placeForDispatch(locate(text.slice(0, 500)), territories);
}

async function loadUnits(db: Queryable): Promise<CandidateUnit[]> {
  const { rows } = await db.query<{ id: string; name: string; kind: string; region_code: string | null; responsibilities: string[] }>(
    // a deactivated unit takes no new dispatches (src/server/units/admin.ts)
    'SELECT id, name, kind, region_code, responsibilities FROM units WHERE active',
  );
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, regionCode: r.region_code, responsibilities: r.responsibilities }));
}

/**
 * The first suggestions a ticket waiting for dispatch is shown are kept: dispatch accuracy is measured
 * against what the dispatcher saw, not against a later recomputation.
 */
export async function keepSnapshot(ctx: AppContext, ticketId: string, s: Suggestions): Promise<void> {
  await ctx.db.query(
    // created_at takes the app's clock: accuracy compares it with event times, which do too.
    `INSERT INTO dispatch_suggestions (ticket_id, unit_ids, detail, model_id, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (ticket_id) DO NOTHING`,
    [ticketId, s.suggestions.map((x) => x.unitId), JSON.stringify(s.suggestions), s.classification?.modelId ?? null, new Date(ctx.now())],
  );
}
