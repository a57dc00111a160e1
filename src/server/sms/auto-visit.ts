import { formatInstant } from '../../core/calendar/civil-date.ts';
import { formatBasis } from '../../core/policy/index.ts';
import { smsVisitText } from '../../core/visit/sms-reply.ts';
import type { AppContext } from '../app.ts';
import { announce } from '../live/bus.ts';
import { appendEvent, loadAssignments, notifyOutbox, updateTicket, type SmsVisit, type TicketRow } from '../tickets/store.ts';

/**
 * 凉山 第十三条（一）: "12345热线在承办单位办结工单后，及时进行短信回访". Where the preset sends SMS visits by
 * itself (visit.sms.auto), every ticket waiting for its visit with a phone and no SMS yet gets one, in
 * the transaction that records it; several instances share the work (SKIP LOCKED). A redo clears the
 * SMS (visit.ts), so the revisit after it is texted again (第十三条（三）重办后再次回访). A caller who opted out
 * (退订, sms/opt-out.ts) is not texted: the visitor calls.
 */
export async function sendSmsVisits(ctx: AppContext, now = ctx.now(), batch = 100): Promise<number> {
  const rule = ctx.policy.visit.sms;
  if (!rule?.auto) return 0;
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<TicketRow>(
      `SELECT * FROM tickets WHERE status = 'visiting' AND sms_visit IS NULL AND caller_phone IS NOT NULL AND NOT sms_opted_out
        ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batch],
    );
    for (const t of rows) {
      const outboxId = await notifyOutbox(tx, { recipient: t.caller_phone, ticketId: t.id, at: now, body: smsVisitText(t.number) });
      await appendEvent(tx, { ticketId: t.id, action: 'sms-visit', actor: null, at: now, data: { auto: true, basis: formatBasis(ctx.policy, rule.basis) } });
      const sms: SmsVisit = { sentAt: formatInstant(now), reply: null, repliedAt: null, parsed: null, outboxId, delivery: null };
      await updateTicket(tx, t.id, { sms_visit: sms }, now);
      const assignments = await loadAssignments(tx, t.id);
      await announce(tx, { ticketId: t.id, status: t.status, units: assignments.map((a) => a.unit_path) });
    }
    return rows.length;
  });
}
