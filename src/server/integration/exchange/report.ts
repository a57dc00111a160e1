import { randomUUID } from 'node:crypto';
import { formatInstant } from '../../../core/calendar/civil-date.ts';
import { DEFAULT_SCHEDULE, planReports, REPORT_KIND_LABELS, type PlannedReport, type UpperSchedule } from '../../../core/exchange/plan.ts';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../../core/ticket/machine.ts';
import { describeEvent } from '../../../core/ticket/timeline.ts';
import type { Queryable } from '../../db/connection.ts';
import { appendEvent } from '../../tickets/store.ts';
import type { UpperPlatform, UpperReport } from './adapter.ts';

/** The platforms a deployment exchanges with, by id (EXCHANGE_PLATFORMS). */
export type UpperPlatforms = ReadonlyMap<string, UpperPlatform>;

export const scheduleOf = (p: UpperPlatform): UpperSchedule => ({ ...DEFAULT_SCHEDULE, ...p.schedule });

interface OrderState {
  ticket_id: string;
  platform: string;
  external_id: string;
  deadline: Date | null;
  reported_event_id: string;
  number: string;
  status: TicketStatus;
}

interface EventRow {
  id: string;
  action: string;
  at: Date;
  actor_name: string;
  data: Record<string, unknown>;
}

const describe = (e: EventRow) => describeEvent({ id: e.id, action: e.action, actor: e.actor_name, at: e.at.toISOString(), ...e.data });

/**
 * 及时反馈办理情况 (凉山 第五条（三）): brings an order's reports up to date with its ticket — plans them
 * (core/exchange/plan.ts) from the events not yet considered, and writes each to the outbox (channel
 * 'exchange') with its delivery row and a timeline event, in the caller's transaction. Also holds the
 * handling clocks to the upper platform's deadline where it is earlier than the preset's. Run after
 * every action on an upper platform's ticket and by the exchange job for changes made elsewhere.
 * `skipLocked`: the job passes over an order another transaction holds (it will be back).
 */
export async function syncUpperOrder(tx: Queryable, platforms: UpperPlatforms, ticketId: string, now: number, skipLocked = false): Promise<number> {
  const { rows } = await tx.query<OrderState>(
    `SELECT o.ticket_id, o.platform, o.external_id, o.deadline, o.reported_event_id::text, t.number, t.status
       FROM exchange_orders o JOIN tickets t ON t.id = o.ticket_id WHERE o.ticket_id = $1 FOR UPDATE OF o, t${skipLocked ? ' SKIP LOCKED' : ''}`,
    [ticketId],
  );
  const order = rows[0];
  if (!order) return 0;
  const platform = platforms.get(order.platform);
  if (order.deadline) await holdClocksToDeadline(tx, order.ticket_id, order.deadline, platform?.name ?? order.platform);
  // a platform no longer configured hears nothing: its reports wait until it is back
  if (!platform) return 0;
  const sent = await tx.query<{ kind: string; last: Date }>('SELECT kind, max(created_at) AS last FROM exchange_deliveries WHERE ticket_id = $1 GROUP BY kind', [ticketId]);
  const kinds = new Map(sent.rows.map((r) => [r.kind, r.last.getTime()]));
  const events = await tx.query<EventRow>(
    `SELECT id::text, action, at, actor_name, data FROM events WHERE ticket_id = $1 AND id > $2 AND action NOT LIKE 'upper-%' ORDER BY id`,
    [ticketId, order.reported_event_id],
  );
  const plan = planReports({
    status: order.status,
    sent: { acceptance: kinds.has('acceptance'), result: kinds.has('result'), lastAt: kinds.size ? Math.max(...kinds.values()) : null },
    events: events.rows.map((e) => ({ action: e.action, text: describe(e) })),
    now,
    schedule: scheduleOf(platform),
  });
  for (const p of plan) await queueReport(tx, platform, order, p, now);
  const last = events.rows.at(-1)?.id;
  if (last) await tx.query('UPDATE exchange_orders SET reported_event_id = $2 WHERE ticket_id = $1', [ticketId, last]);
  return plan.length;
}

async function queueReport(tx: Queryable, platform: UpperPlatform, order: OrderState, p: PlannedReport, now: number): Promise<void> {
  const report: UpperReport = {
    messageId: randomUUID(),
    kind: p.kind,
    externalId: order.external_id,
    ticketNumber: order.number,
    at: formatInstant(now),
    status: TICKET_STATUS_LABELS[order.status],
    text: p.text,
    ...(p.kind === 'result' ? await outcome(tx, order) : {}),
  };
  if (p.kind === 'result') report.text = resultText(order.status, report);
  const body = JSON.stringify(report);
  const { rows } = await tx.query<{ id: string }>(
    `WITH o AS (INSERT INTO outbox (channel, ticket_id, body, created_at) VALUES ('exchange', $1, $2, $3) RETURNING id)
     INSERT INTO exchange_deliveries (outbox_id, ticket_id, platform, kind, report, created_at, next_attempt_at)
     SELECT o.id, $1, $4, $5, $2::jsonb, $3, $3 FROM o RETURNING id::text`,
    [order.ticket_id, body, new Date(now), platform.id, p.kind],
  );
  await appendEvent(tx, {
    ticketId: order.ticket_id,
    action: 'upper-report',
    actor: null,
    at: now,
    data: { platform: platform.id, platformName: platform.name, kind: p.kind, kindLabel: REPORT_KIND_LABELS[p.kind], text: report.text, deliveryId: rows[0]!.id },
  });
}

/** 办结: the last reply of the units and the visit, as the timeline holds them. */
async function outcome(tx: Queryable, order: OrderState): Promise<Pick<UpperReport, 'reply' | 'visit'>> {
  const { rows } = await tx.query<{ action: string; at: Date; data: Record<string, unknown> }>(
    `SELECT DISTINCT ON (action) action, at, data FROM events
      WHERE ticket_id = $1 AND action IN ('reply', 'answer', 'visit', 'caller-rating', 'reject', 'refer', 'terminate')
      ORDER BY action, id DESC`,
    [order.ticket_id],
  );
  const of = (a: string) => rows.find((r) => r.action === a);
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const reply = of('reply') ?? of('answer') ?? of('reject') ?? of('refer') ?? of('terminate');
  const visit = of('visit') ?? of('caller-rating');
  return {
    reply: reply
      ? {
          unitName: str(reply.data.unitName),
          result: str(reply.data.result) ?? str(reply.data.answer) ?? str(reply.data.reason) ?? str(reply.data.content),
          process: str(reply.data.process),
          at: formatInstant(reply.at.getTime()),
        }
      : null,
    visit: visit
      ? { satisfaction: str(visit.data.satisfaction), resolution: str(visit.data.resolution), method: str(visit.data.method) ?? (visit.action === 'caller-rating' ? 'web' : null), at: formatInstant(visit.at.getTime()) }
      : null,
  };
}

const SATISFACTION: Record<string, string> = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' };

function resultText(status: TicketStatus, r: UpperReport): string {
  const parts = [TICKET_STATUS_LABELS[status]];
  if (r.reply?.result) parts.push(`办理结果：${r.reply.result}`);
  if (r.visit?.satisfaction) parts.push(`回访：${SATISFACTION[r.visit.satisfaction] ?? r.visit.satisfaction}`);
  return parts.join('；');
}

/**
 * 上级平台时限: the upper platform's deadline binds the units too — a running handling clock due later
 * than it is brought forward to it (explicit, labelled), as a limit set at dispatch would be
 * (交办时另有具体时限要求的，按要求). One due earlier is left alone.
 */
async function holdClocksToDeadline(tx: Queryable, ticketId: string, deadline: Date, platformName: string): Promise<void> {
  await tx.query(
    `UPDATE clocks SET due_at = $2, explicit = true, rule = $3,
            soon_at = LEAST(soon_at, $2::timestamptz - GREATEST(($2::timestamptz - started_at) / 4, interval '15 minutes'))
      WHERE ticket_id = $1 AND name = 'handle' AND status = 'running' AND due_at > $2`,
    [ticketId, deadline, `上级平台时限（${platformName}）`],
  );
}
