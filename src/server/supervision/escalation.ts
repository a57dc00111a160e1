import { formatInstant } from '../../core/calendar/civil-date.ts';
import { formatBasis } from '../../core/policy/index.ts';
import type { Policy, ReminderRule } from '../../core/policy/schema.ts';
import { policyForShare } from '../policy/for-unit.ts';
import type { Target } from '../tickets/actions/supervision.ts';
import type { ClockRow } from '../tickets/clocks.ts';
import { appendEvent, notifyOutbox, type AssignmentRow } from '../tickets/store.ts';
import { recordTrigger } from './record.ts';

/**
 * When a supervision has failed, and what then. The two texts that escalate say it differently:
 *
 * - 邵阳 第二十四条 gives a supervised matter its own limit (系统督办 5 working days, other means 10)
 *   and sends "经督办后仍未得到解决的事项" to 市人民政府督查室. So the escalation happens when that
 *   limit passes with the share still not replied (the clock watcher calls onSupervisionLapsed), by
 *   itself: the limit is the regulation's, not ours. Never when a supervision is merely issued.
 * - 大足 第七条 counts rounds — 第一次催办 (not signed within 1 working day), 第二次督办 (not done in
 *   time) — and "对督办2次仍未办结的，由区政府办公室会同区政务服务管理办开展专项督查". It sets no time
 *   after which the second round has failed, and names offices that act: so the platform does not
 *   escalate by itself. Once a ticket has had two rounds (催办 and 督办 counted together, as the
 *   article numbers them) while a share is still open, it puts "督办2次仍未办结，建议专项督查" into the
 *   supervisors' 待我审批 (proposalsFor, proposals.ts); it stays there, showing how long since the
 *   second round, until a supervisor escalates or dismisses it or the unit replies.
 *
 * Either way an escalation is an `escalate` event with basis and means, a notice to the leadership
 * channel of the outbox, a row in supervision_triggers (once per ticket) and a mark in 督办件台账.
 * The rules are those of the preset of the share that is late (大足区 under 重庆: 大足 第七条).
 */
export async function writeEscalation(t: Target, policy: Policy, rule: ReminderRule, reason: string, extra: Record<string, unknown> = {}): Promise<void> {
  await appendEvent(t.tx, {
    ticketId: t.ticket.id,
    action: 'escalate',
    actor: t.actor,
    at: t.at,
    data: { level: rule.level, means: rule.means, basis: formatBasis(policy, rule.basis), supervisions: t.ticket.supervision_count, reason, ...extra },
  });
  await notifyOutbox(t.tx, {
    channel: 'leadership',
    ticketId: t.ticket.id,
    at: t.at,
    body: `【12345升级督办】工单 ${t.ticket.number}：${reason}，请${rule.means.join('、')}（${formatBasis(policy, rule.basis)}）。`,
  });
}

/** A supervision clock passed with its share still not replied (邵阳 第二十四条), under the preset the clock started with. */
export async function onSupervisionLapsed(t: Target, policy: Policy, share: AssignmentRow, clock: Pick<ClockRow, 'id' | 'due_at' | 'rule'>): Promise<number> {
  let done = 0;
  for (const rule of policy.reminders.filter((r) => r.trigger.event === 'supervisionLapsed')) {
    const reason = `督办时限（${clock.rule}）已于 ${formatInstant(clock.due_at.getTime())} 届满，${share.unit_name} 仍未办结`;
    const id = await recordTrigger(t.tx, {
      rule: `escalate:${rule.level}`,
      matter: t.ticket.id,
      ticketId: t.ticket.id,
      unitId: share.unit_id,
      action: 'escalate',
      label: `经督办后仍未得到解决：${rule.means.join('、')}`,
      reason,
      basis: formatBasis(policy, rule.basis),
      means: rule.means,
      status: rule.proposal ? 'pending' : 'done',
      at: t.at,
    });
    if (!id || rule.proposal) continue; // escalated before (once per ticket), or a person decides
    await writeEscalation(t, policy, rule, reason, { unitName: share.unit_name, clockId: clock.id });
    done += 1;
  }
  return done;
}

/**
 * After each 催办 or 督办: where the preset counts rounds (大足 第七条), a ticket that has had enough
 * of them with a share still open is proposed for escalation — once. The rounds are the ticket's;
 * the rule is that of the open shares' preset (a share under 大足区 follows 大足 第七条 under a 重庆
 * deployment), the first open share's where they differ.
 */
export async function proposeAfterRounds(t: Target): Promise<void> {
  const open = t.assignments.filter((a) => !['returned', 'replied', 'completed'].includes(a.status));
  const counting = open.map((a) => ({ a, policy: policyForShare(t.app, a) })).filter((x) => x.policy.reminders.some((r) => r.trigger.event === 'afterSupervisions'));
  if (!counting.length) return;
  const { policy } = counting[0]!;
  const late = counting.filter((x) => x.policy.id === policy.id).map((x) => x.a);
  const { rows } = await t.tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE ticket_id = $1 AND action IN ('remind', 'supervise')`, [t.ticket.id]);
  const rounds = rows[0]!.n;
  for (const rule of policy.reminders) {
    if (rule.trigger.event !== 'afterSupervisions' || rounds < rule.trigger.count) continue;
    await recordTrigger(t.tx, {
      rule: `escalate:${rule.level}`,
      matter: t.ticket.id,
      ticketId: t.ticket.id,
      unitId: late[0]!.unit_id,
      action: 'escalate',
      label: `督办${rule.trigger.count}次仍未办结，建议${rule.means.join('、')}`,
      reason: `已催办、督办 ${rounds} 次，${late.map((a) => a.unit_name).join('、')} 仍未办结`,
      basis: formatBasis(policy, rule.basis),
      means: rule.means,
      status: 'pending',
      at: t.at,
    });
  }
}
