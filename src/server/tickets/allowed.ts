import { ACCESS, type Relation } from '../../core/access/index.ts';
import { checkAction, checkAssignmentState, type TicketAction } from '../../core/ticket/machine.ts';
import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import { ACTIONS } from './actions/index.ts';
import { heldByPeer, type GuardInput, type GuardTicket } from './actions/guards.ts';
import { namedShares } from './actions/registry.ts';
import type { ClockRow } from './clocks.ts';
import type { AssignmentRow } from './store.ts';

/** One action the actor may take now; on one share (its assignmentId) where the action is a share's. */
export interface AllowedAction {
  action: TicketAction;
  assignmentId: string | null;
  /** The unit whose share it is, for labels (同意延期（解放碑街道办事处）). */
  unitName: string | null;
  /** Taken by a unit above on a share of a unit below it (the server allows it; the page offers it apart). */
  onBehalf: boolean;
}

/**
 * Exactly the actions the actor may take on this ticket now: the same checks, in the same order, as
 * runAction (registry.ts) — relation, role, ticket state, the share's state, the action's guard —
 * save the version and the body. Each action of one share is listed once per share it may be
 * taken on. test/server/allowed-actions.test.ts holds the two to agreement through HTTP.
 * With `only`, the same answer restricted to those actions.
 */
export function allowedActionsFor(
  app: AppContext,
  actor: Actor,
  relation: Relation,
  ticket: GuardTicket,
  assignments: AssignmentRow[],
  clocks: ClockRow[],
  now: number,
  only?: ReadonlySet<TicketAction>,
): AllowedAction[] {
  if (!ACCESS[relation].act) return [];
  const out: AllowedAction[] = [];
  const base: Omit<GuardInput, 'assignment'> = { app, actor, ticket, assignments, clocks, now };
  for (const def of ACTIONS) {
    // `only`: a caller that asks about some actions alone (the inbox: the deciding ones) skips the rest's guards
    if (only && !only.has(def.action)) continue;
    if (checkAction(def.action, ticket.status, actor.roles)) continue;
    if (heldByPeer(ticket, def.action)) continue;
    if (!def.assignment) {
      if (!def.guard?.({ ...base, assignment: null })) out.push({ action: def.action, assignmentId: null, unitName: null, onBehalf: false });
      continue;
    }
    for (const a of namedShares(def, actor, assignments)) {
      if (checkAssignmentState(def.action, a.status)) continue;
      if (def.guard?.({ ...base, assignment: a })) continue;
      out.push({ action: def.action, assignmentId: a.id, unitName: a.unit_name, onBehalf: def.assignment === 'own' && a.unit_id !== actor.unit.id });
    }
  }
  return out;
}

/** The distinct actions, for pages that only ask whether an action is open at all. */
export function actionNames(allowed: readonly AllowedAction[]): TicketAction[] {
  return [...new Set(allowed.map((a) => a.action))];
}
