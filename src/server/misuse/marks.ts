import { formatInstant } from '../../core/calendar/civil-date.ts';
import {
  MISUSE_KIND_BASIS,
  MISUSE_KIND_LABELS,
  MISUSE_STATE_LABELS,
  misuseState,
  REFERRAL_TARGET_LABELS,
  type MisuseKind,
  type ReferralTarget,
} from '../../core/flags/misuse.ts';
import { maskPhone } from '../../core/ticket/privacy.ts';
import type { Vault } from '../privacy/vault.ts';

/** A referral as stored in misuse_marks.referrals. */
export interface Referral {
  to: ReferralTarget;
  on: string;
  reference: string | null;
  note: string | null;
  by: string;
  at: string;
}

/** A row of misuse_marks, with its source ticket's number. */
export interface MarkRow {
  id: string;
  phone: string;
  phone_idx: string;
  kind: MisuseKind;
  reason: string;
  ticket_id: string | null;
  ticket_number: string | null;
  status: 'proposed' | 'approved' | 'rejected' | 'revoked';
  proposed_by: string | null;
  proposed_by_name: string;
  proposed_at: Date;
  reviewed_by_name: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  expires_at: Date | null;
  revoked_by_name: string | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
  referrals: Referral[];
  version: number;
}

export const MARK_SELECT = `SELECT m.*, t.number AS ticket_number FROM misuse_marks m LEFT JOIN tickets t ON t.id = m.ticket_id`;

const at = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);

/**
 * A mark as every reader sees it: the number masked (138****1234) — who may read the marks needs to know
 * which caller, not to dial them — and its state at `now` by the app's clock (an approved mark lapses at
 * its expiry: core/flags/misuse.ts).
 */
export function presentMark(m: MarkRow, vault: Vault, now: number) {
  const state = misuseState(m.status, m.expires_at?.getTime() ?? null, now);
  return {
    id: m.id,
    phone: maskPhone(vault.open(m.phone)),
    kind: m.kind,
    kindLabel: MISUSE_KIND_LABELS[m.kind] ?? m.kind,
    basis: MISUSE_KIND_BASIS[m.kind] ?? null,
    reason: m.reason,
    ticket: m.ticket_id ? { id: m.ticket_id, number: m.ticket_number } : null,
    state,
    stateLabel: MISUSE_STATE_LABELS[state],
    proposedBy: m.proposed_by_name,
    // the page hides 审核 from the proposer (the server refuses it: a second person reviews)
    proposedById: m.proposed_by,
    proposedAt: at(m.proposed_at),
    reviewedBy: m.reviewed_by_name,
    reviewedAt: at(m.reviewed_at),
    reviewNote: m.review_note,
    expiresAt: at(m.expires_at),
    revokedBy: m.revoked_by_name,
    revokedAt: at(m.revoked_at),
    revokeReason: m.revoke_reason,
    referrals: m.referrals.map((r) => ({ ...r, toLabel: REFERRAL_TARGET_LABELS[r.to] ?? r.to })),
    version: m.version,
  };
}
