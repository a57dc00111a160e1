import { placeForDispatch } from '../../core/dispatch/place.ts';
import { suggestUnits, type CandidateUnit, type CategoryGuess, type Place, type UnitSuggestion } from '../../core/dispatch/suggest.ts';
import { locate } from '../../core/territory/index.ts';
import type { AppContext } from '../app.ts';
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
  predict(text: string): Promise<CategoryPrediction | null>;
}

export interface SuggestionSubject {
  title?: string | null;
  content: string;
  address?: string | null;
  /** The category the agent registered, if any. */
  category?: string | null;
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
  return { place, classification, suggestions };
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
