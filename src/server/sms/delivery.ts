import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant, parseInstant } from '../../core/calendar/civil-date.ts';
import { maskPhonesIn } from '../../core/ticket/privacy.ts';
import { deliveryFailureText, DELIVERY_STATUSES, foldDelivery, type DeliveryReport, type DeliveryStatus } from '../../core/visit/sms-delivery.ts';
import type { AppContext } from '../app.ts';
import type { Queryable } from '../db/connection.ts';
import { instant } from '../http/schemas.ts';
import { announce } from '../live/bus.ts';
import { TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from '../telephony/signature.ts';
import { appendEvent, loadAssignments, updateTicket, type SmsVisit, type TicketRow } from '../tickets/store.ts';
import { gatewaySignature } from './gateway-auth.ts';

const deliveryBody = z
  .object({
    /** The gateway's id of the message, as its send returned it (jobs/outbox.ts). */
    messageId: z.string().trim().min(1).max(100),
    status: z.enum(DELIVERY_STATUSES, { error: '状态只能是 delivered（已送达）或 failed（未送达）' }),
    /** When the carrier delivered it or gave up (ISO 8601; Beijing time without an offset). */
    at: instant(),
    /** The receipt's status word or error code (UNDELIV, EXPIRED, MK:0005 …). */
    code: z.string().trim().min(1).max(50).regex(/^[\w.:+#*@/-]+$/, '回执代码只能包含字母、数字和 . : + # * @ / - _').optional(),
    /** The gateway's words on it (空号, 关机 …). */
    description: z.string().trim().max(200).optional(),
  })
  .strict();

/**
 * One message id's reports are folded one at a time, and never between a send recording the id and
 * folding the reports that came before it (jobs/outbox.ts): a transaction-scoped advisory lock on the
 * id closes the gap where each side would miss the other's uncommitted row.
 */
export async function lockMessage(tx: Queryable, messageId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(43, hashtext($1))', [messageId]);
}

interface OutboxRef {
  id: string;
  ticket_id: string | null;
}

/**
 * Folds every report of `messageId` (core/visit/sms-delivery.ts) onto the outbox rows that carried it,
 * and onto the SMS visit it was, if one still waits: the visitor sees 短信未送达 and calls instead
 * (凉山 第十三条（三）人工回访). Nothing changes when the fold does not.
 */
export async function applyDeliveryReports(tx: Queryable, messageId: string, rows: readonly OutboxRef[], now: number): Promise<DeliveryReport | null> {
  if (!rows.length) return null;
  const { rows: reports } = await tx.query<{ status: DeliveryStatus; at: Date; code: string | null; description: string | null }>(
    'SELECT status, at, code, description FROM sms_delivery_reports WHERE message_id = $1',
    [messageId],
  );
  const d = foldDelivery(reports.map((r) => ({ ...r, at: r.at.getTime() })));
  if (!d) return null;
  for (const row of rows) {
    await tx.query('UPDATE outbox SET delivery = $2, delivery_code = $3, delivery_at = $4 WHERE id = $1', [row.id, d.status, d.code, new Date(d.at)]);
    if (row.ticket_id) await onSmsVisit(tx, row.ticket_id, row.id, d, now);
  }
  return d;
}

/**
 * The SMS visit's part: only while the visit waits (visiting, or a direct answer to confirm), only for
 * the text that visit sent (a resent one has its own row), never against a reply (a reply proves the
 * text arrived). A failure goes on the timeline once (短信回访未送达, with the reason); a delivery
 * reported after it corrects it there (短信回访已送达).
 */
async function onSmsVisit(tx: Queryable, ticketId: string, outboxId: string, d: DeliveryReport, now: number): Promise<void> {
  const { rows } = await tx.query<TicketRow>("SELECT * FROM tickets WHERE id = $1 AND status IN ('visiting', 'answered') FOR UPDATE", [ticketId]);
  const ticket = rows[0];
  const sms = ticket?.sms_visit;
  if (!ticket || !sms || sms.outboxId !== outboxId || sms.repliedAt) return;
  const before = sms.delivery ?? null;
  const delivery: NonNullable<SmsVisit['delivery']> = { status: d.status, at: formatInstant(d.at), code: d.code, description: d.description };
  if (before && before.status === delivery.status && before.code === delivery.code && before.at === delivery.at) return;
  if (d.status === 'failed' && before?.status !== 'failed') {
    await appendEvent(tx, { ticketId, action: 'sms-visit-undelivered', actor: null, at: now, data: { reason: deliveryFailureText(d.code, d.description), code: d.code } });
  }
  if (d.status === 'delivered' && before?.status === 'failed') {
    await appendEvent(tx, { ticketId, action: 'sms-visit-delivered', actor: null, at: now, data: {} });
  }
  await updateTicket(tx, ticketId, { sms_visit: { ...sms, delivery } }, now);
  const assignments = await loadAssignments(tx, ticketId);
  await announce(tx, { ticketId, status: ticket.status, units: assignments.map((a) => a.unit_path) });
}

/**
 * 短信送达回执: the gateway posts what became of each message it took — delivered, or failed with a
 * reason code — signed like its replies (gateway-auth.ts). Each report is kept once (message, status,
 * time: the same post again is `duplicate`), then all of the message's reports are folded again, so
 * reports in any order, and reports that come before the send recorded the message's id, give the
 * same state. No number is posted, logged or shown.
 */
export function smsDeliveryRoute(scope: FastifyInstance, ctx: AppContext, secret: string | undefined): void {
  scope.withTypeProvider<ZodTypeProvider>().post(
    '/api/sms/delivery',
    {
      config: { public: true },
      schema: {
        tags: ['短信'],
        summary: '短信送达回执（短信网关回传下行短信的送达结果；HMAC-SHA256 签名）',
        description:
          `请求头 ${TELEPHONY_TIMESTAMP_HEADER}: Unix 秒（与服务器相差不超过 5 分钟），${TELEPHONY_SIGNATURE_HEADER}: sha256=<HMAC-SHA256(SMS_INBOUND_SECRET, 时间戳 + "." + 原始请求体) 的十六进制>。` +
          'messageId 为发送时网关返回的消息编号；同一回执重复推送返回 duplicate: true；已送达的回执优先于任何未送达回执。',
        security: [],
        body: deliveryBody,
      },
      preValidation: gatewaySignature(ctx, secret, { code: 'sms_delivery_off', message: '短信送达回执接口未启用：未配置短信网关密钥（SMS_INBOUND_SECRET）' }),
    },
    async (request) => {
      const now = ctx.now();
      const b = request.body;
      return ctx.db.transaction(async (tx) => {
        await lockMessage(tx, b.messageId);
        const inserted = await tx.query(
          'INSERT INTO sms_delivery_reports (message_id, status, at, code, description, received_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
          // the gateway's words may quote the number it could not reach: masked before they are kept
          [b.messageId, b.status, new Date(parseInstant(b.at)), b.code ?? null, b.description ? maskPhonesIn(b.description) : null, new Date(now)],
        );
        const { rows } = await tx.query<OutboxRef>('SELECT id::text AS id, ticket_id FROM outbox WHERE gateway_id = $1 ORDER BY id', [b.messageId]);
        const d = await applyDeliveryReports(tx, b.messageId, rows, now);
        return { duplicate: inserted.rowCount === 0, matched: rows.length > 0, delivery: d?.status ?? null };
      });
    },
  );
}
