import { EXCHANGE_PAUSE_AFTER, EXCHANGE_STOP_AFTER_REFUSALS, isRefusal, targetKey, type TargetKind } from '../../../core/exchange/failures.ts';
import type { Actor } from '../../auth/actor.ts';
import { audit } from '../../audit/record.ts';
import type { Queryable } from '../../db/connection.ts';

/**
 * 交换失败告警: the run of failures of each upper platform and peer (exchange_targets), the pause after
 * EXCHANGE_PAUSE_AFTER in a row, and the stop of one delivery refused EXCHANGE_STOP_AFTER_REFUSALS times
 * in a row (core/exchange/failures.ts). Each pause and stop is audited and told to the duty leader through
 * the outbox, as a paused webhook is (webhooks/deliver.ts), and waits in the administrator's 待我审批 ·
 * 对接异常 (inbox/integration.ts) until resumed or sent again.
 */

export interface FailureInput {
  kind: TargetKind;
  /** The platform's or peer's id, and its name for people. */
  id: string;
  name: string;
  /** What failed, for the alert: 工单 2026… 的「办结」报送, 11 月指标. */
  what: string;
  status: number | null;
  error: string;
  /** The delivery's refusals in a row before this try. */
  refusals: number;
  now: number;
}

export interface FailureOutcome {
  /** The delivery's refusals in a row, this try included (0 when this was no refusal). */
  refusals: number;
  /** The delivery is to be stopped: the other side keeps refusing it. */
  stop: string | null;
  /** This failure paused the platform or peer. */
  paused: boolean;
}

export async function alertDuty(tx: Queryable, text: string, now: number): Promise<void> {
  // to the duty leader, as a 监测预警 goes (jobs/outbox.ts sends it)
  await tx.query(`INSERT INTO outbox (channel, body, created_at) VALUES ('alert', $1, $2)`, [text, new Date(now)]);
}

/** A failed post: the target's run grows (and may pause it); the delivery's refusals grow (and may stop it). */
export async function recordFailure(tx: Queryable, f: FailureInput): Promise<FailureOutcome> {
  const target = targetKey(f.kind, f.id);
  const refusals = isRefusal(f.status) ? f.refusals + 1 : 0;
  const stop = refusals >= EXCHANGE_STOP_AFTER_REFUSALS ? `${f.name}连续 ${refusals} 次拒收（${f.error}），已停止重试` : null;
  const { rows } = await tx.query<{ n: number; state: string }>(
    `INSERT INTO exchange_targets (target, consecutive_failures) VALUES ($1, 1)
     ON CONFLICT (target) DO UPDATE SET consecutive_failures = exchange_targets.consecutive_failures + 1
     RETURNING consecutive_failures AS n, state`,
    [target],
  );
  const run = rows[0]!;
  let paused = false;
  if (run.state === 'active' && run.n >= EXCHANGE_PAUSE_AFTER) {
    paused = true;
    const reason = `连续 ${run.n} 次发送失败，已自动暂停（最近一次：${f.error}）`;
    await tx.query(`UPDATE exchange_targets SET state = 'paused', paused_at = $2, paused_reason = $3 WHERE target = $1`, [target, new Date(f.now), reason]);
    await audit(tx, { action: 'exchange.auto-pause', at: f.now, actor: null, actorName: '系统', objectType: 'exchange-target', objectId: target, detail: { name: f.name, reason } });
    await alertDuty(tx, `【平台交换】${f.kind === 'peer' ? '其他平台' : '上级平台'}「${f.name}」${reason}。请联系对方恢复后在 系统管理 · 平台交换 中恢复发送。`, f.now);
  }
  if (stop) {
    await audit(tx, { action: 'exchange.stop', at: f.now, actor: null, actorName: '系统', objectType: 'exchange-target', objectId: target, detail: { name: f.name, what: f.what, reason: stop } });
    await alertDuty(tx, `【平台交换】${f.what}：${stop}。请核对后在 系统管理 · 平台交换 中重新发送。`, f.now);
  }
  return { refusals, stop, paused };
}

/** A post the other side took: the target's run of failures ends. */
export async function recordSuccess(tx: Queryable, kind: TargetKind, id: string): Promise<void> {
  await tx.query('UPDATE exchange_targets SET consecutive_failures = 0 WHERE target = $1 AND consecutive_failures <> 0', [targetKey(kind, id)]);
}

/** SQL: whether the target of delivery row `d` (exchange_deliveries) is paused. */
export const DELIVERY_TARGET_PAUSED = `EXISTS (SELECT 1 FROM exchange_targets x WHERE x.state = 'paused'
  AND x.target = (CASE WHEN d.kind = 'order' THEN 'peer:' ELSE 'platform:' END) || d.platform)`;

export interface TargetState {
  target: string;
  consecutiveFailures: number;
  state: 'active' | 'paused';
  pausedAt: Date | null;
  pausedReason: string | null;
}

export async function targetStates(q: Queryable): Promise<TargetState[]> {
  const { rows } = await q.query<{ target: string; consecutive_failures: number; state: 'active' | 'paused'; paused_at: Date | null; paused_reason: string | null }>(
    'SELECT target, consecutive_failures, state, paused_at, paused_reason FROM exchange_targets ORDER BY target',
  );
  return rows.map((r) => ({ target: r.target, consecutiveFailures: r.consecutive_failures, state: r.state, pausedAt: r.paused_at, pausedReason: r.paused_reason }));
}

/**
 * 恢复发送: the administrator resumes a paused platform or peer; what waited for it is due at once.
 * Returns false when it was not paused.
 */
export async function resumeTarget(tx: Queryable, target: string, by: Actor, now: number): Promise<boolean> {
  const { rows } = await tx.query(
    `UPDATE exchange_targets SET state = 'active', consecutive_failures = 0, paused_at = NULL, paused_reason = NULL, resumed_at = $2, resumed_by_name = $3
      WHERE target = $1 AND state = 'paused' RETURNING 1`,
    [target, new Date(now), by.displayName],
  );
  if (!rows.length) return false;
  const [kind, id] = target.split(':') as [TargetKind, string];
  if (kind === 'platform') {
    await tx.query(`UPDATE exchange_deliveries SET next_attempt_at = $2 WHERE platform = $1 AND kind <> 'order' AND acknowledged_at IS NULL AND stopped_at IS NULL`, [id, new Date(now)]);
  } else {
    await tx.query(`UPDATE exchange_deliveries SET next_attempt_at = $2 WHERE platform = $1 AND kind = 'order' AND acknowledged_at IS NULL AND stopped_at IS NULL`, [id, new Date(now)]);
    await tx.query(`UPDATE province_pushes SET next_attempt_at = $2 WHERE peer = $1 AND state = 'pending'`, [id, new Date(now)]);
  }
  await audit(tx, { action: 'exchange.resume', at: now, actor: by, objectType: 'exchange-target', objectId: target, detail: {} });
  return true;
}
