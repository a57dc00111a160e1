import type { Queryable } from '../db/connection.ts';
import { Segmenter } from './segmenter.ts';

/** The segmenter with the admins' domain words, and the synonym groups, as one server sees them. */
export interface Lexicon {
  segmenter: Segmenter;
  /** Each word of a synonym group → every word of its groups (itself included). */
  synonyms: Map<string, string[]>;
}

/**
 * Dictionary edits made through another server instance reach this one within REFRESH_MS; edits
 * made here take effect at once (forgetLexicon).
 */
const REFRESH_MS = 10_000;
const cache = new WeakMap<object, { lexicon: Lexicon; until: number }>();

export function forgetLexicon(db: object): void {
  cache.delete(db);
}

export async function lexiconFor(db: Queryable, now = Date.now()): Promise<Lexicon> {
  const hit = cache.get(db);
  if (hit && hit.until > now) return hit.lexicon;
  const [words, groups] = await Promise.all([
    db.query<{ word: string }>('SELECT word FROM kb_words ORDER BY word'),
    db.query<{ words: string[] }>('SELECT words FROM kb_synonyms'),
  ]);
  // Synonyms are words too: 社会保障卡 must stay one token for 社保卡 to stand in for it.
  const list = [...new Set([...words.rows.map((r) => r.word), ...groups.rows.flatMap((g) => g.words)])];
  const segmenter = hit && hit.lexicon.segmenter.signature === [...list].sort().join('\n') ? hit.lexicon.segmenter : new Segmenter(list);
  const synonyms = new Map<string, string[]>();
  for (const g of groups.rows) {
    const members = g.words.map((w) => w.normalize('NFKC').toLowerCase());
    for (const w of members) synonyms.set(w, [...new Set([...(synonyms.get(w) ?? [w]), ...members])]);
  }
  const lexicon = { segmenter, synonyms };
  cache.set(db, { lexicon, until: now + REFRESH_MS });
  return lexicon;
}
