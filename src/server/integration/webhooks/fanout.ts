import { randomUUID } from 'node:crypto';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { webhookKindOf, WEBHOOK_KIND_LABELS, type WebhookKind } from '../../../core/webhooks/kinds.ts';
import type { AppContext } from '../../app.ts';
import type { Queryable } from '../../db/connection.ts';
import { AppError } from '../../http/errors.ts';
import { ticketDetail } from '../../tickets/queries.ts';
import { SUBSCRIPTION_SELECT, subscriptionActor, type SubscriptionRow } from './store.ts';

/**
 * From the webhook outbox (webhook_queue, written by triggers in the event's own transaction) to
 * one delivery per subscription that may hear of it. 实时推送 to the units (重庆 第二十一条, 凉山 第十八条,
 * 邵阳 第五条（五）): the ticket is read as a person of the subscriber's unit would read it
 * (tickets/queries.ts — the same relation, the same masking of the caller, the same audit and access
 * log of the read), and the event goes out only if that person would see it on the timeline.
 */

interface QueuedEvent {
  id: string;
  event_id: string;
  ticket_id: string;
  kind: string | null;
  action: string;
  at: Date;
}

/** What a subscriber receives: the event, and the ticket as its unit may see it now. */
export interface WebhookPayload {
  id: string;
  kind: WebhookKind;
  kindLabel: string;
  occurredAt: string;
  subscription: { id: string; name: string; unit: { id: string; name: string } };
  event: Record<string, unknown>;
  ticket: Record<string, unknown>;
}

async function payloadFor(ctx: AppContext, tx: Queryable, sub: SubscriptionRow, q: QueuedEvent, kind: WebhookKind, id: string): Promise<WebhookPayload | null> {
  let detail: Record<string, unknown> & { events: Array<{ id: number } & Record<string, unknown>> };
  try {
    detail = (await ticketDetail(ctx, subscriptionActor(sub), q.ticket_id, tx)) as unknown as typeof detail;
  } catch (error) {
    // a unit that never held a share is told nothing: not that the ticket exists
    if (error instanceof AppError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
  const event = detail.events.find((e) => e.id === Number(q.event_id));
  if (!event) return null;
  // what a person may do with the ticket is no business of a system's
  const { access: _access, ...ticket } = detail;
  return {
    id,
    kind,
    kindLabel: WEBHOOK_KIND_LABELS[kind],
    occurredAt: formatInstant(q.at.getTime()),
    subscription: { id: sub.id, name: sub.name, unit: { id: sub.unit_id, name: sub.unit_name } },
    event,
    ticket,
  };
}

/**
 * Turns up to `limit` queued events into deliveries, in one transaction (several instances share
 * the queue through SKIP LOCKED). Returns the events taken and the deliveries made.
 */
export async function fanOutWebhooks(ctx: AppContext, limit = 200): Promise<{ events: number; deliveries: number }> {
  return ctx.db.transaction(async (tx) => {
    const { rows: queued } = await tx.query<QueuedEvent>(
      `SELECT q.id::text AS id, q.event_id::text AS event_id, q.ticket_id, q.kind, e.action, e.at
         FROM webhook_queue q JOIN events e ON e.id = q.event_id ORDER BY q.id LIMIT $1 FOR UPDATE OF q SKIP LOCKED`,
      [limit],
    );
    if (!queued.length) {
      // an event whose row is gone cannot be told: drop what no join finds
      await tx.query('DELETE FROM webhook_queue q WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = q.event_id)');
      return { events: 0, deliveries: 0 };
    }
    const { rows: subs } = await tx.query<SubscriptionRow>(SUBSCRIPTION_SELECT);
    const now = ctx.now();
    let made = 0;
    for (const q of queued) {
      const kind = (q.kind as WebhookKind | null) ?? webhookKindOf(q.action);
      // a subscription hears of what happens from its making on, not of a backlog from before it
      const wanting = kind ? subs.filter((s) => s.kinds.includes(kind) && s.created_at.getTime() <= q.at.getTime()) : [];
      if (!kind || !wanting.length) continue;
      // a unit hears only of tickets its subtree held a share of when the event happened (the
      // center, of all): what came before its share was not sent to it then, nor is it later
      const { rows: held } = await tx.query<{ path: string }>(
        'SELECT un.path FROM assignments a JOIN units un ON un.id = a.unit_id WHERE a.ticket_id = $1 AND a.created_at <= $2',
        [q.ticket_id, q.at],
      );
      for (const sub of wanting) {
        if (sub.unit_kind !== 'center' && !held.some((h) => h.path.startsWith(sub.unit_path))) continue;
        const id = randomUUID();
        const payload = await payloadFor(ctx, tx, sub, q, kind, id);
        if (!payload) continue;
        await tx.query(
          `INSERT INTO webhook_deliveries (id, subscription_id, event_id, ticket_id, kind, body, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
          // sealed at rest: a center's subscription receives the caller in full
          [id, sub.id, q.event_id, q.ticket_id, kind, ctx.vault.seal(JSON.stringify(payload)), new Date(now)],
        );
        made += 1;
      }
    }
    await tx.query('DELETE FROM webhook_queue WHERE id = ANY($1::bigint[])', [queued.map((q) => q.id)]);
    return { events: queued.length, deliveries: made };
  });
}
