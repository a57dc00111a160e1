import { formatInstant } from '../../core/calendar/civil-date.ts';
import { highlightSnippet } from '../../core/text/highlight.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/connection.ts';
import { lexiconFor } from './lexicon.ts';
import { planQuery, planWords, scoreDocument, termCounts, termFrequencySql } from './query-plan.ts';
import { searchEntries, type SearchHit } from './search.ts';
import { indexClosedTickets } from './ticket-index.ts';

interface TicketRow {
  id: string;
  number: string;
  status: string;
  title: string | null;
  content: string;
  outcome: { kind?: string; answer?: string } | null;
  closed_at: Date | null;
  created_at: Date;
  tf: number[];
  replies: Array<{ unit: string; process: string | null; result: string | null; repliedAt: string | null }> | null;
}

export interface SimilarTicket {
  id: string;
  number: string;
  status: string;
  title: string | null;
  excerptHtml: string;
  answer: string | null;
  replies: Array<{ unit: string; process: string | null; result: string | null; repliedAt: string | null }>;
  score: number;
  createdAt: string;
}

/**
 * What an agent sees beside a caller's words (重庆 第十二条（一）直接答复; 凉山 第十七条 智能应答): the
 * best knowledge entries and the most similar handled requests with the units' replies. Tickets
 * are matched the same way as entries (jieba words weighted by rarity among tickets).
 */
export async function assist(db: Db, actor: Actor, text: string, at: number): Promise<{ entries: SearchHit[]; tickets: SimilarTicket[] }> {
  const entries = (await searchEntries(db, text, { states: ['published'], asOf: at }, 5)).hits;
  // Requests closed since the last job round are indexed now, so the assist never lags behind.
  await indexClosedTickets(db, 50);
  const lexicon = await lexiconFor(db);
  const plan = await planQuery(db, lexicon, text, 'tickets');
  if (!plan.candidateQuery) return { entries, tickets: [] };
  const params: unknown[] = [plan.candidateQuery, plan.rankQuery, planWords(plan)];
  const scope = actor.isCenter
    ? ''
    : `AND EXISTS (SELECT 1 FROM assignments sa JOIN units su ON su.id = sa.unit_id WHERE sa.ticket_id = t.id AND sa.status <> 'returned' AND su.path LIKE $${params.push(`${actor.unit.path}%`)})`;
  const { rows } = await db.query<TicketRow>(
    `WITH c AS (
       SELECT t.id FROM tickets t, CAST($1 AS tsquery) cq, CAST($2 AS tsquery) rq
        WHERE t.search_tsv @@ cq AND t.status IN ('visiting', 'closed', 'archived') ${scope}
        ORDER BY ts_rank(t.search_tsv, rq) DESC LIMIT 30)
     SELECT t.id, t.number, t.status, t.title, t.content, t.outcome, t.closed_at, t.created_at,
            ${termFrequencySql('t.search_tsv', '$3')} AS tf,
            (SELECT json_agg(json_build_object('unit', u.name, 'process', a.reply->>'process', 'result', a.reply->>'result',
                    'repliedAt', a.replied_at) ORDER BY a.replied_at)
               FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.ticket_id = t.id AND a.reply IS NOT NULL) AS replies
       FROM tickets t JOIN c ON c.id = t.id`,
    params,
  );
  const tickets = rows
    .map((r) => ({ r, ...scoreDocument(plan, termCounts(r.tf), plan.avgLength) }))
    .sort((a, b) => b.bm25 - a.bm25)
    .slice(0, 5);
  return {
    entries,
    tickets: tickets.map(({ r, coverage }) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      title: r.title,
      excerptHtml: highlightSnippet(r.content, plan.marks, 160),
      answer: r.outcome?.kind === 'answer' ? (r.outcome.answer ?? null) : null,
      replies: (r.replies ?? []).map((x) => ({ ...x, repliedAt: x.repliedAt ? formatInstant(new Date(x.repliedAt).getTime()) : null })),
      score: Math.round(coverage * 1000) / 1000,
      createdAt: formatInstant(r.created_at.getTime()),
    })),
  };
}
