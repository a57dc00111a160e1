import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { isWebhookKind, WEBHOOK_KIND_LABELS } from '../../../core/webhooks/kinds.ts';
import type { Queryable } from '../../db/connection.ts';

/**
 * The delivery log of one subscription, newest first: each delivery's state and every try (when,
 * answer code, time taken, error, and who replayed it). The body is not shown: it is the unit's
 * view of a ticket, read there through the ticket itself.
 */
export type DeliveryState = 'pending' | 'delivered' | 'failed';

interface Row {
  id: string; kind: string; event_id: string | null; ticket_id: string | null; ticket_number: string | null; state: DeliveryState;
  attempts: number; next_attempt_at: Date | null; created_at: Date; delivered_at: Date | null; last_status: number | null; last_error: string | null;
}
interface AttemptRow {
  delivery_id: string; attempt: number; at: Date; ok: boolean; status: number | null; duration_ms: number; error: string | null; replay_by_name: string | null;
}

const at = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);

export async function listDeliveries(q: Queryable, subscriptionId: string, f: { state?: DeliveryState; page: number; pageSize: number }) {
  const where = `d.subscription_id = $1${f.state ? ' AND d.state = $2' : ''}`;
  const params: unknown[] = f.state ? [subscriptionId, f.state] : [subscriptionId];
  const [{ rows: total }, { rows }] = await Promise.all([
    q.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_deliveries d WHERE ${where}`, params),
    q.query<Row>(
      `SELECT d.id, d.kind, d.event_id::text AS event_id, d.ticket_id, t.number AS ticket_number, d.state, d.attempts, d.next_attempt_at,
              d.created_at, d.delivered_at, d.last_status, d.last_error
         FROM webhook_deliveries d LEFT JOIN tickets t ON t.id = d.ticket_id
        WHERE ${where} ORDER BY d.created_at DESC, d.event_id DESC NULLS LAST, d.kind, d.id LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
      params,
    ),
  ]);
  const { rows: tries } = rows.length
    ? await q.query<AttemptRow>(
        'SELECT delivery_id, attempt, at, ok, status, duration_ms, error, replay_by_name FROM webhook_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY id',
        [rows.map((r) => r.id)],
      )
    : { rows: [] as AttemptRow[] };
  return {
    total: Number(total[0]?.n ?? 0),
    page: f.page,
    pageSize: f.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindLabel: isWebhookKind(r.kind) ? WEBHOOK_KIND_LABELS[r.kind] : r.kind,
      eventId: r.event_id === null ? null : Number(r.event_id),
      ticket: r.ticket_id ? { id: r.ticket_id, number: r.ticket_number } : null,
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: r.state === 'pending' ? at(r.next_attempt_at) : null,
      createdAt: at(r.created_at)!,
      deliveredAt: at(r.delivered_at),
      lastStatus: r.last_status,
      lastError: r.last_error,
      log: tries
        .filter((a) => a.delivery_id === r.id)
        .map((a) => ({ attempt: a.attempt, at: at(a.at)!, ok: a.ok, status: a.status, durationMs: a.duration_ms, error: a.error, replayBy: a.replay_by_name })),
    })),
  };
}
