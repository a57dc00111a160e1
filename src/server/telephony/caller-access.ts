import { ENDED_MESSAGE } from '../../core/access/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { accessTo, requireRead } from '../access/ticket-access.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { loadAssignments, type TicketRow } from '../tickets/store.ts';

/**
 * The ticket whose caller this actor may contact, locked for the record of the contact: the center,
 * or a unit holding a live share of a ticket whose caller it may see (never anonymous, confidential
 * or complaining about that unit: core/access).
 */
export async function callerTicketFor(tx: Queryable, actor: Actor, id: string): Promise<TicketRow> {
  const { rows } = await tx.query<TicketRow & { subject_path: string | null }>(
    'SELECT t.*, s.path AS subject_path FROM tickets t LEFT JOIN units s ON s.id = t.subject_unit_id WHERE t.id = $1',
    [/^[0-9a-f-]{36}$/i.test(id) ? id : '00000000-0000-0000-0000-000000000000'],
  );
  const ticket = rows[0];
  if (!ticket) throw notFound('工单不存在');
  const assignments = await loadAssignments(tx, id);
  const access = accessTo(actor, ticket, ticket.subject_path, assignments);
  requireRead(access);
  if (access.relation === 'ended') throw forbidden(ENDED_MESSAGE);
  if (access.callerView === 'hidden') throw forbidden('该来电人要求保密或为被投诉方，不能查看其联系方式');
  return ticket;
}
