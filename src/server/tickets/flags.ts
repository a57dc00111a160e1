import type { CallerView } from '../../core/ticket/privacy.ts';
import { TICKET_FLAGS, type TicketFlag } from '../../core/flags/ticket-flags.ts';
import { presentDeputy } from '../deputies/match.ts';
import type { TicketRow } from './store.ts';
import type { PresentedFlags } from '../../core/flags/describe.ts';

/** The flags a ticket carries, in the order of TICKET_FLAGS. */
export function flagsOf(t: Pick<TicketRow, 'enterprise' | 'national' | 'leader_instruction' | 'deputy_id'>): TicketFlag[] {
  const on: Record<TicketFlag, boolean> = { enterprise: !!t.enterprise, national: !!t.national, leaderInstruction: !!t.leader_instruction, deputy: !!t.deputy_id };
  return TICKET_FLAGS.filter((f) => on[f]);
}

/**
 * 工单标记 as the viewer may read them. The enterprise names who asked, so it follows the caller's
 * privacy: a unit that may not see the caller (anonymous, confidential, the unit complained about:
 * 重庆 第二十二条, 邵阳 第二十三条) learns that the request is an enterprise's, not which. The 国办 number
 * and the leader's instruction are the work itself: every reader of the ticket sees them.
 */
export function presentFlags(t: TicketRow, view: CallerView): PresentedFlags {
  const e = t.enterprise;
  return {
    kinds: flagsOf(t),
    enterprise: e ? (view === 'hidden' ? { name: null, creditCode: null } : { name: e.name ?? null, creditCode: e.creditCode ?? null }) : null,
    national: t.national ? { number: t.national.number } : null,
    leaderInstruction: t.leader_instruction ? { by: t.leader_instruction.by, text: t.leader_instruction.text, on: t.leader_instruction.on ?? null } : null,
    deputy: presentDeputy(t.deputy, view),
  };
}

/** The SQL list of a ticket `t`'s flags (for lists and exports), in the order of TICKET_FLAGS. */
export const FLAGS_SQL = `array_remove(ARRAY[
  CASE WHEN t.enterprise IS NOT NULL THEN 'enterprise' END,
  CASE WHEN t.national IS NOT NULL THEN 'national' END,
  CASE WHEN t.leader_instruction IS NOT NULL THEN 'leaderInstruction' END,
  CASE WHEN t.deputy_id IS NOT NULL THEN 'deputy' END], NULL)`;

/** A list filter: tickets carrying any of these flags. */
export function flagCondition(flags: readonly TicketFlag[]): string {
  const column: Record<TicketFlag, string> = { enterprise: 't.enterprise', national: 't.national', leaderInstruction: 't.leader_instruction', deputy: 't.deputy_id' };
  return `(${flags.map((f) => `${column[f]} IS NOT NULL`).join(' OR ')})`;
}
