import { retryDelayMs, REPORT_KIND_LABELS, type ReportKind } from '../../../core/exchange/plan.ts';
import type { AppContext } from '../../app.ts';
import { DELIVERY_TARGET_PAUSED, recordFailure, recordSuccess } from './failures.ts';
import { appendEvent } from '../../tickets/store.ts';
import type { UpperReport } from './adapter.ts';
import { ADAPTERS } from './reference-adapter.ts';
import { peerAdapter, type PeerOrderOut } from './peer-adapter.ts';
import { peerAccepted } from './peer-transfer.ts';
import { ordersUrl } from './peers.ts';
import { syncUpperOrder, type UpperPlatforms } from './report.ts';

/** How long a claimed report is held by the sender that took it, before another may try. */
const LEASE_MS = 2 * 60_000;

export interface ExchangeRound {
  queued: number;
  sent: number;
  acknowledged: number;
  failed: number;
}

interface Claimed {
  id: string;
  outbox_id: string;
  ticket_id: string;
  platform: string;
  kind: ReportKind | 'order';
  report: UpperReport;
  attempts: number;
  refusals: number;
  number: string;
}

/**
 * The exchange job (serve runs it with the other jobs): first brings every open order's reports up
 * to date (changes made outside the action pipeline: a caller's rating on the portal, an SMS visit, and
 * the platform's periodic 进展), then posts what is due to the upper platforms. A report is retried with
 * back-off (core/exchange/plan.ts: retryDelayMs) until the platform acknowledges it, and an order's
 * reports go in order: none before the earlier ones are acknowledged. Senders on several instances
 * share the work: each claims its reports for a lease (SKIP LOCKED). Times are the app's clock. A platform
 * or peer failing without end is paused, and a report it keeps refusing stopped (failures.ts): neither is
 * claimed until an administrator resumes the one or sends the other again.
 */
export async function drainExchange(ctx: AppContext, platforms: UpperPlatforms, opts: { limit?: number; timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<ExchangeRound> {
  const round: ExchangeRound = { queued: 0, sent: 0, acknowledged: 0, failed: 0 };
  // every order whose result has not gone yet (few: the upper platforms' orders still open)
  const open = await ctx.db.query<{ ticket_id: string }>(
    `SELECT o.ticket_id FROM exchange_orders o
      WHERE NOT EXISTS (SELECT 1 FROM exchange_deliveries d WHERE d.ticket_id = o.ticket_id AND d.kind = 'result')`,
  );
  for (const o of open.rows) {
    round.queued += await ctx.db.transaction((tx) => syncUpperOrder(tx, platforms, o.ticket_id, ctx.now(), true));
  }

  const now = ctx.now();
  const claimed = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<Claimed>(
      `SELECT d.id::text, d.outbox_id::text, d.ticket_id, d.platform, d.kind, d.report, d.attempts, d.refusals, t.number
         FROM exchange_deliveries d JOIN tickets t ON t.id = d.ticket_id
        WHERE d.acknowledged_at IS NULL AND d.stopped_at IS NULL AND d.next_attempt_at <= $1 AND NOT ${DELIVERY_TARGET_PAUSED}
          AND NOT EXISTS (SELECT 1 FROM exchange_deliveries e WHERE e.ticket_id = d.ticket_id AND e.id < d.id AND e.acknowledged_at IS NULL)
        ORDER BY d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED`,
      [new Date(now), opts.limit ?? 50],
    );
    if (rows.length) {
      await tx.query(
        'UPDATE exchange_deliveries SET attempts = attempts + 1, last_attempt_at = $2, next_attempt_at = $3 WHERE id = ANY($1::bigint[])',
        [rows.map((r) => r.id), new Date(now), new Date(now + LEASE_MS)],
      );
    }
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });

  for (const d of claimed) {
    round.sent += 1;
    const outcome = d.kind === 'order' ? await postOrder(ctx, d, opts) : await post(platforms, d, opts);
    const at = ctx.now();
    await ctx.db.transaction(async (tx) => {
      if (outcome.ok) {
        round.acknowledged += 1;
        await tx.query('UPDATE exchange_deliveries SET acknowledged_at = $2, receipt = $3, last_status = $4, last_error = NULL, refusals = 0 WHERE id = $1', [d.id, new Date(at), outcome.receipt, outcome.status]);
        await recordSuccess(tx, d.kind === 'order' ? 'peer' : 'platform', d.platform);
        await tx.query('UPDATE outbox SET sent_at = $2, attempts = $3, last_error = NULL WHERE id = $1', [d.outbox_id, new Date(at), d.attempts]);
        // 转办至其他平台: the peer took the order, its number kept (peer-transfer.ts)
        if (d.kind === 'order') await peerAccepted(tx, String((d.report as unknown as { transferId: string }).transferId), outcome.receipt, at);
        await appendEvent(tx, {
          ticketId: d.ticket_id,
          action: 'upper-ack',
          actor: null,
          at,
          data: { platform: d.platform, kind: d.kind, kindLabel: d.kind === 'order' ? '转办' : REPORT_KIND_LABELS[d.kind], receipt: outcome.receipt, attempts: d.attempts, deliveryId: d.id },
        });
      } else {
        round.failed += 1;
        const error = outcome.error.slice(0, 500);
        const order = d.kind === 'order';
        const kindLabel = d.kind === 'order' ? '转办' : REPORT_KIND_LABELS[d.kind];
        const f = await recordFailure(tx, {
          kind: order ? 'peer' : 'platform',
          id: d.platform,
          name: (order ? ctx.peers?.get(d.platform)?.name : platforms.get(d.platform)?.name) ?? d.platform,
          what: `工单 ${d.number} 的「${kindLabel}」${order ? '' : '报送'}`,
          status: outcome.status,
          error,
          refusals: d.refusals,
          now: at,
        });
        await tx.query('UPDATE exchange_deliveries SET next_attempt_at = $2, last_status = $3, last_error = $4, refusals = $5, stopped_at = $6, stopped_reason = $7 WHERE id = $1', [
          d.id,
          new Date(at + retryDelayMs(d.attempts)),
          outcome.status,
          error,
          f.refusals,
          f.stop ? new Date(at) : null,
          f.stop,
        ]);
        await tx.query('UPDATE outbox SET attempts = $2, last_error = $3 WHERE id = $1', [d.outbox_id, d.attempts, error]);
      }
    });
  }
  return round;
}

type Outcome = { ok: true; receipt: string | null; status: number } | { ok: false; error: string; status: number | null };

/** Network causes Node's fetch gives in English (its message is only 'fetch failed'), said for the center's staff. */
const NETWORK: Record<string, string> = {
  ECONNREFUSED: '对方平台拒绝连接（服务未启动或端口不通）',
  ENOTFOUND: '找不到对方平台的域名',
  EAI_AGAIN: '暂时无法解析对方平台的域名',
  ECONNRESET: '连接被对方中断',
  ETIMEDOUT: '连接对方平台超时',
  EHOSTUNREACH: '无法到达对方平台（网络不通）',
  ENETUNREACH: '网络不可达',
  CERT_HAS_EXPIRED: '对方平台的证书已过期',
  DEPTH_ZERO_SELF_SIGNED_CERT: '对方平台使用自签名证书，未被信任',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: '无法验证对方平台的证书',
};

/** Why a post did not get through, in Chinese, with the technical cause kept in brackets for the administrator. */
export function sendError(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `发送失败：对方平台 ${Math.round(timeoutMs / 1000)} 秒内未应答`;
  const code = e.cause?.code;
  if (code && NETWORK[code]) return `发送失败：${NETWORK[code]}（${code}）`;
  return `发送失败：${e.cause?.message ?? e.message}`;
}

async function post(platforms: UpperPlatforms, d: Claimed, opts: { timeoutMs?: number; fetch?: typeof fetch }): Promise<Outcome> {
  const platform = platforms.get(d.platform);
  const adapter = platform && ADAPTERS[platform.adapter];
  if (!platform || !adapter) return { ok: false, error: `上级平台 ${d.platform} 未配置`, status: null };
  try {
    const res = await (opts.fetch ?? fetch)(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(platform.token ? { authorization: `Bearer ${platform.token}` } : {}) },
      body: JSON.stringify(adapter.writeReport(d.report)),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    const ack = adapter.readAck(res.status, body);
    return ack.ok ? { ok: true, receipt: ack.receipt, status: res.status } : { ok: false, error: ack.error, status: res.status };
  } catch (error) {
    return { ok: false, error: sendError(error, opts.timeoutMs ?? 10_000), status: null };
  }
}

/**
 * 转办至其他平台: the order posted to the peer's POST /api/exchange/{platformId}/orders with the key it
 * gave this instance; the caller's name and phone, sealed in the outbox, opened for this post only.
 * The peer's 200/201 with its number is the acknowledgement (peer-adapter.ts: readOrderAck).
 */
async function postOrder(ctx: AppContext, d: Claimed, opts: { timeoutMs?: number; fetch?: typeof fetch }): Promise<Outcome> {
  const peer = ctx.peers?.get(d.platform);
  if (!peer) return { ok: false, error: `其他平台 ${d.platform} 未配置`, status: null };
  const order = (d.report as unknown as { order: PeerOrderOut }).order;
  const caller = { name: ctx.vault.open(order.caller.name ?? null) ?? undefined, phone: ctx.vault.open(order.caller.phone ?? null) ?? undefined };
  const body = { ...order, caller: { ...(caller.name ? { name: caller.name } : {}), ...(caller.phone ? { phone: caller.phone } : {}) } };
  try {
    const res = await (opts.fetch ?? fetch)(ordersUrl(peer), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${peer.key}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    const ack = peerAdapter.readOrderAck(res.status, parsed);
    return ack.ok ? { ok: true, receipt: ack.receipt, status: res.status } : { ok: false, error: ack.error, status: res.status };
  } catch (error) {
    return { ok: false, error: sendError(error, opts.timeoutMs ?? 10_000), status: null };
  }
}
