import { formatInstant } from '../../core/calendar/civil-date.ts';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../core/ticket/machine.ts';
import type { Queryable } from '../db/connection.ts';

interface MatterRow {
  id: string;
  number: string;
  title: string | null;
  excerpt: string;
  status: TicketStatus;
  address: string | null;
  created_at: Date;
  repeats: number;
  merged: number;
  last_repeat_at: Date;
}

/**
 * Repeats per matter: each original with the repeats linked or merged to it that came in between
 * `from` and `to`, most repeated first. Matters raised again and again are what the hotline reminds
 * units about (凉山 第二十二条（二）: 诉求人多次、集中反映…应解决而未解决的) and what reports show.
 * A repeat of a repeat (linked before links went to the original) counts for the first ticket.
 */
export async function repeatsPerMatter(db: Queryable, range: { from: Date; to: Date; limit: number }) {
  const { rows } = await db.query<MatterRow>(
    `WITH RECURSIVE up AS (
       SELECT t.id AS repeat_id, t.repeat_of AS root, t.status, t.created_at, 1 AS depth
         FROM tickets t
        WHERE t.repeat_of IS NOT NULL AND t.created_at >= $1 AND t.created_at < $2
       UNION ALL
       SELECT up.repeat_id, p.repeat_of, up.status, up.created_at, up.depth + 1
         FROM up JOIN tickets p ON p.id = up.root
        WHERE p.repeat_of IS NOT NULL AND up.depth < 10
     ), roots AS (
       SELECT DISTINCT ON (repeat_id) repeat_id, root, status, created_at FROM up ORDER BY repeat_id, depth DESC
     )
     SELECT o.id, o.number, o.title, left(o.content, 60) AS excerpt, o.status, o.address, o.created_at,
            count(*)::int AS repeats, (count(*) FILTER (WHERE r.status = 'merged'))::int AS merged,
            max(r.created_at) AS last_repeat_at
       FROM roots r JOIN tickets o ON o.id = r.root
      GROUP BY o.id
      ORDER BY repeats DESC, last_repeat_at DESC
      LIMIT $3`,
    [range.from, range.to, range.limit],
  );
  return rows.map((r) => ({
    ticketId: r.id,
    number: r.number,
    title: r.title ?? r.excerpt,
    status: r.status,
    statusLabel: TICKET_STATUS_LABELS[r.status],
    address: r.address,
    createdAt: formatInstant(r.created_at.getTime()),
    repeats: r.repeats,
    merged: r.merged,
    linked: r.repeats - r.merged,
    lastRepeatAt: formatInstant(r.last_repeat_at.getTime()),
  }));
}
