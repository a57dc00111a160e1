import type { StoredModelInfo } from '../classify/store.ts';
import { latestTicketModel } from '../classify/store.ts';
import { countLabelledClosed, examplesFromTickets, MIN_EXAMPLES, trainAndSave } from '../classify/training.ts';
import type { Db } from '../db/connection.ts';

export interface RetrainOptions {
  /** How often to look (default nightly). */
  intervalMs: number;
  /** Closed tickets with a category added since the last model from tickets before training again. */
  minNewTickets: number;
}

export type RetrainResult =
  | { ran: false; reason: 'not_due' }
  | { ran: true; trained: false; closedTickets: number }
  | { ran: true; trained: true; closedTickets: number; model: StoredModelInfo };

/** A claim older than this belongs to an instance that died while training: take it over. */
const STALE_CLAIM_MS = 2 * 60 * 60 * 1000;

/**
 * Retrains the classifier from closed tickets when enough new ones have come in since the last
 * model trained from tickets. Several instances may call it on their timers: one UPDATE claims the
 * run, so each interval trains at most once in the whole deployment. Training runs in this process
 * (seconds for tens of thousands of tickets); deployments that mind can run it on one instance only
 * (JOBS=false elsewhere) or from cron with `open12345 classify train`.
 */
export async function retrainClassifierIfDue(db: Db, options: RetrainOptions, now = Date.now()): Promise<RetrainResult> {
  const claimed = await db.query(
    `UPDATE classifier_schedule SET started_at = $1
      WHERE id = 1 AND (last_run_at IS NULL OR last_run_at <= $2) AND (started_at IS NULL OR started_at <= $3)
      RETURNING id`,
    [new Date(now), new Date(now - options.intervalMs), new Date(now - STALE_CLAIM_MS)],
  );
  if (!claimed.rows.length) return { ran: false, reason: 'not_due' };
  try {
    const closed = await countLabelledClosed(db);
    const previous = await latestTicketModel(db);
    if (closed < MIN_EXAMPLES || closed - (previous?.closedTickets ?? 0) < options.minNewTickets) return { ran: true, trained: false, closedTickets: closed };
    const examples = await examplesFromTickets(db);
    if (new Set(examples.map((e) => e.label)).size < 2) return { ran: true, trained: false, closedTickets: closed };
    const model = await trainAndSave(db, examples, 'tickets', closed);
    return { ran: true, trained: true, closedTickets: closed, model };
  } finally {
    await db.query('UPDATE classifier_schedule SET started_at = NULL, last_run_at = $1 WHERE id = 1', [new Date(now)]);
  }
}
