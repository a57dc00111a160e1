import { callerView, type CallerView } from '../ticket/privacy.ts';
import type { Relation } from './relation.ts';

/**
 * Who may do what with a ticket, by relation: one table read by the routes, the presenter (what
 * the web shows, and its allowed actions) and the access-matrix test.
 *
 * A unit whose share ended keeps its own history read-only — the request as it was and its own
 * events up to the end of its share — and nothing else: not what came after, not the other units'
 * shares, not the caller (SY 第二十三条, LS 第二十条, CQ 第二十二条, DZ 第二条 and 第十条（六） keep callers' details to those
 * who need them to handle the request).
 */
export interface Grant {
  /** What of the ticket it reads: all of it, its own history up to the end of its share, or nothing. */
  read: 'whole' | 'own-history' | 'none';
  /** Whether the caller may be shown at all (then the privacy rules decide how much). */
  caller: boolean;
  /** Whether it may take actions (roles, state and each action's guard still decide which: server/tickets/allowed.ts). */
  act: boolean;
  /** Earlier tickets of the same caller or matter. */
  repeats: boolean;
  /** Attachments: all, those the privacy rules allow, only its own uploads, or none. */
  attachments: 'all' | 'by-privacy' | 'own-uploads' | 'none';
}

export const ACCESS: Record<Relation, Grant> = {
  center: { read: 'whole', caller: true, act: true, repeats: true, attachments: 'all' },
  holder: { read: 'whole', caller: true, act: true, repeats: true, attachments: 'by-privacy' },
  ended: { read: 'own-history', caller: false, act: false, repeats: false, attachments: 'own-uploads' },
  none: { read: 'none', caller: false, act: false, repeats: false, attachments: 'none' },
};

export const ENDED_MESSAGE = '本单位对该工单的承办已结束（已退回或已移交），只能查看本单位的办理记录';

/** How the actor sees the caller: full for the center, masked for a holding unit, else hidden. */
export function callerViewFor(
  relation: Relation,
  ticket: { anonymous: boolean; confidential: boolean },
  viewerIsSubject: boolean,
): CallerView {
  if (!ACCESS[relation].caller) return 'hidden';
  return callerView({ viewerIsCenter: relation === 'center', anonymous: ticket.anonymous, confidential: ticket.confidential, viewerIsSubject });
}

/** Where an attachment came from: the caller's materials (taken in at registration) or a unit's upload. */
export type AttachmentOrigin = 'caller' | 'unit';

/**
 * Whether the actor may see (list or download) one attachment of a ticket. The caller's materials
 * follow the caller's privacy: a unit sees them only where it may see the caller at all (not
 * anonymous, not confidential, not the unit complained about). A unit's uploads are part of the
 * handling, seen by every holder; an ended unit keeps only its own.
 */
export function mayGetAttachment(
  relation: Relation,
  view: CallerView,
  file: { origin: AttachmentOrigin; uploadedByViewerUnit: boolean },
): boolean {
  switch (ACCESS[relation].attachments) {
    case 'all':
      return true;
    case 'by-privacy':
      return file.origin === 'unit' || view !== 'hidden';
    case 'own-uploads':
      return file.origin === 'unit' && file.uploadedByViewerUnit;
    case 'none':
      return false;
  }
}
