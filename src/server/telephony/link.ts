import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connection.ts';
import { invalid } from '../http/errors.ts';
import { appendEvent } from '../tickets/store.ts';
import { landCallTransfers } from './transfers.ts';

/**
 * Links a call to the ticket it is about (issue 14 item 2): the ticket registered during the call,
 * or an earlier ticket the caller calls about again (a follow-up). A call belongs to one ticket; the
 * link is on the ticket's timeline in the same transaction. No number goes on the timeline.
 */
export async function linkCall(tx: Queryable, actor: Actor, callId: string, ticketId: string, at: number, followUp: boolean): Promise<void> {
  const { rows } = await tx.query<{ ticket_id: string | null }>('SELECT ticket_id FROM calls WHERE call_id = $1 FOR UPDATE', [callId]);
  const call = rows[0];
  if (!call) throw invalid('该通话不存在（电话平台尚未推送此通话）', [{ path: 'callId', message: '通话不存在' }]);
  if (call.ticket_id === ticketId) return;
  if (call.ticket_id) throw invalid('该通话已关联其他工单', [{ path: 'callId', message: '已关联其他工单' }]);
  await tx.query('UPDATE calls SET ticket_id = $2, linked_by = $3, linked_at = $4 WHERE call_id = $1', [callId, ticketId, actor.id, new Date(at)]);
  await appendEvent(tx, { ticketId, action: 'call-link', actor, at, data: { callId, followUp } });
  // the number dialled, and the transfers the platform reported before the ticket existed
  await landCallTransfers(tx, callId, at, !followUp);
}
