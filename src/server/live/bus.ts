import { EventEmitter } from 'node:events';
import type { Db, Queryable } from '../db/connection.ts';
import { notifyAfterCommit } from '../db/notify.ts';

/**
 * Live updates: every change to a ticket is announced by the transaction that made it, delivered
 * once it has committed (db/notify.ts: not NOTIFY inside it, which makes writers commit one at a
 * time), to this server instance at once and to every other on the same PostgreSQL by a batched
 * NOTIFY. Each instance fans it out to its browsers over SSE (hub.ts).
 */
export const CHANNEL = 'o12345_tickets';

export interface TicketChange {
  ticketId: string;
  status: string;
  /** Unit paths holding a share, so each browser only hears of tickets it may see. */
  units: string[];
}

/** Screen pops (issue 14): a call ringing at a user's extension; only the call's id travels, never the number. */
export const CALL_CHANNEL = 'o12345_calls';

export interface CallPop {
  userId: string;
  callId: string;
}

export async function announceCall(tx: Queryable, pop: CallPop): Promise<void> {
  await notifyAfterCommit(tx, CALL_CHANNEL, JSON.stringify(pop));
}

export async function announce(tx: Queryable, change: TicketChange): Promise<void> {
  await notifyAfterCommit(tx, CHANNEL, JSON.stringify(change));
}

export class LiveBus extends EventEmitter<{ change: [TicketChange]; call: [CallPop] }> {
  private stop: (() => Promise<void>) | null = null;
  private stopCalls: (() => Promise<void>) | null = null;

  async start(db: Db): Promise<void> {
    this.setMaxListeners(0);
    this.stop = await db.listen(CHANNEL, (payload) => {
      try {
        this.emit('change', JSON.parse(payload) as TicketChange);
      } catch {
        /* not ours */
      }
    });
    this.stopCalls = await db.listen(CALL_CHANNEL, (payload) => {
      try {
        this.emit('call', JSON.parse(payload) as CallPop);
      } catch {
        /* not ours */
      }
    });
  }

  async close(): Promise<void> {
    await this.stop?.();
    await this.stopCalls?.();
  }
}
