import { formatInstant } from '../../core/calendar/civil-date.ts';
import { TICKET_STATUS_LABELS } from '../../core/ticket/machine.ts';
import type { Actor } from '../auth/actor.ts';
import { presentCaller, viewOfCaller } from '../tickets/presenter.ts';
import type { Vault } from '../privacy/vault.ts';
import type { RepeatCandidate } from './find.ts';

/**
 * A candidate as the actor may see it. The caller follows the ticket presenter's rules (units: masked,
 * or nothing when anonymous, confidential or complained about); and a unit that may not see who
 * called on either ticket is not told that both came from the same caller.
 */
export function presentCandidates(candidates: RepeatCandidate[], actor: Actor, opts: { queryCallerHidden: boolean; vault: Vault }) {
  const out = [];
  for (const c of candidates) {
    const view = viewOfCaller(actor, c.row, c.row.subject_path);
    const reasons = view === 'hidden' || opts.queryCallerHidden ? c.reasons.filter((r) => r !== 'same-caller') : c.reasons;
    if (!reasons.length) continue;
    out.push({
      ticketId: c.ticketId,
      number: c.number,
      status: c.status,
      statusLabel: TICKET_STATUS_LABELS[c.status],
      title: c.title,
      address: c.address,
      createdAt: formatInstant(c.createdAt.getTime()),
      similarity: c.similarity,
      reasons,
      repeatOf: c.repeatOf,
      caller: view === 'hidden' ? null : presentCaller(opts.vault.openCaller(c.row), view),
      callerView: view,
    });
  }
  return out;
}

export type PresentedCandidate = ReturnType<typeof presentCandidates>[number];
