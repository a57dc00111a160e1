import { dayOfInstant, formatDay, type Instant } from '../../core/calendar/civil-date.ts';
import type { Queryable } from '../db/connection.ts';

/**
 * Human-readable ticket numbers: the Beijing date and a daily sequence, e.g. 2026112300001.
 * Each day has a PostgreSQL sequence of its own: nextval takes no row lock and needs no commit of
 * its own, so concurrent registrations never queue on a counter. A number is never reused; a
 * registration that fails leaves a gap.
 */
const ready = new WeakMap<Queryable, Set<string>>();

export function sequenceName(at: Instant): string {
  return `ticket_seq_${formatDay(dayOfInstant(at)).replaceAll('-', '')}`;
}

/** Makes sure today's sequence exists (once per database connection per day). */
export async function ensureSequence(db: Queryable, at: Instant): Promise<string> {
  const name = sequenceName(at);
  let known = ready.get(db);
  if (!known) ready.set(db, (known = new Set()));
  if (!known.has(name)) {
    try {
      await db.query(`CREATE SEQUENCE IF NOT EXISTS ${name}`);
    } catch (error) {
      // Two instances creating it at the same moment: one wins, the other sees it exists.
      if ((error as { code?: string }).code !== '23505' && (error as { code?: string }).code !== '42P07') throw error;
    }
    known.add(name);
  }
  return name;
}

/** SQL for the next number of the day the sequence belongs to (digits only, so safe to inline). */
export function nextNumberSql(sequence: string): string {
  const day = sequence.slice('ticket_seq_'.length);
  return `'${day}' || lpad(nextval('${sequence}')::text, 5, '0')`;
}
