import { formatInstant } from '../../core/calendar/civil-date.ts';
import { formatBasis, specialReport, type Policy } from '../../core/policy/index.ts';
import { URGENCY_LABELS } from '../../core/vocabulary.ts';
import type { Queryable } from '../db/connection.ts';
import { appendEvent, notifyOutbox, type TicketRow } from './store.ts';

/**
 * 第一时间报告 (凉山 第十二条（四）): a 特殊事项 or 特殊紧急事项 is reported to the office the preset names
 * the moment it is registered, in the registration's transaction — the report (to the deployment's
 * gateway for that office), an alert on the center's boards until someone confirms the follow-up,
 * and a line on the ticket's timeline, so whoever opens it knows the office has been told.
 */
export async function raiseSpecialReport(db: Queryable, policy: Policy, ticket: TicketRow, now: number): Promise<boolean> {
  const report = specialReport(policy, ticket.urgency);
  if (!report) return false;
  const basis = formatBasis(policy, report.basis);
  const kind = URGENCY_LABELS[ticket.urgency];
  const detail = { to: report.to, basis, urgency: ticket.urgency, sample: { id: ticket.id, number: ticket.number, title: ticket.title, content: ticket.content.slice(0, 200) } };
  await db.query(
    `INSERT INTO alerts (kind, category, place_town, window_start, window_end, count, detail, raised_at, tickets)
     SELECT 'special', $1, (SELECT place_town FROM ticket_fingerprints WHERE ticket_id = $2), $3, $3, 1, $4, $3, ARRAY[$2::uuid]`,
    [ticket.category, ticket.id, new Date(now), JSON.stringify(detail)],
  );
  await notifyOutbox(db, {
    channel: 'alert',
    ticketId: ticket.id,
    at: now,
    body: `【12345${kind}报告】致${report.to}：${formatInstant(now).slice(0, 16).replace('T', ' ')} 受理工单 ${ticket.number}${ticket.address ? `（${ticket.address}）` : ''}：${(ticket.title ?? ticket.content).slice(0, 80)}。已生成特殊工单转交承办单位（${basis}）。`,
  });
  await appendEvent(db, { ticketId: ticket.id, action: 'special-report', actor: null, at: now, data: { to: report.to, basis, urgency: ticket.urgency } });
  return true;
}
