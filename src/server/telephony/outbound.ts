import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { refoldCall } from './record.ts';
import { landCallTransfers } from './transfers.ts';

/** A call id as the events API takes one (telephony/schemas.ts): the dialer's answer is checked the same way. */
const CALL_ID = /^[\w.:+#*@/-]{1,100}$/;

export function validCallId(id: unknown): string | null {
  return typeof id === 'string' && CALL_ID.test(id.trim()) ? id.trim() : null;
}

/**
 * 回拨 placed by the telephone platform (issue 14 item 3): the call becomes a call record of the ticket
 * at once — direction out, the person who asked for it as its agent, the caller's number sealed — so
 * that the platform's events for the same call id complete it (answered, ended, the recording) and the
 * ticket's calls list it. The platform may have posted events for the call before the dialer answered:
 * the row is then already there, and is made outbound and linked here. The moment of dialling is kept
 * as the call's first event (ringing, occurrence 'dial'): a platform that sends no ringing of its own
 * still gives the call its start, and its own ringing, if earlier, wins.
 */
export async function recordOutboundCall(ctx: AppContext, tx: Queryable, c: { callId: string; ticketId: string; actor: Actor; phone: string; at: number }): Promise<void> {
  const at = new Date(c.at);
  await tx.query(
    `INSERT INTO calls (call_id, direction, caller_phone, caller_phone_idx, agent_id, ticket_id, linked_by, linked_at, updated_at)
       VALUES ($1, 'out', $2, $3, $4, $5, $4, $6, $6)
     ON CONFLICT (call_id) DO UPDATE SET direction = 'out', caller_phone = EXCLUDED.caller_phone, caller_phone_idx = EXCLUDED.caller_phone_idx,
       agent_id = COALESCE(calls.agent_id, EXCLUDED.agent_id), ticket_id = COALESCE(calls.ticket_id, EXCLUDED.ticket_id),
       linked_by = COALESCE(calls.linked_by, EXCLUDED.linked_by), linked_at = COALESCE(calls.linked_at, EXCLUDED.linked_at)`,
    [c.callId, ctx.vault.seal(c.phone), ctx.vault.phoneIndex(c.phone), c.actor.id, c.ticketId, at],
  );
  // (the upsert holds the call's row: an event of the same call folds after this transaction)
  await tx.query(
    `INSERT INTO call_events (call_id, kind, occurrence, at, received_at, data) VALUES ($1, 'ringing', 'dial', $2, $2, '{}') ON CONFLICT DO NOTHING`,
    [c.callId, at],
  );
  await refoldCall(ctx, tx, c.callId, c.at, null);
  // a three-way call or transfer the platform reported before this answer lands on the ticket now
  await landCallTransfers(tx, c.callId, c.at);
}
