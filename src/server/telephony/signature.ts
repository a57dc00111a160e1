import { createHmac, timingSafeEqual } from 'node:crypto';

export const TELEPHONY_SIGNATURE_HEADER = 'x-open12345-signature';
export const TELEPHONY_TIMESTAMP_HEADER = 'x-open12345-timestamp';
/** How far the sender's clock may be from ours before a post is taken for a replay (±5 minutes). */
export const REPLAY_WINDOW_MS = 5 * 60_000;

/**
 * The signature the telephone platform sends: HMAC-SHA256 with the integration's secret over the
 * timestamp header, a dot and the raw body (`${timestamp}.${body}`), hex after "sha256=". The
 * timestamp is inside the signature, so a captured post cannot be replayed later with a fresh one.
 */
export function signTelephonyBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureCheck = 'ok' | 'bad_signature' | 'stale_timestamp';

/** Checks a post's signature (constant time) and that its timestamp (Unix seconds) is within the window of `now`. */
export function checkTelephonySignature(secret: string, body: string, headers: { signature?: string; timestamp?: string }, now: number): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return 'bad_signature';
  const want = Buffer.from(signTelephonyBody(secret, timestamp, body));
  const got = Buffer.from(signature.trim());
  if (got.length !== want.length || !timingSafeEqual(got, want)) return 'bad_signature';
  if (Math.abs(now - Number(timestamp) * 1000) > REPLAY_WINDOW_MS) return 'stale_timestamp';
  return 'ok';
}
