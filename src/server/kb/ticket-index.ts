import type { Db } from '../db/connection.ts';
import { adjustTerms, tsvectorLiteral } from './indexing.ts';
import { lexiconFor } from './lexicon.ts';

interface Unindexed {
  id: string;
  title: string | null;
  content: string;
  replies: string | null;
}

/**
 * Indexes closed requests with their replies for the agent assist, a batch at a time: registering a
 * ticket stays one fast insert, and a ticket is searchable once it is handled (visiting, closed).
 * SKIP LOCKED lets several instances share the work.
 */
export async function indexClosedTickets(db: Db, batch = 200): Promise<number> {
  const lexicon = await lexiconFor(db);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<Unindexed>(
      `SELECT t.id, t.title, t.content,
              concat_ws(' ', t.outcome->>'answer', (SELECT string_agg(concat_ws(' ', a.reply->>'process', a.reply->>'result'), ' ')
                 FROM assignments a WHERE a.ticket_id = t.id AND a.reply IS NOT NULL)) AS replies
         FROM tickets t
        WHERE t.search_tsv IS NULL AND t.status IN ('visiting', 'closed', 'archived')
        ORDER BY t.updated_at LIMIT $1 FOR UPDATE OF t SKIP LOCKED`,
      [batch],
    );
    if (!rows.length) return 0;
    const seg = lexicon.segmenter;
    const terms: string[] = [];
    let length = 0;
    const vectors = rows.map((r) => {
      const title = seg.tokens(r.title ?? '');
      const content = seg.tokens(r.content);
      const replies = seg.tokens(r.replies ?? '');
      const v = tsvectorLiteral([
        { tokens: title, weight: 'A' },
        { tokens: content, weight: 'B' },
        { tokens: replies, weight: 'C' },
      ]);
      terms.push(...new Set([...title, ...content, ...replies]));
      length += v.length;
      return v.literal;
    });
    await tx.query('UPDATE tickets t SET search_tsv = x.v::tsvector FROM unnest($1::uuid[], $2::text[]) AS x(id, v) WHERE t.id = x.id', [rows.map((r) => r.id), vectors]);
    await adjustTerms(tx, 'tickets', { added: terms, removed: [], docs: rows.length, length });
    return rows.length;
  });
}
