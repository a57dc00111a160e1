import type { AppContext } from '../../app.ts';
import { deliverWebhooks } from './deliver.ts';
import { fanOutWebhooks } from './fanout.ts';

/**
 * One round of the webhook sender, run by `serve` beside the notification outbox (jobs/outbox.ts):
 * the queued events fanned out to their subscriptions, then the due deliveries posted.
 */
export async function runWebhooks(ctx: AppContext, opts: { timeoutMs?: number } = {}): Promise<{ made: number; delivered: number; failed: number }> {
  let made = 0;
  // the queue is read in batches until a batch comes back short, so a burst is told in one round
  for (let round = 0; round < 50; round++) {
    const r = await fanOutWebhooks(ctx, 200);
    made += r.deliveries;
    if (r.events < 200) break;
  }
  const sent = await deliverWebhooks(ctx, opts);
  return { made, ...sent };
}
