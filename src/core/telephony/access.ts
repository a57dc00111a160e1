import type { Role } from '../vocabulary.ts';

/**
 * Who may read call records: the center's people who watch and judge the service (接通率, waits,
 * agents' calls). A unit never reads the center's calls; an agent reads only the call ringing at
 * their own desk (the screen pop), not the center's records.
 */
export const CALL_RECORD_ROLES: readonly Role[] = ['leader', 'analyst', 'supervisor', 'admin'];
/** Who may link a call to a ticket at the desk: the center's agents and dispatchers. */
export const CALL_LINK_ROLES: readonly Role[] = ['agent', 'dispatcher'];

export function mayReadCallRecords(actor: { isCenter: boolean; roles: readonly Role[] }): boolean {
  return actor.isCenter && actor.roles.some((r) => CALL_RECORD_ROLES.includes(r));
}

export function mayLinkCalls(actor: { isCenter: boolean; roles: readonly Role[] }): boolean {
  return actor.isCenter && actor.roles.some((r) => CALL_LINK_ROLES.includes(r));
}
