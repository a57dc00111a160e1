import { parseInstant } from '../../core/calendar/civil-date.ts';
import { foldCall, REPEATABLE_KINDS, type CallEvent, type CallEventKind, type CallRecord } from '../../core/telephony/call-record.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { announceCall } from '../live/bus.ts';
import type { TelephonyEvent } from './schemas.ts';
import { landCallTransfers } from './transfers.ts';

export interface Recorded {
  duplicate: boolean;
  callId: string | null;
  outcome?: string;
  /** The user whose desk the call popped up on, if any. */
  poppedTo?: string | null;
}

async function userOfExtension(tx: Queryable, extension: string | null | undefined): Promise<string | null> {
  if (!extension) return null;
  const { rows } = await tx.query<{ user_id: string }>(
    'SELECT e.user_id FROM agent_extensions e JOIN users u ON u.id = e.user_id WHERE e.extension = $1 AND u.active',
    [extension],
  );
  return rows[0]?.user_id ?? null;
}

/**
 * One event from the telephone platform, in one transaction: stored once (by call and kind; a
 * transfer or conference by its time too), then the call's record folded again from every event
 * it has (core/telephony/call-record.ts), so a retry or a late event changes nothing or completes
 * the record. A `ringing` at a mapped extension, while the call is still ringing, pops up on that
 * user's desk (NOTIFY on commit). The caller's number is stored sealed on the call, never in an event.
 */
export async function recordTelephonyEvent(ctx: AppContext, event: TelephonyEvent): Promise<Recorded> {
  const now = ctx.now();
  const at = new Date(parseInstant(event.at));
  if (event.kind === 'agent_state') {
    return ctx.db.transaction(async (tx) => {
      const userId = await userOfExtension(tx, event.extension);
      const r = await tx.query(
        'INSERT INTO agent_states (extension, state, at, user_id, received_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [event.extension, event.state, at, userId, new Date(now)],
      );
      return { duplicate: r.rowCount === 0, callId: null };
    });
  }
  const callId = event.callId!;
  const kind = event.kind as CallEventKind;
  return ctx.db.transaction(async (tx) => {
    // the call's row first, locked: two events of one call are folded one after the other
    await tx.query('INSERT INTO calls (call_id, updated_at) VALUES ($1, $2) ON CONFLICT (call_id) DO NOTHING', [callId, new Date(now)]);
    const { rows: locked } = await tx.query<{ caller_phone: string | null; agent_id: string | null; outcome: string; direction: 'in' | 'out' }>(
      'SELECT caller_phone, agent_id, outcome, direction FROM calls WHERE call_id = $1 FOR UPDATE',
      [callId],
    );
    const data = { dialled: event.dialled ?? null, queue: event.queue ?? null, extension: event.extension ?? null, recording: event.recording ?? null, target: event.target ?? null };
    const occurrence = REPEATABLE_KINDS.includes(kind) ? at.toISOString() : '';
    const inserted = await tx.query(
      'INSERT INTO call_events (call_id, kind, occurrence, at, received_at, data) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [callId, kind, occurrence, at, new Date(now), JSON.stringify(data)],
    );
    if (inserted.rowCount === 0) return { duplicate: true, callId, outcome: locked[0]!.outcome };

    const record = await refoldCall(ctx, tx, callId, now, event.caller && !locked[0]!.caller_phone ? event.caller : null);
    // a transfer or three-way call of a call already linked goes onto its ticket (重庆 第十二条（一）)
    if (REPEATABLE_KINDS.includes(kind)) await landCallTransfers(tx, callId, now);
    // the pop goes to the desk the call rings at, only while it still rings (a late ringing pops nothing);
    // a call placed for a ticket (回拨, direction out) rings the caller back, nobody's desk
    let poppedTo: string | null = null;
    if (kind === 'ringing' && record.outcome === 'ringing' && locked[0]!.direction === 'in') {
      poppedTo = await userOfExtension(tx, event.extension);
      if (poppedTo) await announceCall(tx, { userId: poppedTo, callId });
    }
    return { duplicate: false, callId, outcome: record.outcome, poppedTo };
  });
}

/**
 * Folds a call's record again from every event it has (core/telephony/call-record.ts) and writes it;
 * the call's row must be locked by the caller. `phone`: the other party's number, stored sealed where
 * the call has none yet.
 */
export async function refoldCall(ctx: AppContext, tx: Queryable, callId: string, now: number, phone: string | null): Promise<CallRecord> {
  const { rows: stored } = await tx.query<{ kind: CallEventKind; at: Date; data: Omit<CallEvent, 'kind' | 'at'> }>('SELECT kind, at, data FROM call_events WHERE call_id = $1', [callId]);
  const record = foldCall(stored.map((e) => ({ ...e.data, kind: e.kind, at: e.at.getTime() })));
  const agentId = await userOfExtension(tx, record.extension);
  await tx.query(
    `UPDATE calls SET dialled = $2, queue = $3, extension = $4, agent_id = COALESCE($5, agent_id), offered_at = $6, answered_at = $7, ended_at = $8,
            outcome = $9, wait_seconds = $10, talk_seconds = $11, recording = $12, transfers = $13, conference = $14, updated_at = $15,
            caller_phone = COALESCE(caller_phone, $16), caller_phone_idx = COALESCE(caller_phone_idx, $17)
      WHERE call_id = $1`,
    [
      callId,
      record.dialled,
      record.queue,
      record.extension,
      agentId,
      record.offeredAt === null ? null : new Date(record.offeredAt),
      record.answeredAt === null ? null : new Date(record.answeredAt),
      record.endedAt === null ? null : new Date(record.endedAt),
      record.outcome,
      record.waitSeconds,
      record.talkSeconds,
      record.recording,
      JSON.stringify(record.transfers.map((t) => ({ ...t, at: new Date(t.at).toISOString() }))),
      record.conference,
      new Date(now),
      ctx.vault.seal(phone),
      ctx.vault.phoneIndex(phone),
    ],
  );
  return record;
}
