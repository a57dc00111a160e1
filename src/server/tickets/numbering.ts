import { dayOfInstant, formatDay, type Instant } from '../../core/calendar/civil-date.ts';
import type { Queryable } from '../db/connection.ts';

/**
 * Human-readable ticket numbers: the Beijing date and a daily sequence, e.g. 2026112300001.
 * The counter is taken in its own short statement so concurrent registrations do not queue behind
 * each other's transactions; a number is never reused, though a failed registration leaves a gap.
 */
export async function nextTicketNumber(db: Queryable, at: Instant): Promise<string> {
  const day = formatDay(dayOfInstant(at));
  const { rows } = await db.query<{ last: number }>(
    `INSERT INTO ticket_counters (day, last) VALUES ($1, 1)
     ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last`,
    [day],
  );
  return `${day.replaceAll('-', '')}${String(rows[0]!.last).padStart(5, '0')}`;
}
