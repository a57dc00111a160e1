import type { Queryable } from '../db/connection.ts';

/** A supervision rule that fired on one matter (migration 022 supervision_triggers). */
export interface TriggerRecord {
  /** `escalate:<level>` for a preset's escalation step, `trigger:<code>` for its supervisionTriggers. */
  rule: string;
  /** What "once per matter" means for the rule: the ticket, or the knowledge entry and its expiry date. */
  matter: string;
  ticketId?: string | null;
  kbEntryId?: string | null;
  unitId?: string | null;
  action: 'supervise' | 'remind' | 'escalate' | 'accountability';
  label: string;
  reason: string;
  basis: string;
  means?: readonly string[];
  /** 'done': the platform acted by itself; 'pending': a proposal in the supervisor's 待我审批. */
  status: 'done' | 'pending';
  at: number;
}

/**
 * Records that a rule fired on a matter, unless it had fired on it before: returns the new row's
 * id, or null. Rule and matter are unique together, so of several server instances (or a job and an
 * action) only one ever gets the id, and only that one acts.
 */
export async function recordTrigger(tx: Queryable, r: TriggerRecord): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO supervision_triggers (rule, matter, ticket_id, kb_entry_id, unit_id, action, label, reason, basis, means, status, fired_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (rule, matter) DO NOTHING RETURNING id`,
    [r.rule, r.matter, r.ticketId ?? null, r.kbEntryId ?? null, r.unitId ?? null, r.action, r.label, r.reason, r.basis, [...(r.means ?? [])], r.status, new Date(r.at)],
  );
  return rows[0]?.id ?? null;
}
