import { ACCESS, ENDED_MESSAGE, callerViewFor, isSubjectUnit, relationOf, sharesOf, type Relation, type ShareLike } from '../../core/access/index.ts';
import type { CallerView } from '../../core/ticket/privacy.ts';
import type { Actor } from '../auth/actor.ts';
import { forbidden, notFound } from '../http/errors.ts';
import type { AssignmentRow, TicketRow } from '../tickets/store.ts';

/** The actor's standing towards one ticket, computed once per request from the rows already loaded. */
export interface TicketAccess {
  relation: Relation;
  /** How the caller may be shown (hidden for every relation but center and holder). */
  callerView: CallerView;
  /** The actor's unit is the unit complained about (or above or below it). */
  subject: boolean;
  /** Ids of the shares held by the actor's subtree (ended or not). */
  ownShareIds: Set<string>;
}

export function asShares(assignments: readonly AssignmentRow[]): ShareLike[] {
  return assignments.map((a) => ({ id: a.id, parentId: a.parent_id, unitPath: a.unit_path, status: a.status }));
}

export function accessTo(
  actor: Actor,
  ticket: Pick<TicketRow, 'status' | 'anonymous' | 'confidential'>,
  subjectUnitPath: string | null,
  assignments: readonly AssignmentRow[],
): TicketAccess {
  const shares = asShares(assignments);
  const relation = relationOf({ isCenter: actor.isCenter, unitPath: actor.unit.path }, ticket.status, shares);
  const subject = !actor.isCenter && isSubjectUnit(actor.unit.path, subjectUnitPath);
  return {
    relation,
    subject,
    callerView: callerViewFor(relation, ticket, subject),
    ownShareIds: new Set(actor.isCenter ? [] : sharesOf(actor.unit.path, shares).map((s) => s.id)),
  };
}

/** Refuses a ticket the actor may not see at all as if it did not exist (ids cannot be probed). */
export function requireRead(access: TicketAccess): void {
  if (ACCESS[access.relation].read === 'none') throw notFound('工单不存在');
}

/** Refuses acting on a ticket: unseen → 404, a unit whose share ended → 403. */
export function requireAct(access: TicketAccess): void {
  requireRead(access);
  if (!ACCESS[access.relation].act) throw forbidden(ENDED_MESSAGE);
}
