import type { AssignmentStatus, TicketStatus } from '../ticket/machine.ts';

/**
 * How an actor stands to one ticket. Everything else — what they may read, whether they see the
 * caller, which actions they may take, which files they may download — follows from this and the
 * ticket's privacy flags (see rules.ts).
 *
 * - center: staff of the hotline center (see every ticket).
 * - holder: the actor's unit, or a unit above it, holds a share that is still running (lead, assist,
 *   joint, or a share passed down to it by subdispatch).
 * - ended: every share the actor's subtree held has ended — its return was approved (which is also
 *   what comes before a re-dispatch to another unit), it ended with the share above it, or the
 *   ticket was merged away. It keeps a read-only view of its own history, up to the end.
 * - none: no share in the actor's subtree, ever (includes the unit a complaint is about when the
 *   complaint went to someone else).
 */
export type Relation = 'center' | 'holder' | 'ended' | 'none';

export interface ShareLike {
  id: string;
  parentId: string | null;
  unitPath: string;
  status: AssignmentStatus;
}

/** A share ends when its return is approved ('returned') or when the ticket is merged into another. */
export function shareEnded(share: Pick<ShareLike, 'status'>, ticketStatus: TicketStatus): boolean {
  return share.status === 'returned' || ticketStatus === 'merged';
}

/** Shares held by the viewer's unit or any unit below it (unit paths are '/…/' prefixes). */
export function sharesOf(viewerUnitPath: string, shares: readonly ShareLike[]): ShareLike[] {
  return shares.filter((s) => s.unitPath.startsWith(viewerUnitPath));
}

export function relationOf(
  viewer: { isCenter: boolean; unitPath: string },
  ticketStatus: TicketStatus,
  shares: readonly ShareLike[],
): Relation {
  if (viewer.isCenter) return 'center';
  const own = sharesOf(viewer.unitPath, shares);
  if (own.length === 0) return 'none';
  return own.some((s) => !shareEnded(s, ticketStatus)) ? 'holder' : 'ended';
}

/** Whether a unit is the one a complaint is about, or above or below it (SY 第二十三条 keeps the complainant from all of them). */
export function isSubjectUnit(viewerUnitPath: string, subjectUnitPath: string | null): boolean {
  return subjectUnitPath !== null && (viewerUnitPath.startsWith(subjectUnitPath) || subjectUnitPath.startsWith(viewerUnitPath));
}

/**
 * The event that ended each of the viewer's shares: the approval of its own return or of the return
 * of a share above it, or its return passed on by the unit above (forward-return), else (merged away) the merge. Events are in timeline order.
 */
export function endOfShares(
  own: readonly ShareLike[],
  all: readonly ShareLike[],
  events: ReadonlyArray<{ id: number; action: string; assignmentId: string | null }>,
): Map<string, number> {
  const byId = new Map(all.map((s) => [s.id, s]));
  const chain = (s: ShareLike) => {
    const ids = new Set<string>();
    for (let cur: ShareLike | undefined = s; cur && !ids.has(cur.id); cur = cur.parentId ? byId.get(cur.parentId) : undefined) ids.add(cur.id);
    return ids;
  };
  const merge = events.find((e) => e.action === 'merge');
  const ends = new Map<string, number>();
  for (const s of own) {
    const ids = chain(s);
    const end = events.find((e) => (e.action === 'approve-return' || e.action === 'forward-return') && e.assignmentId !== null && ids.has(e.assignmentId));
    const at = end?.id ?? merge?.id;
    if (at !== undefined) ends.set(s.id, at);
  }
  return ends;
}
