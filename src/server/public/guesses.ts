import type { Queryable } from '../db/connection.ts';

/** How many query-code attempts one ticket number gets per window, whatever the address. */
export interface GuessLimit {
  attempts: number;
  windowMs: number;
}

export const DEFAULT_GUESS_LIMIT: GuessLimit = { attempts: 10, windowMs: 60 * 60_000 };

export type Reservation = { allowed: true; windowStart: Date } | { allowed: false; retryAfterSeconds: number };

/**
 * Takes one attempt from the number's budget before the code is compared, in one atomic statement:
 * parallel guesses cannot all read "not yet locked" and all be checked. The window starts at the
 * first attempt and is compared with the app clock (`now`), never the database's.
 */
export async function reserveAttempt(db: Queryable, number: string, now: number, limit: GuessLimit): Promise<Reservation> {
  const { rows } = await db.query<{ attempts: number; window_start: Date }>(
    `INSERT INTO portal_guesses AS g (number, attempts, window_start) VALUES ($1, 1, $2)
     ON CONFLICT (number) DO UPDATE SET
       attempts = CASE WHEN g.window_start <= $3 THEN 1 ELSE g.attempts + 1 END,
       window_start = CASE WHEN g.window_start <= $3 THEN $2 ELSE g.window_start END
     RETURNING attempts, window_start`,
    [number, new Date(now), new Date(now - limit.windowMs)],
  );
  const row = rows[0]!;
  if (row.attempts <= limit.attempts) {
    // a fresh window: forget the numbers whose windows have passed, so the table stays small
    if (row.attempts === 1) await db.query('DELETE FROM portal_guesses WHERE window_start <= $1', [new Date(now - limit.windowMs)]);
    return { allowed: true, windowStart: row.window_start };
  }
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.window_start.getTime() + limit.windowMs - now) / 1000)) };
}

/** The right code gives its attempt back: the caller following their own ticket is never locked out by it. */
export async function refundAttempt(db: Queryable, number: string, windowStart: Date): Promise<void> {
  await db.query('UPDATE portal_guesses SET attempts = attempts - 1 WHERE number = $1 AND window_start = $2 AND attempts > 0', [number, windowStart]);
}
