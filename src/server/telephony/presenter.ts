import { formatInstant } from '../../core/calendar/civil-date.ts';
import { maskPhone } from '../../core/ticket/privacy.ts';
import type { Vault } from '../privacy/vault.ts';

export interface CallRow {
  call_id: string;
  /** in: a caller's call to the hotline; out: a call back the telephone platform placed for a ticket. */
  direction: 'in' | 'out';
  caller_phone: string | null;
  dialled: string | null;
  queue: string | null;
  extension: string | null;
  agent_id: string | null;
  agent_name?: string | null;
  offered_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  outcome: string;
  wait_seconds: number | null;
  talk_seconds: number | null;
  recording: string | null;
  transfers: Array<{ at: string; target: string | null; kind: string }>;
  conference: boolean;
  ticket_id: string | null;
  ticket_number?: string | null;
}

export const OUTCOME_LABELS: Record<string, string> = { ringing: '振铃中', talking: '通话中', answered: '已接通', abandoned: '放弃（未接通）' };
/** A call placed out: nobody "abandons" it — the person called did not answer. */
export const OUTBOUND_OUTCOME_LABELS: Record<string, string> = { ringing: '呼叫中', talking: '通话中', answered: '已接通', abandoned: '未接通' };

const at = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);

/** A call record as JSON; the caller's number masked unless `phone: 'full'` (the agent whose desk it rang at). */
export function presentCall(row: CallRow, vault: Vault, phone: 'full' | 'masked' | 'hidden') {
  const number = phone === 'hidden' ? null : vault.open(row.caller_phone);
  return {
    callId: row.call_id,
    direction: row.direction,
    caller: number === null ? null : phone === 'full' ? number : maskPhone(number),
    dialled: row.dialled,
    queue: row.queue,
    extension: row.extension,
    agentId: row.agent_id,
    agentName: row.agent_name ?? null,
    offeredAt: at(row.offered_at),
    answeredAt: at(row.answered_at),
    endedAt: at(row.ended_at),
    outcome: row.outcome,
    outcomeLabel: (row.direction === 'out' ? OUTBOUND_OUTCOME_LABELS : OUTCOME_LABELS)[row.outcome] ?? row.outcome,
    waitSeconds: row.wait_seconds,
    talkSeconds: row.talk_seconds,
    recording: row.recording,
    transfers: row.transfers,
    conference: row.conference,
    ticketId: row.ticket_id,
    ticketNumber: row.ticket_number ?? null,
  };
}

export const CALL_SELECT = `SELECT c.*, u.display_name AS agent_name, t.number AS ticket_number
  FROM calls c LEFT JOIN users u ON u.id = c.agent_id LEFT JOIN tickets t ON t.id = c.ticket_id`;
