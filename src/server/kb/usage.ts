import { normalizeQuery } from '../../core/text/normalize.ts';
import type { Db, Queryable } from '../db/connection.ts';
import { invalid, notFound } from '../http/errors.ts';
import type { SearchHit } from './search.ts';
import { isUuid } from './store.ts';

/**
 * Use counts of entries (重庆 第十九条: 对相关信息使用情况…进行统计分析): each impression in a
 * search result, each direct answer built on an entry, each helpful / not helpful mark.
 */
export type KbChannel = 'agent' | 'public' | 'assist';

/** A result below this score did not really answer the query: the search counts as a knowledge gap. */
export const GAP_SCORE = 0.35;

/** Logs a search and counts an impression for each entry shown; returns the search's id. */
export async function recordSearch(db: Db, query: string, hits: readonly SearchHit[], channel: KbChannel, actorId: string | null, at: number): Promise<number> {
  const top = hits[0];
  // one statement (atomic by itself): the search, what it showed, the entries' counts — five round
  // trips in a transaction before, on every search an agent makes (issue 16)
  const { rows } = await db.query<{ id: number }>(
    `WITH s AS (
       INSERT INTO kb_searches (query, normalized, channel, result_count, top_entry_id, top_score, actor_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id),
     u AS (
       INSERT INTO kb_usage (entry_id, kind, channel, search_id, actor_id, at)
       SELECT x, 'shown', $3, s.id, $7, $8 FROM s, unnest($9::uuid[]) AS x RETURNING 1),
     c AS (UPDATE kb_entry_stats SET shown = shown + 1 WHERE entry_id = ANY($9::uuid[]) RETURNING 1)
     SELECT s.id::int AS id, (SELECT count(*) FROM u) + (SELECT count(*) FROM c) AS written FROM s`,
    [query.slice(0, 2000), normalizeQuery(query), channel, hits.length, top?.id ?? null, top?.score ?? null, actorId, new Date(at), hits.map((h) => h.id)],
  );
  return rows[0]!.id;
}

/** The parameters after the displayed ids ($1) that recordedDisplay's log takes: $2 … $7. */
export function searchLogParams(query: string, by: { channel: KbChannel; actorId: string | null; at: number }, scores: readonly number[]): unknown[] {
  return [query.slice(0, 2000), normalizeQuery(query), by.channel, by.actorId, new Date(by.at), scores];
}

/**
 * A search's hits read and its log written in one statement (what recordSearch writes, for the
 * entries the read found, the first of them in rank order as the top): an agent's search waited for
 * one more round trip after its hits were read (issue 16). `displayed` selects the entries of the ids
 * in $1 (in rank order, their scores in $7); its rows come back with the log's `search_id`, and
 * one row of nulls beside it when none was found.
 */
export function recordedDisplay(displayed: string): string {
  return `WITH d AS (${displayed}),
     top AS (SELECT x.id, x.score FROM unnest($1::uuid[], $7::float8[]) WITH ORDINALITY AS x(id, score, n)
              WHERE x.id IN (SELECT id FROM d) ORDER BY x.n LIMIT 1),
     s AS (
       INSERT INTO kb_searches (query, normalized, channel, result_count, top_entry_id, top_score, actor_id, at)
       SELECT $2, $3, $4, (SELECT count(*) FROM d), (SELECT id FROM top), (SELECT score FROM top), $5, $6 RETURNING id),
     u AS (INSERT INTO kb_usage (entry_id, kind, channel, search_id, actor_id, at) SELECT d.id, 'shown', $4, s.id, $5, $6 FROM s, d),
     -- by the ids themselves, as recordSearch does: the index takes the rows' locks in sorted order, so
     -- two searches showing the same entries cannot lock them in opposite orders (a deadlock)
     c AS (UPDATE kb_entry_stats SET shown = shown + 1 WHERE entry_id = ANY($1::uuid[]))
   SELECT d.*, s.id::int AS search_id FROM s LEFT JOIN d ON true`;
}

/** A helpful / not helpful mark; a not helpful one marks the search it came from as a gap. */
export async function recordFeedback(
  db: Db,
  entryId: string,
  f: { helpful: boolean; searchId?: number | undefined; channel: KbChannel; actorId: string | null; at: number; publicOnly?: boolean },
): Promise<{ helpful: number; unhelpful: number }> {
  if (!isUuid(entryId)) throw notFound('知识条目不存在');
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ state: string; visibility: string }>('SELECT state, visibility FROM kb_entries WHERE id = $1', [entryId]);
    const e = rows[0];
    if (!e || e.state !== 'published' || (f.publicOnly && e.visibility !== 'public')) throw notFound('知识条目不存在');
    let searchId: number | null = null;
    if (f.searchId !== undefined) {
      const seen = await tx.query('SELECT 1 FROM kb_usage WHERE search_id = $1 AND entry_id = $2 AND kind = $3', [f.searchId, entryId, 'shown']);
      if (!seen.rows.length) throw invalid('该条目不在这次查询的结果中', [{ path: 'searchId', message: '无效' }]);
      searchId = f.searchId;
      if (!f.helpful) await tx.query('UPDATE kb_searches SET unhelpful = true WHERE id = $1', [searchId]);
    }
    const kind = f.helpful ? 'helpful' : 'unhelpful';
    await tx.query('INSERT INTO kb_usage (entry_id, kind, channel, search_id, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6)', [
      entryId,
      kind,
      f.channel,
      searchId,
      f.actorId,
      new Date(f.at),
    ]);
    const r = await tx.query<{ helpful: number; unhelpful: number }>(
      `UPDATE kb_entry_stats SET ${kind} = ${kind} + 1 WHERE entry_id = $1 RETURNING helpful, unhelpful`,
      [entryId],
    );
    return r.rows[0]!;
  });
}

/**
 * A direct answer built on an entry (直接答复, 重庆 第十二条（一）): counted as a use, in the answer's
 * own transaction. Returns what the ticket's event records about the entry.
 */
export async function countAnswerUse(tx: Queryable, entryId: string, ticketId: string, actorId: string, at: number): Promise<{ id: string; title: string; version: number }> {
  if (!isUuid(entryId)) throw invalid('知识条目不存在', [{ path: 'kbEntryId', message: '无效' }]);
  const { rows } = await tx.query<{ id: string; title: string; version: number; state: string }>('SELECT id, title, version, state FROM kb_entries WHERE id = $1', [entryId]);
  const e = rows[0];
  if (!e) throw invalid('知识条目不存在', [{ path: 'kbEntryId', message: '无效' }]);
  if (e.state !== 'published') throw invalid('只能引用已发布的知识条目', [{ path: 'kbEntryId', message: '未发布' }]);
  await tx.query(`INSERT INTO kb_usage (entry_id, kind, channel, ticket_id, actor_id, at) VALUES ($1, 'used', 'agent', $2, $3, $4)`, [entryId, ticketId, actorId, new Date(at)]);
  await tx.query('UPDATE kb_entry_stats SET used = used + 1, last_used_at = $2 WHERE entry_id = $1', [entryId, new Date(at)]);
  return { id: e.id, title: e.title, version: e.version };
}
