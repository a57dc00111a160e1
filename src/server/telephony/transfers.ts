import { formatInstant } from '../../core/calendar/civil-date.ts';
import {
  describeTransfer,
  targetKindOfHotline,
  type TransferMode,
  type TransferOutcome,
  type TransferTargetKind,
} from '../../core/telephony/transfers.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { appendEvent } from '../tickets/store.ts';
import { expertOfNumber } from './experts.ts';
import { hotlineOfNumber } from './hotlines.ts';

/**
 * 转接与三方通话 on a ticket's record (重庆 第十二条（一）三方通话、呼叫转接): each one a row and a timeline
 * event written in the same transaction, whether the agent records it at the desk or the telephone
 * platform reports it (`transferred` / `conference` of a call linked to the ticket). A transfer to or
 * from 110/119/120/122 is kept the same way (邵阳 第七条 联动机制、110 与 12345 互联互通).
 */

export interface TransferInput {
  ticketId: string;
  callId: string | null;
  direction: 'out' | 'in';
  mode: TransferMode;
  targetKind: TransferTargetKind;
  target: string;
  targetName: string | null;
  expertId: string | null;
  hotlineId: string | null;
  outcome: TransferOutcome | null;
  reference: string | null;
  note: string | null;
  source: 'desk' | 'telephony';
  at: number;
  eventKey?: string | null;
}

export interface TransferRow {
  id: string;
  ticket_id: string;
  call_id: string | null;
  direction: 'out' | 'in';
  mode: TransferMode;
  target_kind: TransferTargetKind;
  target: string;
  target_name: string | null;
  expert_id: string | null;
  hotline_id: string | null;
  outcome: TransferOutcome | null;
  reference: string | null;
  note: string | null;
  source: 'desk' | 'telephony';
  at: Date;
  recorded_by_name: string | null;
}

export const TRANSFER_SELECT = `SELECT x.*, u.display_name AS recorded_by_name FROM call_transfers x LEFT JOIN users u ON u.id = x.recorded_by`;

export function presentTransfer(x: TransferRow, seesNumbers: boolean) {
  const view = { direction: x.direction, mode: x.mode, targetKind: x.target_kind, target: x.target, targetName: x.target_name, outcome: x.outcome };
  return {
    id: x.id,
    callId: seesNumbers ? x.call_id : null,
    direction: x.direction,
    mode: x.mode,
    targetKind: x.target_kind,
    // an expert's extension is the center's business; a unit reads whom, not where
    target: seesNumbers || x.target_kind !== 'expert' ? x.target : null,
    targetName: x.target_name,
    expertId: x.expert_id,
    hotlineId: x.hotline_id,
    outcome: x.outcome,
    reference: x.reference,
    note: x.note,
    source: x.source,
    at: formatInstant(x.at.getTime()),
    recordedBy: x.recorded_by_name,
    summary: describeTransfer(view),
  };
}

/** Writes one transfer and its timeline event; a platform event already kept is skipped (null). */
export async function insertTransfer(tx: Queryable, actor: Actor | null, t: TransferInput, now: number): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO call_transfers (ticket_id, call_id, direction, mode, target_kind, target, target_name, expert_id, hotline_id, outcome, reference, note, source, at, event_key, recorded_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (event_key) DO NOTHING RETURNING id`,
    [t.ticketId, t.callId, t.direction, t.mode, t.targetKind, t.target, t.targetName, t.expertId, t.hotlineId, t.outcome, t.reference, t.note, t.source, new Date(t.at), t.eventKey ?? null, actor?.id ?? null, new Date(now)],
  );
  const id = rows[0]?.id;
  if (!id) return null;
  await appendEvent(tx, {
    ticketId: t.ticketId,
    action: 'transfer',
    actor,
    at: now,
    data: {
      transferId: id,
      direction: t.direction,
      mode: t.mode,
      targetKind: t.targetKind,
      target: t.target,
      targetName: t.targetName,
      outcome: t.outcome,
      reference: t.reference,
      note: t.note,
      source: t.source,
      callId: t.callId,
      at: formatInstant(t.at),
    },
  });
  return id;
}

/** Who a number is: an expert seat, a line of the directory (its kind decides the target's), or another number. */
export async function resolveTarget(tx: Queryable, target: string): Promise<Pick<TransferInput, 'targetKind' | 'targetName' | 'expertId' | 'hotlineId'>> {
  const expert = await expertOfNumber(tx, target);
  if (expert) return { targetKind: 'expert', targetName: `${expert.name}（${expert.unit_name}）`, expertId: expert.id, hotlineId: null };
  const line = await hotlineOfNumber(tx, target);
  if (line) return { targetKind: targetKindOfHotline(line.kind), targetName: line.name, expertId: null, hotlineId: line.id };
  return { targetKind: 'other', targetName: null, expertId: null, hotlineId: null };
}

/**
 * The platform's transfers and three-way calls of a call, onto the ticket it is linked to — when the
 * event comes after the link, and when the link comes after the events (the agent registers the ticket
 * once the expert has answered). Each event lands once (its call, kind and time are the key); the
 * outcome is left for the agent to complete. A ticket registered during the call (keepDialled) also
 * keeps the number dialled.
 */
export async function landCallTransfers(tx: Queryable, callId: string, now: number, keepDialled = false): Promise<void> {
  const { rows: calls } = await tx.query<{ ticket_id: string | null; dialled: string | null }>('SELECT ticket_id, dialled FROM calls WHERE call_id = $1', [callId]);
  const ticketId = calls[0]?.ticket_id;
  if (!ticketId) return;
  // a follow-up call does not change the line the matter first came in on
  if (keepDialled) await tx.query('UPDATE tickets SET dialled = $2 WHERE id = $1 AND dialled IS NULL AND $2::text IS NOT NULL', [ticketId, calls[0]!.dialled]);
  const { rows: events } = await tx.query<{ kind: 'transferred' | 'conference'; occurrence: string; at: Date; data: { target?: string | null } }>(
    `SELECT kind, occurrence, at, data FROM call_events WHERE call_id = $1 AND kind IN ('transferred', 'conference') ORDER BY at`,
    [callId],
  );
  for (const e of events) {
    const target = e.data.target ?? '';
    if (!target) continue;
    const who = await resolveTarget(tx, target);
    await insertTransfer(
      tx,
      null,
      {
        ticketId,
        callId,
        direction: 'out',
        mode: e.kind === 'conference' ? 'conference' : 'transfer',
        ...who,
        target,
        outcome: null,
        reference: null,
        note: null,
        source: 'telephony',
        at: e.at.getTime(),
        eventKey: `${callId}|${e.kind}|${e.occurrence}`,
      },
      now,
    );
  }
}
