import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../app.ts';
import type { SharedReads } from '../live/shared-reads.ts';
import { byRequest, DECISION_KINDS, decisionsOn, wantedKinds, type Decision, type DecisionKind } from './decisions.ts';
import type { InboxRows, InboxRowsSource } from './rows.ts';

/** What a scope's decision pass found: each ticket's decisions, and the tickets whose answer depends on who asks. */
export interface ScopeDecisions {
  rows: InboxRows;
  byTicket: Map<string, Decision[]>;
  /** A guard read who the person is (unit-review: not the reply's own author): decided again for each person. */
  personal: Set<string>;
}

/**
 * What makes one actor another person with the same scope: everything of Actor but the roles, the unit
 * and whether it is the center's, which the shared pass's key holds.
 */
const IDENTITY: ReadonlySet<PropertyKey> = new Set<keyof Actor>(['id', 'username', 'displayName', 'mustChangePassword', 'totpEnabled']);

/**
 * The badge's decisions, shared by everyone whose roles and unit are the same (issue 16). A change at
 * the center brings back the badges of a hundred dispatchers within milliseconds, and each ran the
 * deciding guards over the 700 waiting tickets for themselves: the same answers, but where a guard
 * reads who the person is. The shared pass watches for that (a read of `IDENTITY` on the actor), and
 * those tickets alone are decided again for each person. Kept as SharedReads keeps it: until the next
 * committed change, or a second at most.
 */
export function sharedDecisions(shared: SharedReads<ScopeDecisions>, rows: InboxRowsSource) {
  return async (ctx: AppContext, actor: Actor, kinds: readonly DecisionKind[] = DECISION_KINDS): Promise<Decision[]> => {
    const wanted = wantedKinds(actor, kinds);
    if (!wanted.length) return [];
    const key = `${actor.isCenter}|${actor.unit.id}|${actor.unit.path}|${[...actor.roles].sort().join(',')}|${wanted.join(',')}`;
    const scope = await shared.read(key, () => decideScope(ctx, actor, wanted, rows));
    const now = ctx.now();
    return scope.rows.tickets.flatMap((t) => (scope.personal.has(t.id) ? decisionsOn(ctx, actor, scope.rows, t, wanted, now) : (scope.byTicket.get(t.id) ?? []))).sort(byRequest);
  };
}

async function decideScope(ctx: AppContext, actor: Actor, wanted: readonly DecisionKind[], source: InboxRowsSource): Promise<ScopeDecisions> {
  const rows = await source(ctx, actor, wanted);
  const seen = { identity: false };
  const watched = new Proxy(actor, {
    get(target, prop, receiver) {
      if (IDENTITY.has(prop)) seen.identity = true;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  const byTicket = new Map<string, Decision[]>();
  const personal = new Set<string>();
  const now = ctx.now();
  for (const t of rows.tickets) {
    seen.identity = false;
    const decided = decisionsOn(ctx, watched, rows, t, wanted, now);
    if (seen.identity) personal.add(t.id);
    else byTicket.set(t.id, decided);
  }
  return { rows, byTicket, personal };
}
