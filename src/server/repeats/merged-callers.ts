import type { Queryable } from '../db/connection.ts';
import { notifyOutbox } from '../tickets/store.ts';

/**
 * When an original is closed after its visit, the callers whose requests were merged into it hear
 * the outcome as well (their own tickets were closed at the merge and are never visited).
 */
export async function notifyMergedCallers(tx: Queryable, original: { id: string; number: string }, at: number): Promise<void> {
  const { rows } = await tx.query<{ id: string; number: string; caller_phone: string }>(
    `SELECT id, number, caller_phone FROM tickets WHERE repeat_of = $1 AND status = 'merged' AND caller_phone IS NOT NULL`,
    [original.id],
  );
  for (const r of rows) {
    await notifyOutbox(tx, {
      recipient: r.caller_phone,
      ticketId: r.id,
      at,
      body: `【12345】您反映的诉求（工单 ${r.number}）已随工单 ${original.number} 办结，可在网上门户查询办理结果；如有意见请致电 12345。`,
    });
  }
}
