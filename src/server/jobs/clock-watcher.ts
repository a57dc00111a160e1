import { formatInstant } from '../../core/calendar/civil-date.ts';
import { CLOCK_LABELS, WINDOW_CLOCKS, type ClockName } from '../../core/vocabulary.ts';
import { deriveStatus } from '../../core/ticket/machine.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { issueReminder, issueSupervision } from '../tickets/actions/supervision.ts';
import { signAssignment } from '../tickets/actions/unit-work.ts';
import { appendEvent, loadAssignments, updateTicket, type TicketRow } from '../tickets/store.ts';
import { formatBasis } from '../../core/policy/index.ts';
import { announce } from '../live/bus.ts';
import { onSupervisionLapsed } from '../supervision/escalation.ts';
import { policyForClock } from '../policy/for-unit.ts';

interface DueClock {
  id: string;
  ticket_id: string;
  assignment_id: string | null;
  name: string;
  due_at: Date;
  basis: string;
  rule: string;
  preset: string | null;
}

export interface WatchResult {
  overdue: number;
  dueSoon: number;
  reminders: number;
  autoSigned: number;
  /** Supervisions that ran their course without result and were escalated (邵阳 第二十四条). */
  escalations: number;
}

/**
 * Acts on clocks that ran out or are about to: marks them, and does what the preset says — the
 * automatic reminders and supervision levels (大足 第七条, 凉山 第二十二条, 邵阳 第二十四条), the escalation
 * of a supervision whose own limit passed without result (邵阳 第二十四条: supervision/escalation.ts)
 * and a share deemed signed once its window passes (邵阳 第十三条). Each clock is handled once: the ticket and
 * the clock row are locked (ticket first, as actions do) and the flag is set in the same transaction,
 * so several server instances on one PostgreSQL never act on a clock twice. Each clock is acted on
 * by the preset it started under (clocks.preset): a share under 大足区 by 大足 第七条 in a 重庆 deployment.
 */
export async function watchClocks(ctx: AppContext, now = ctx.now(), batch = 200): Promise<WatchResult> {
  const result: WatchResult = { overdue: 0, dueSoon: 0, reminders: 0, autoSigned: 0, escalations: 0 };
  const due = await ctx.db.query<DueClock>(
    `SELECT id, ticket_id, assignment_id, name, due_at, basis, rule, preset FROM clocks
      WHERE status = 'running' AND NOT overdue AND due_at <= $1 ORDER BY due_at LIMIT $2`,
    [new Date(now), batch],
  );
  for (const c of due.rows) await ctx.db.transaction((tx) => onOverdue(ctx, tx, c, now, result));
  const soon = await ctx.db.query<DueClock>(
    `SELECT id, ticket_id, assignment_id, name, due_at, basis, rule, preset FROM clocks
      WHERE status = 'running' AND NOT soon_notified AND soon_at <= $1 AND due_at > $1 ORDER BY soon_at LIMIT $2`,
    [new Date(now), batch],
  );
  for (const c of soon.rows) await ctx.db.transaction((tx) => onDueSoon(ctx, tx, c, now, result));
  return result;
}

async function lockBoth(tx: Queryable, c: DueClock, condition: string): Promise<TicketRow | null> {
  const t = await tx.query<TicketRow>('SELECT * FROM tickets WHERE id = $1 FOR UPDATE SKIP LOCKED', [c.ticket_id]);
  if (!t.rows[0]) return null; // busy with an action right now: next round
  const still = await tx.query(`SELECT 1 FROM clocks WHERE id = $1 AND status = 'running' AND ${condition} FOR UPDATE SKIP LOCKED`, [c.id]);
  return still.rows.length ? t.rows[0] : null;
}

async function onOverdue(ctx: AppContext, tx: Queryable, c: DueClock, now: number, result: WatchResult): Promise<void> {
  const ticket = await lockBoth(tx, c, 'NOT overdue');
  if (!ticket) return;
  const assignments = await loadAssignments(tx, ticket.id);
  const share = assignments.find((a) => a.id === c.assignment_id) ?? null;
  const policy = policyForClock(ctx, c, share);
  const target = { tx, app: ctx, ticket, assignments, actor: null, at: now };

  if (c.name.startsWith('reminder:')) {
    // A timer, not a time limit: it has done its job either way.
    await tx.query(`UPDATE clocks SET status = 'stopped', stopped_at = $2, overdue = true WHERE id = $1`, [c.id, new Date(now)]);
    const level = Number(c.name.split(':')[1]);
    const rule = policy.reminders.find((r) => r.level === level);
    if (share?.status === 'dispatched' && rule) {
      await issueReminder(target, { level, auto: true, assignmentId: share.id, basis: formatBasis(policy, rule.basis), note: `派单后未在规定时间内签收（${rule.means.join('、')}）` });
      result.reminders += 1;
      await updateTicket(tx, ticket.id, {}, now);
    }
    return;
  }

  if (WINDOW_CLOCKS.includes(c.name as ClockName)) {
    // The unit kept the ticket: its 退单 window closes, and nobody is late for that.
    await tx.query(`UPDATE clocks SET status = 'stopped', stopped_at = due_at WHERE id = $1`, [c.id]);
    return;
  }

  await tx.query('UPDATE clocks SET overdue = true WHERE id = $1', [c.id]);
  result.overdue += 1;
  await appendEvent(tx, {
    ticketId: ticket.id,
    assignmentId: c.assignment_id,
    action: 'clock-overdue',
    actor: null,
    at: now,
    data: { clock: c.name, label: CLOCK_LABELS[c.name as ClockName] ?? c.name, dueAt: formatInstant(c.due_at.getTime()), basis: c.basis, unitName: share?.unit_name ?? null },
  });

  if (c.name === 'sign' && share?.status === 'dispatched' && policy.returnLapse?.effect === 'signed') {
    await signAssignment(tx, ctx, ticket, share, now);
    await appendEvent(tx, {
      ticketId: ticket.id,
      assignmentId: share.id,
      action: 'sign',
      actor: null,
      at: now,
      data: { auto: true, note: '超过规定时限未签收也未退回，视为签收', basis: formatBasis(policy, policy.returnLapse.basis) },
    });
    result.autoSigned += 1;
  }

  if ((c.name === 'handle' || c.name === 'redo') && share && !['replied', 'completed', 'returned'].includes(share.status)) {
    for (const r of policy.reminders.filter((x) => x.trigger.event === 'overdue')) {
      const data = { level: r.level, auto: true, basis: formatBasis(policy, r.basis), note: `办理时限已届满（${r.means.join('、')}）` };
      if (r.action === 'remind') await issueReminder(target, { ...data, assignmentId: share.id });
      else await issueSupervision(target, { ...data, method: 'system' });
      result.reminders += 1;
    }
  }
  if (c.name === 'supervision' && share && !['replied', 'completed', 'returned'].includes(share.status)) {
    result.escalations += await onSupervisionLapsed(target, policy, share, c);
  }
  const fresh = await loadAssignments(tx, ticket.id);
  const status = deriveStatus(ticket.status, fresh.map((a) => ({ status: a.status, parentId: a.parent_id })));
  await updateTicket(tx, ticket.id, status !== ticket.status ? { status } : {}, now);
  await announce(tx, { ticketId: ticket.id, status, units: fresh.map((a) => a.unit_path) });
}

async function onDueSoon(ctx: AppContext, tx: Queryable, c: DueClock, now: number, result: WatchResult): Promise<void> {
  const ticket = await lockBoth(tx, c, 'NOT soon_notified');
  if (!ticket) return;
  await tx.query('UPDATE clocks SET soon_notified = true WHERE id = $1', [c.id]);
  if (c.name !== 'handle' && c.name !== 'redo') return;
  result.dueSoon += 1;
  const assignments = await loadAssignments(tx, ticket.id);
  const policy = policyForClock(ctx, c, assignments.find((a) => a.id === c.assignment_id) ?? null);
  await appendEvent(tx, {
    ticketId: ticket.id,
    assignmentId: c.assignment_id,
    action: 'clock-due-soon',
    actor: null,
    at: now,
    data: { clock: c.name, label: CLOCK_LABELS[c.name as ClockName] ?? c.name, dueAt: formatInstant(c.due_at.getTime()), unitName: assignments.find((a) => a.id === c.assignment_id)?.unit_name ?? null },
  });
  for (const r of policy.reminders.filter((x) => x.trigger.event === 'dueSoon')) {
    await issueReminder(
      { tx, app: ctx, ticket, assignments, actor: null, at: now },
      { level: r.level, auto: true, basis: formatBasis(policy, r.basis), note: '办理时限即将届满', ...(c.assignment_id ? { assignmentId: c.assignment_id } : {}) },
    );
    result.reminders += 1;
  }
  await updateTicket(tx, ticket.id, {}, now);
  await announce(tx, { ticketId: ticket.id, status: ticket.status, units: assignments.map((a) => a.unit_path) });
}
