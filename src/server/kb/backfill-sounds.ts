import type { Queryable } from '../db/connection.ts';
import { homophoneString } from './segmenter.ts';

/**
 * Entries indexed before the homophone match (segmenter.ts homophoneString) hold the Latin pinyin of
 * their titles in search_pinyin; the match needs their sounds. Rewritten in batches in the
 * background at start, in id order, 200 at a time (each batch holds the server ~20 ms; 100,000 entries
 * took 46 s on PostgreSQL in batches of 1,000): until an entry's turn, its title is still found by its words and
 * characters, only not by a homophone typo. Returns how many were rewritten.
 */
export async function backfillSounds(db: Queryable, batch = 200): Promise<number> {
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await db.query<{ id: string; text: string }>(
      `SELECT id, search_text AS text FROM kb_entries
        WHERE id > $1 AND search_text ~ '[一-鿿]' AND search_pinyin !~ '[一-鿿]' ORDER BY id LIMIT $2`,
      [after, batch],
    );
    if (!rows.length) return done;
    // an entry saved meanwhile has its own sounds already: the text read must still be the entry's
    await db.query(
      `UPDATE kb_entries e SET search_pinyin = x.s FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(id, s, t) WHERE e.id = x.id AND e.search_text = x.t`,
      [rows.map((r) => r.id), rows.map((r) => homophoneString(r.text)), rows.map((r) => r.text)],
    );
    done += rows.length;
    after = rows.at(-1)!.id;
  }
}
