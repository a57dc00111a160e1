import type { Queryable } from '../db/connection.ts';

/**
 * 短信退订 (issue 14 item 6): a caller may stop the hotline's texts by answering one with TD, T or 退订 —
 * the words Chinese senders print under their messages. The choice is kept by the phone's blind
 * index (migration 041) and copied to the caller's tickets, so an SMS visit is no longer offered on
 * them (tickets/actions/visit-contact.ts) and the outbox sends them nothing (jobs/outbox.ts).
 */
export function isOptOut(text: string): boolean {
  return /^(TD|T|退订|取消订阅)$/i.test(text.normalize('NFKC').replace(/[\s。.!！]+/g, ''));
}

export async function recordOptOut(tx: Queryable, phoneIdx: string, at: number): Promise<void> {
  await tx.query('INSERT INTO sms_opt_outs (phone_idx, at) VALUES ($1, $2) ON CONFLICT (phone_idx) DO NOTHING', [phoneIdx, new Date(at)]);
  await tx.query('UPDATE tickets SET sms_opted_out = true WHERE caller_phone_idx = $1 AND NOT sms_opted_out', [phoneIdx]);
}

export async function hasOptedOut(db: Queryable, phoneIdx: string | null): Promise<boolean> {
  if (!phoneIdx) return false;
  const { rows } = await db.query('SELECT 1 FROM sms_opt_outs WHERE phone_idx = $1', [phoneIdx]);
  return rows.length > 0;
}
