import { retryDelayMs, WEBHOOK_AUTO_PAUSE_AFTER, WEBHOOK_MAX_ATTEMPTS } from '../../../core/webhooks/kinds.ts';
import type { Actor } from '../../auth/actor.ts';
import { audit } from '../../audit/record.ts';
import type { Db, Queryable } from '../../db/connection.ts';
import { notFound } from '../../http/errors.ts';
import type { Vault } from '../../privacy/vault.ts';
import { postWebhook, type SendOutcome } from './send.ts';

/**
 * Sending the deliveries the fan-out made (fanout.ts): each due one is posted, its try written to
 * the delivery log, and a failure tried again later on the app's clock — 30 s, then doubling up to
 * 6 hours (core/webhooks/kinds.ts), ten tries at most. An endpoint failing WEBHOOK_AUTO_PAUSE_AFTER
 * times in a row is paused with the reason shown, and the duty leader told through the outbox, as a
 * 监测预警 is: the units' systems must hear of their tickets in real time (重庆 第二十一条, 凉山 第十八条,
 * 邵阳 第五条（五）), so a silent endpoint is somebody's business.
 */

export interface WebhookJobContext {
  db: Db;
  vault: Vault;
  now: () => number;
}

interface DueDelivery {
  id: string;
  subscription_id: string;
  kind: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

/** How long a taken delivery is kept from other senders while its post is in flight. */
const LEASE_MS = 2 * 60_000;

async function writeAttempt(tx: Queryable, d: { id: string; attempts: number }, o: SendOutcome, at: number, replayBy: string | null): Promise<void> {
  await tx.query(
    'INSERT INTO webhook_attempts (delivery_id, attempt, at, ok, status, duration_ms, error, replay_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [d.id, d.attempts + 1, new Date(at), o.ok, o.status, o.durationMs, o.error, replayBy],
  );
}

/** One scheduled try's result: the delivery moves on, and the subscription's run of failures with it. */
async function record(ctx: WebhookJobContext, d: DueDelivery, o: SendOutcome): Promise<{ paused: boolean; nextAt: number | null }> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await writeAttempt(tx, d, o, now, null);
    const attempts = d.attempts + 1;
    if (o.ok) {
      await tx.query(
        `UPDATE webhook_deliveries SET state = 'delivered', attempts = $2, delivered_at = $3, next_attempt_at = NULL, last_status = $4, last_error = NULL WHERE id = $1`,
        [d.id, attempts, new Date(now), o.status],
      );
      await tx.query('UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0', [d.subscription_id]);
      return { paused: false, nextAt: null };
    }
    const giveUp = attempts >= WEBHOOK_MAX_ATTEMPTS;
    const nextAt = giveUp ? null : now + retryDelayMs(attempts);
    await tx.query(
      `UPDATE webhook_deliveries SET state = $2, attempts = $3, next_attempt_at = $4, last_status = $5, last_error = $6 WHERE id = $1`,
      [d.id, giveUp ? 'failed' : 'pending', attempts, nextAt === null ? null : new Date(nextAt), o.status, o.error],
    );
    const { rows } = await tx.query<{ n: number; state: string; name: string }>(
      'UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1 WHERE id = $1 RETURNING consecutive_failures AS n, state, name',
      [d.subscription_id],
    );
    const s = rows[0]!;
    if (s.state !== 'active' || s.n < WEBHOOK_AUTO_PAUSE_AFTER) return { paused: false, nextAt };
    const reason = `连续 ${s.n} 次投递失败，已自动暂停（最近一次：${o.error ?? '失败'}）`;
    await tx.query(
      `UPDATE webhook_subscriptions SET state = 'paused', paused_at = $2, paused_reason = $3, paused_by_name = '系统', auto_paused = true, updated_at = $2 WHERE id = $1`,
      [d.subscription_id, new Date(now), reason],
    );
    await audit(tx, { action: 'webhook.auto-pause', at: now, actor: null, actorName: '系统', objectType: 'webhook', objectId: d.subscription_id, detail: { name: s.name, reason } });
    // to the duty leader, as a 监测预警 goes (jobs/outbox.ts sends it): somebody must call the unit
    await tx.query(`INSERT INTO outbox (channel, body, created_at) VALUES ('alert', $1, $2)`, [
      `【数据推送】Webhook 订阅「${s.name}」${reason}。请联系对方系统恢复后在 系统管理 · Webhook 中恢复推送。`,
      new Date(now),
    ]);
    return { paused: true, nextAt };
  });
}

/**
 * Posts the deliveries due by the app's clock, up to `limit`: in order within one subscription
 * (after a failure the rest of its batch waits for the same retry time, so a dead endpoint is tried
 * once per step, not once per event), side by side across subscriptions.
 */
export async function deliverWebhooks(ctx: WebhookJobContext, opts: { limit?: number; timeoutMs?: number } = {}): Promise<{ delivered: number; failed: number }> {
  const now = ctx.now();
  const due = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<DueDelivery>(
      `SELECT d.id, d.subscription_id, d.kind, d.body, d.attempts, s.url, s.secret
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.state = 'pending' AND d.next_attempt_at <= $1 AND s.state = 'active'
        ORDER BY d.next_attempt_at, d.created_at, d.event_id, d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED`,
      [new Date(now), opts.limit ?? 100],
    );
    if (rows.length) await tx.query('UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id), new Date(now + LEASE_MS)]);
    return rows;
  });
  const bySubscription = new Map<string, DueDelivery[]>();
  for (const d of due) bySubscription.set(d.subscription_id, [...(bySubscription.get(d.subscription_id) ?? []), d]);
  const tally = { delivered: 0, failed: 0 };
  await Promise.all(
    [...bySubscription.values()].map(async (list) => {
      for (let i = 0; i < list.length; i++) {
        const d = list[i]!;
        const outcome = await postWebhook({ url: d.url, secret: ctx.vault.open(d.secret)!, deliveryId: d.id, kind: d.kind, body: ctx.vault.open(d.body)!, now: ctx.now() }, opts.timeoutMs);
        const r = await record(ctx, d, outcome);
        if (outcome.ok) {
          tally.delivered += 1;
          continue;
        }
        tally.failed += 1;
        const rest = list.slice(i + 1).map((x) => x.id);
        // the rest wait for the same retry (a resume makes them due at once: store.ts)
        if (rest.length) await ctx.db.query('UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = ANY($1::uuid[])', [rest, new Date(r.nextAt ?? ctx.now() + retryDelayMs(1))]);
        break;
      }
    }),
  );
  return tally;
}

/**
 * 重新推送 from the page: posts the delivery now, whatever its state or its subscription's (an
 * administrator checks an endpoint before resuming it), under the same delivery id and body.
 * Taken, it is delivered and the run of failures ends; refused, the log says so and the schedule
 * is left as it was (an administrator's try does not pause the endpoint).
 */
export async function replayDelivery(ctx: WebhookJobContext, id: string, by: Actor, opts: { within?: string | null; timeoutMs?: number } = {}): Promise<SendOutcome> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('投递记录不存在');
  const { rows } = await ctx.db.query<DueDelivery & { name: string; state: string; unit_path: string }>(
    `SELECT d.id, d.subscription_id, d.kind, d.body, d.attempts, d.state, s.url, s.secret, s.name, un.path AS unit_path
       FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id JOIN units un ON un.id = s.unit_id WHERE d.id = $1`,
    [id],
  );
  const d = rows[0];
  // a key replays only its own unit's subscriptions' deliveries (store.ts: Keeper)
  if (!d || (opts.within && !d.unit_path.startsWith(opts.within))) throw notFound('投递记录不存在');
  const outcome = await postWebhook({ url: d.url, secret: ctx.vault.open(d.secret)!, deliveryId: d.id, kind: d.kind, body: ctx.vault.open(d.body)!, now: ctx.now() }, opts.timeoutMs);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const { rows: cur } = await tx.query<{ attempts: number }>('SELECT attempts FROM webhook_deliveries WHERE id = $1 FOR UPDATE', [id]);
    const fresh = { id, attempts: cur[0]!.attempts };
    await writeAttempt(tx, fresh, outcome, now, by.displayName);
    if (outcome.ok) {
      await tx.query(
        `UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = $2, next_attempt_at = NULL, last_status = $3, last_error = NULL WHERE id = $1`,
        [id, new Date(now), outcome.status],
      );
      await tx.query('UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1', [d.subscription_id]);
    } else {
      await tx.query('UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3 WHERE id = $1', [id, outcome.status, outcome.error]);
    }
    await audit(tx, {
      action: 'webhook.replay', at: now, actor: by, objectType: 'webhook-delivery', objectId: id,
      detail: { subscription: d.name, kind: d.kind, ok: outcome.ok, status: outcome.status, error: outcome.error },
    });
  });
  return outcome;
}
