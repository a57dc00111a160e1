import { randomUUID } from 'node:crypto';
import { dayOfInstant } from '../../../core/calendar/civil-date.ts';
import { retryDelayMs } from '../../../core/exchange/plan.ts';
import type { AppContext } from '../../app.ts';
import type { Actor } from '../../auth/actor.ts';
import { audit } from '../../audit/record.ts';
import { buildCityReport, monthBefore, monthOf } from './city-report.ts';
import { recordFailure, recordSuccess } from './failures.ts';
import { indicatorsUrl, type ExchangePeer, type ExchangePeers } from './peers.ts';

/** A running month is pushed again this often (the province sees it at most an hour old). */
export const PUSH_EVERY_MS = 3_600_000;
/** How long a claimed push is held by the sender that took it, before another may try. */
const LEASE_MS = 2 * 60_000;

/** This city's province (EXCHANGE_PEERS, level "province"), if it has one. */
export function provinceOf(peers: ExchangePeers | undefined): ExchangePeer | null {
  return [...(peers?.values() ?? [])].find((p) => p.level === 'province') ?? null;
}

/**
 * Queues one push of a month to the province: the report built now, a message id of its own, due at once;
 * a push of the same month still waiting (or stopped) is superseded by it — the newer figures go instead.
 */
export async function queueProvincePush(ctx: AppContext, peer: ExchangePeer, month: string, by: Actor | null): Promise<{ id: string; messageId: string }> {
  const now = ctx.now();
  const report = await buildCityReport(ctx.db, month, now);
  const messageId = randomUUID();
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO province_pushes (peer, period, complete, message_id, payload, created_at, requested_by_name, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $6) RETURNING id::text`,
      [peer.id, month, report.complete, messageId, JSON.stringify({ messageId, ...report }), new Date(now), by?.displayName ?? null],
    );
    await tx.query(`UPDATE province_pushes SET state = 'superseded' WHERE peer = $1 AND period = $2 AND state IN ('pending', 'stopped') AND id <> $3`, [peer.id, month, rows[0]!.id]);
    if (by) await audit(tx, { action: 'exchange.province-push', at: now, actor: by, objectType: 'province-push', objectId: rows[0]!.id, detail: { peer: peer.id, period: month } });
    return { id: rows[0]!.id, messageId };
  });
}

/**
 * The schedule: the running month once an hour, and the month before once it is over (its final figures).
 * Nothing is queued while a push to the province is stopped (it keeps refusing): the administrator sees
 * to it first, rather than the province being asked again each hour and an alert raised each time.
 */
export async function scheduleProvincePushes(ctx: AppContext, peer: ExchangePeer): Promise<number> {
  const now = ctx.now();
  const stopped = await ctx.db.query(`SELECT 1 FROM province_pushes WHERE peer = $1 AND state = 'stopped' LIMIT 1`, [peer.id]);
  if (stopped.rows.length) return 0;
  const current = monthOf(dayOfInstant(now));
  const previous = monthBefore(current);
  const { rows } = await ctx.db.query<{ period: string; last: Date; complete: boolean }>(
    `SELECT period, max(created_at) AS last, bool_or(complete) AS complete FROM province_pushes
      WHERE peer = $1 AND period IN ($2, $3) AND state <> 'superseded' GROUP BY period`,
    [peer.id, current, previous],
  );
  const of = (m: string) => rows.find((r) => r.period === m);
  let queued = 0;
  if (!of(previous)?.complete) {
    await queueProvincePush(ctx, peer, previous, null);
    queued += 1;
  }
  const last = of(current)?.last.getTime();
  if (last === undefined || now - last >= PUSH_EVERY_MS) {
    await queueProvincePush(ctx, peer, current, null);
    queued += 1;
  }
  return queued;
}

interface Claimed {
  id: string;
  peer: string;
  period: string;
  payload: unknown;
  attempts: number;
  refusals: number;
}

/**
 * Posts the due pushes to the province, each retried with the exchange's back-off (30 s doubling to an
 * hour) until the province takes it; the province failing or refusing is counted as for every exchange
 * delivery (failures.ts), so a province that keeps failing is paused and told to the administrator.
 */
export async function drainProvincePushes(ctx: AppContext, opts: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<{ sent: number; acknowledged: number; failed: number }> {
  const round = { sent: 0, acknowledged: 0, failed: 0 };
  const now = ctx.now();
  const claimed = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<Claimed>(
      `SELECT p.id::text, p.peer, p.period, p.payload, p.attempts, p.refusals FROM province_pushes p
        WHERE p.state = 'pending' AND p.next_attempt_at <= $1
          AND NOT EXISTS (SELECT 1 FROM exchange_targets x WHERE x.target = 'peer:' || p.peer AND x.state = 'paused')
        ORDER BY p.id LIMIT 20 FOR UPDATE SKIP LOCKED`,
      [new Date(now)],
    );
    if (rows.length) {
      await tx.query('UPDATE province_pushes SET attempts = attempts + 1, last_attempt_at = $2, next_attempt_at = $3 WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id), new Date(now), new Date(now + LEASE_MS)]);
    }
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
  for (const p of claimed) {
    round.sent += 1;
    const peer = ctx.peers?.get(p.peer);
    const outcome = peer ? await post(peer, p.payload, opts) : { ok: false as const, status: null, error: `省级平台 ${p.peer} 未配置` };
    const at = ctx.now();
    await ctx.db.transaction(async (tx) => {
      if (outcome.ok) {
        round.acknowledged += 1;
        await tx.query(`UPDATE province_pushes SET state = 'acknowledged', acknowledged_at = $2, receipt = $3, last_status = $4, last_error = NULL, refusals = 0 WHERE id = $1`, [p.id, new Date(at), outcome.receipt, outcome.status]);
        await recordSuccess(tx, 'peer', p.peer);
        return;
      }
      round.failed += 1;
      const error = outcome.error.slice(0, 500);
      const f = await recordFailure(tx, { kind: 'peer', id: p.peer, name: peer?.name ?? p.peer, what: `${p.period} 指标上报`, status: outcome.status, error, refusals: p.refusals, now: at });
      await tx.query(
        `UPDATE province_pushes SET state = $2, next_attempt_at = $3, last_status = $4, last_error = $5, refusals = $6, stopped_reason = $7 WHERE id = $1 AND state = 'pending'`,
        [p.id, f.stop ? 'stopped' : 'pending', new Date(at + retryDelayMs(p.attempts)), outcome.status, error, f.refusals, f.stop],
      );
    });
  }
  return round;
}

type Outcome = { ok: true; receipt: string | null; status: number } | { ok: false; error: string; status: number | null };

async function post(peer: ExchangePeer, payload: unknown, opts: { timeoutMs?: number; fetch?: typeof fetch }): Promise<Outcome> {
  try {
    const res = await (opts.fetch ?? fetch)(indicatorsUrl(peer), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${peer.key}` },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    type Answer = { ack?: unknown; receipt?: unknown; message?: unknown } | null;
    let body: Answer = null;
    try {
      body = text ? (JSON.parse(text) as Answer) : null;
    } catch {
      body = null;
    }
    if (res.status < 200 || res.status >= 300) return { ok: false, status: res.status, error: `HTTP ${res.status}${typeof body?.message === 'string' ? `：${body.message.slice(0, 200)}` : ''}` };
    if (body?.ack !== true) return { ok: false, status: res.status, error: '省级平台未确认（应答缺少 "ack": true）' };
    return { ok: true, status: res.status, receipt: typeof body.receipt === 'string' ? body.receipt.slice(0, 200) : null };
  } catch (error) {
    return { ok: false, status: null, error: `发送失败：${(error as Error).message}` };
  }
}

/** One round of the job (serve): the schedule, then the due pushes. Nothing when no province is configured. */
export async function runProvincePushes(ctx: AppContext, opts: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<{ queued: number; sent: number; acknowledged: number; failed: number }> {
  const peer = provinceOf(ctx.peers);
  if (!peer) return { queued: 0, sent: 0, acknowledged: 0, failed: 0 };
  const queued = await scheduleProvincePushes(ctx, peer);
  return { queued, ...(await drainProvincePushes(ctx, opts)) };
}
