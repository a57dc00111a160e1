import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant } from '../../core/calendar/civil-date.ts';
import { parseSmsReply } from '../../core/visit/sms-reply.ts';
import type { AppContext } from '../app.ts';
import { keepRawJsonBody } from '../http/raw-body.ts';
import { signTelephonyBody, TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from '../telephony/signature.ts';
import { smsDeliveryRoute } from './delivery.ts';
import { gatewaySignature } from './gateway-auth.ts';
import { isOptOut, recordOptOut } from './opt-out.ts';
import { announce } from '../live/bus.ts';
import { notifyMergedCallers } from '../repeats/merged-callers.ts';
import { appendEvent, loadAssignments, updateTicket, type SmsVisit, type TicketRow } from '../tickets/store.ts';

export { TELEPHONY_SIGNATURE_HEADER as SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER as TIMESTAMP_HEADER } from '../telephony/signature.ts';

/**
 * The signature the gateway sends, as the telephone platform's (telephony/signature.ts): HMAC-SHA256
 * with the shared secret over `${timestamp}.${raw body}`, hex after "sha256=", with the timestamp
 * (Unix seconds) in its own header — a captured post replayed later is refused.
 */
export const signSmsBody = signTelephonyBody;

const inboundBody = z
  .object({
    /** The caller's number as the gateway gives it (+86, spaces and dashes are fine). */
    from: z.string().trim().min(5).max(30).regex(/^[+\d\s-]+$/, '应为电话号码'),
    text: z.string().max(1000),
    /** The gateway's own id of the message, for its logs. */
    messageId: z.string().max(100).optional(),
  })
  .strict();

/**
 * 上行短信: the SMS gateway posts the caller's answer to an SMS visit (凉山 第十三条（一）). There is no
 * session: the gateway signs the raw body with SMS_INBOUND_SECRET (HMAC-SHA256). The answer goes to
 * the caller's ticket waiting for one (found by the phone's blind index, the latest SMS first). Read as
 * 满意/基本满意 it closes the visit (第十三条（二）); 不满意 or unread, it waits for the visitor, who calls
 * (第十三条（三）人工回访) or decides from the words. Neither the number nor the text is logged.
 */
export async function smsRoutes(app: FastifyInstance, ctx: AppContext, secret: string | undefined): Promise<void> {
  await app.register(async (scope) => {
    // the signature is over the bytes sent: keep them beside the parsed body
    keepRawJsonBody(scope);
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/sms/inbound',
      {
        config: { public: true },
        schema: {
          tags: ['短信'],
          summary: '上行短信（短信网关回传来电人对短信回访的回复；HMAC-SHA256 签名）',
          description: `请求头 ${TELEPHONY_TIMESTAMP_HEADER}: Unix 秒（与服务器相差不超过 5 分钟），${TELEPHONY_SIGNATURE_HEADER}: sha256=<HMAC-SHA256(SMS_INBOUND_SECRET, 时间戳 + "." + 原始请求体) 的十六进制>。回复 TD 或“退订”即不再向该号码发送短信。`,
          security: [],
          body: inboundBody,
        },
        // the signature is checked before the body's schema: an unsigned caller learns nothing of it
        preValidation: gatewaySignature(ctx, secret, { code: 'sms_inbound_off', message: '上行短信接口未启用：未配置短信网关密钥（SMS_INBOUND_SECRET）' }),
      },
      async (request) => {
        const at = ctx.now();
        const idx = ctx.vault.phoneIndex(request.body.from);
        if (!idx) return { matched: false, parsed: null };
        if (isOptOut(request.body.text)) {
          await ctx.db.transaction((tx) => recordOptOut(tx, idx, at));
          return { matched: false, parsed: null, optedOut: true };
        }
        return ctx.db.transaction(async (tx) => {
          const { rows } = await tx.query<TicketRow>(
            `SELECT * FROM tickets
              WHERE caller_phone_idx = $1 AND sms_visit IS NOT NULL AND status IN ('visiting', 'answered') AND sms_visit->>'reply' IS NULL
              ORDER BY sms_visit->>'sentAt' DESC LIMIT 1 FOR UPDATE`,
            [idx],
          );
          const ticket = rows[0];
          if (!ticket) return { matched: false, parsed: null };
          const parsed = parseSmsReply(request.body.text);
          const sms: SmsVisit = { ...ticket.sms_visit!, reply: request.body.text.slice(0, 1000), repliedAt: formatInstant(at), parsed };
          // units see the timeline: the event says what the answer was read as, not the caller's words
          await appendEvent(tx, { ticketId: ticket.id, action: 'sms-visit-reply', actor: null, at, data: { parsed } });
          let changes: Record<string, unknown> = { sms_visit: sms };
          if (parsed === 'satisfied' || parsed === 'basic') {
            await appendEvent(tx, { ticketId: ticket.id, action: 'visit', actor: null, at, data: { satisfaction: parsed, method: 'sms', auto: true } });
            await notifyMergedCallers(tx, ticket, at);
            changes = { ...changes, status: 'closed', satisfaction: parsed, resolution: null, closure: 'normal', closed_at: new Date(at) };
          }
          await updateTicket(tx, ticket.id, changes, at);
          const assignments = await loadAssignments(tx, ticket.id);
          await announce(tx, { ticketId: ticket.id, status: (changes.status as TicketRow['status'] | undefined) ?? ticket.status, units: assignments.map((a) => a.unit_path) });
          return { matched: true, parsed, closed: changes.status === 'closed' };
        });
      },
    );
    // the delivery reports of what the gateway sent, in the same scope: signed the same way
    smsDeliveryRoute(scope, ctx, secret);
  });
}
