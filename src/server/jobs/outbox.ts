import { maskPhone } from '../../core/ticket/privacy.ts';
import type { Db } from '../db/connection.ts';
import { scrubLogText } from '../logging/scrub.ts';
import type { Vault } from '../privacy/vault.ts';
import { applyDeliveryReports, lockMessage } from '../sms/delivery.ts';
import { hasOptedOut } from '../sms/opt-out.ts';

export interface OutboxMessage {
  id: string;
  channel: string;
  recipient: string | null;
  unit_id: string | null;
  ticket_id: string | null;
  body: string;
}

/** What a gateway answers when it takes a message: its id of it, which its delivery reports carry. */
export interface SinkReceipt {
  messageId?: string;
}

/**
 * Where notifications go: an SMS gateway in production; by default a log line. A gateway that reports
 * delivery returns its message id; its reports come to POST /api/sms/delivery (sms/delivery.ts).
 */
export interface NotificationSink {
  send(message: OutboxMessage): Promise<SinkReceipt | void>;
}

export function logSink(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): NotificationSink {
  return {
    async send(m) {
      const to = m.recipient ? maskPhone(m.recipient) : m.unit_id ? `单位 ${m.unit_id}` : '值班领导';
      // a log is read by operators: the caller's SMS goes out whole, its copy here without the code
      write(`[${m.channel}] → ${to}: ${scrubLogText(m.body)}`);
    },
  };
}

/** Outbox channels with senders of their own (retried until acknowledged), not the notification sink's. */
export const OWN_SENDERS: readonly string[] = ['exchange'];

/**
 * Sends pending notifications once each; several senders share the work through SKIP LOCKED. The
 * recipient is stored sealed and opened only here, for the gateway.
 */
export async function drainOutbox(db: Db, vault: Vault, sink: NotificationSink, limit = 100, now: () => number = Date.now): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<OutboxMessage>(
      `SELECT id::text AS id, channel, recipient, unit_id, ticket_id, body FROM outbox
        WHERE sent_at IS NULL AND attempts < 5 AND channel <> ALL($2::text[]) ORDER BY outbox.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, OWN_SENDERS],
    );
    let sent = 0;
    for (const m of rows) {
      const recipient = vault.open(m.recipient);
      // a caller who answered TD (退订) gets no more texts (sms/opt-out.ts): kept, never sent
      if (m.channel === 'sms' && recipient && (await hasOptedOut(tx, vault.phoneIndex(recipient)))) {
        await tx.query("UPDATE outbox SET attempts = 5, last_error = '来电人已退订短信' WHERE id = $1", [m.id]);
        continue;
      }
      try {
        const receipt = await sink.send({ ...m, recipient });
        const messageId = typeof receipt?.messageId === 'string' && receipt.messageId.trim() ? receipt.messageId.trim().slice(0, 100) : null;
        // the app's clock, not the database's: every time the platform compares comes from one clock
        await tx.query('UPDATE outbox SET sent_at = $2, attempts = attempts + 1, gateway_id = $3 WHERE id = $1', [m.id, new Date(now()), messageId]);
        sent += 1;
        if (messageId) {
          // reports the gateway posted before this commit (a fast carrier) were kept unmatched: fold them in
          await lockMessage(tx, messageId);
          await applyDeliveryReports(tx, messageId, [{ id: m.id, ticket_id: m.ticket_id }], now());
        }
      } catch (error) {
        await tx.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [m.id, String(error)]);
      }
    }
    return sent;
  });
}
