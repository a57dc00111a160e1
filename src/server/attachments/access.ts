import { mayGetAttachment, type AttachmentOrigin } from '../../core/access/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { accessTo, requireRead, type TicketAccess } from '../access/ticket-access.ts';
import { notFound } from '../http/errors.ts';
import { loadAssignments, type TicketRow } from '../tickets/store.ts';

export interface AttachmentRow {
  id: string;
  ticket_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string | null;
  created_at: Date;
  /** The uploader's unit; null when the caller sent it from the portal. */
  uploader_unit_path: string | null;
  uploader_unit_kind: string | null;
  uploader_name: string | null;
  uploader_unit_name: string | null;
}

export const ATTACHMENT_SELECT = `SELECT a.id, a.ticket_id, a.filename, a.content_type, a.size, a.sha256, a.storage_key, a.uploaded_by, a.created_at,
       u.path AS uploader_unit_path, u.kind AS uploader_unit_kind, us.display_name AS uploader_name, u.name AS uploader_unit_name
  FROM attachments a LEFT JOIN users us ON us.id = a.uploaded_by LEFT JOIN units u ON u.id = us.unit_id`;

/** What the hotline took in with the request (the center's desks, or the portal) is the caller's; a unit's upload is its handling. */
export function originOf(a: Pick<AttachmentRow, 'uploader_unit_kind'>): AttachmentOrigin {
  return a.uploader_unit_kind === null || a.uploader_unit_kind === 'center' ? 'caller' : 'unit';
}

/** The actor's access to a ticket, for its files; a ticket it may not see is "not found". */
export async function ticketAccessFor(db: Queryable, actor: Actor, ticketId: string): Promise<TicketAccess> {
  const [ticketRows, assignments] = await Promise.all([
    db.query<Pick<TicketRow, 'status' | 'anonymous' | 'confidential'> & { subject_path: string | null }>(
      'SELECT t.status, t.anonymous, t.confidential, s.path AS subject_path FROM tickets t LEFT JOIN units s ON s.id = t.subject_unit_id WHERE t.id = $1',
      [ticketId],
    ),
    loadAssignments(db, ticketId),
  ]);
  const ticket = ticketRows.rows[0];
  if (!ticket) throw notFound('工单不存在');
  const access = accessTo(actor, ticket, ticket.subject_path, assignments);
  requireRead(access);
  return access;
}

/** Whether the actor may list or download this file of a ticket (core/access: mayGetAttachment). */
export function mayGet(actor: Actor, access: TicketAccess, a: AttachmentRow): boolean {
  return mayGetAttachment(access.relation, access.callerView, {
    origin: originOf(a),
    uploadedByViewerUnit: a.uploader_unit_path !== null && a.uploader_unit_path.startsWith(actor.unit.path),
  });
}
