import type { TicketStatus } from '../../core/ticket/machine.ts';
import type { Queryable } from '../db/connection.ts';
import { invalid } from '../http/errors.ts';

export interface Original {
  id: string;
  number: string;
  status: TicketStatus;
  /** The ticket the agent named, when it was itself a repeat and its own original was taken. */
  requestedId: string | null;
}

/** Links this deep are a loop or a mistake; real chains are one or two long. */
const MAX_CHAIN = 10;

/**
 * The first ticket of a matter: a repeat is linked or merged to the original itself, never to
 * another repeat, so that repeats are counted per matter and no two tickets point at each other.
 */
export async function resolveOriginal(tx: Queryable, ticketId: string, originalId: string): Promise<Original> {
  const path = { path: 'originalId', message: '原工单无效' };
  if (originalId === ticketId) throw invalid('不能关联或合并到工单自身', [path]);
  let id = originalId;
  for (let step = 0; step < MAX_CHAIN; step += 1) {
    const { rows } = await tx.query<{ id: string; number: string; status: TicketStatus; repeat_of: string | null }>(
      'SELECT id, number, status, repeat_of FROM tickets WHERE id = $1',
      [id],
    );
    const row = rows[0];
    if (!row) throw invalid('原工单不存在', [path]);
    if (row.id === ticketId) throw invalid('所选原工单本身是本工单的重复件，不能互相关联', [path]);
    if (!row.repeat_of) return { id: row.id, number: row.number, status: row.status, requestedId: row.id === originalId ? null : originalId };
    id = row.repeat_of;
  }
  throw invalid('原工单的重复件关联层级过深，请直接选择最初的工单', [path]);
}
