import { formatInstant } from '../../core/calendar/civil-date.ts';
import { parseTarget } from '../../core/exchange/failures.ts';
import type { AppContext } from '../app.ts';
import { hasRole, type Actor } from '../auth/actor.ts';

/**
 * 对接异常: what the exchange and the webhooks gave up on and wait for the administrator — a platform or
 * peer paused after failing again and again, a report or order it keeps refusing, a push of indicators the
 * province refuses, a webhook endpoint paused (integration/exchange/failures.ts, webhooks/deliver.ts). Each is
 * also told to the duty leader when it happens; here it stays until an administrator resumes or resends it.
 */
export interface IntegrationIssue {
  kind: 'target-paused' | 'delivery-stopped' | 'push-stopped' | 'webhook-paused';
  kindLabel: string;
  /** Who it is about: the platform's, peer's or subscription's name. */
  name: string;
  reason: string | null;
  since: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  /** Where the administrator acts on it: the tab of 系统管理. */
  tab: 'exchange' | 'webhooks';
}

export const mayMindIntegrations = (a: Actor) => a.isCenter && hasRole(a, 'admin');

const when = (d: Date | null) => (d ? formatInstant(d.getTime()) : null);

export async function integrationIssues(ctx: AppContext, actor: Actor): Promise<IntegrationIssue[]> {
  if (!mayMindIntegrations(actor)) return [];
  const nameOf = (target: string) => {
    const t = parseTarget(target);
    if (!t) return target;
    return (t.kind === 'peer' ? ctx.peers?.get(t.id)?.name : ctx.exchange?.get(t.id)?.name) ?? t.id;
  };
  const [targets, deliveries, pushes, webhooks] = await Promise.all([
    ctx.db.query<{ target: string; paused_at: Date | null; paused_reason: string | null }>(`SELECT target, paused_at, paused_reason FROM exchange_targets WHERE state = 'paused' ORDER BY paused_at`),
    ctx.db.query<{ platform: string; kind: string; stopped_at: Date; stopped_reason: string | null; ticket_id: string; number: string }>(
      `SELECT d.platform, d.kind, d.stopped_at, d.stopped_reason, d.ticket_id, t.number FROM exchange_deliveries d JOIN tickets t ON t.id = d.ticket_id
        WHERE d.stopped_at IS NOT NULL AND d.acknowledged_at IS NULL ORDER BY d.stopped_at LIMIT 100`,
    ),
    ctx.db.query<{ peer: string; period: string; last_attempt_at: Date | null; stopped_reason: string | null }>(
      `SELECT peer, period, last_attempt_at, stopped_reason FROM province_pushes WHERE state = 'stopped' ORDER BY id LIMIT 20`,
    ),
    ctx.db.query<{ name: string; paused_at: Date | null; paused_reason: string | null }>(
      `SELECT name, paused_at, paused_reason FROM webhook_subscriptions WHERE state = 'paused' AND auto_paused ORDER BY paused_at`,
    ),
  ]);
  const none = { ticketId: null, ticketNumber: null };
  return [
    ...targets.rows.map((t): IntegrationIssue => ({ kind: 'target-paused', kindLabel: '平台已暂停', name: nameOf(t.target), reason: t.paused_reason, since: when(t.paused_at), ...none, tab: 'exchange' })),
    ...deliveries.rows.map((d): IntegrationIssue => ({
      kind: 'delivery-stopped',
      kindLabel: d.kind === 'order' ? '转办已停止' : '报送已停止',
      name: nameOf(`${d.kind === 'order' ? 'peer' : 'platform'}:${d.platform}`),
      reason: d.stopped_reason,
      since: when(d.stopped_at),
      ticketId: d.ticket_id,
      ticketNumber: d.number,
      tab: 'exchange',
    })),
    ...pushes.rows.map((p): IntegrationIssue => ({ kind: 'push-stopped', kindLabel: '指标上报已停止', name: `${nameOf(`peer:${p.peer}`)}（${p.period}）`, reason: p.stopped_reason, since: when(p.last_attempt_at), ...none, tab: 'exchange' })),
    ...webhooks.rows.map((w): IntegrationIssue => ({ kind: 'webhook-paused', kindLabel: 'Webhook 已暂停', name: w.name, reason: w.paused_reason, since: when(w.paused_at), ...none, tab: 'webhooks' })),
  ];
}
