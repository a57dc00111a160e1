import { signTelephonyBody, TELEPHONY_SIGNATURE_HEADER, TELEPHONY_TIMESTAMP_HEADER } from '../../telephony/signature.ts';

/**
 * One post of a delivery. Signed exactly as the platform's own signed inbound posts are checked
 * (POST /api/telephony/events, telephony/signature.ts), so one page of the README explains both:
 * HMAC-SHA256 with the subscription's secret over `${timestamp}.${rawBody}`, hex after "sha256=",
 * in X-Open12345-Signature; the Unix seconds in X-Open12345-Timestamp. The delivery id is the same on
 * every retry and replay (X-Open12345-Delivery): the receiver drops what it has already taken.
 */
export const WEBHOOK_SIGNATURE_HEADER = TELEPHONY_SIGNATURE_HEADER;
export const WEBHOOK_TIMESTAMP_HEADER = TELEPHONY_TIMESTAMP_HEADER;
export const WEBHOOK_DELIVERY_HEADER = 'x-open12345-delivery';
export const WEBHOOK_EVENT_HEADER = 'x-open12345-event';
/** How long the receiver has to answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export const signWebhookBody = signTelephonyBody;

export interface SendOutcome {
  ok: boolean;
  status: number | null;
  durationMs: number;
  error: string | null;
}

export interface WebhookPost {
  url: string;
  secret: string;
  deliveryId: string;
  kind: string;
  body: string;
  /** The app's clock (ms): the timestamp signed. */
  now: number;
}

/** Posts once; any 2xx is taken, anything else (or no answer in time) is a failure to retry. Redirects are not followed. */
export async function postWebhook(p: WebhookPost, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<SendOutcome> {
  const timestamp = String(Math.floor(p.now / 1000));
  const started = performance.now();
  try {
    const res = await fetch(p.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'open12345-webhooks/1',
        [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(p.secret, timestamp, p.body),
        [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
        [WEBHOOK_DELIVERY_HEADER]: p.deliveryId,
        [WEBHOOK_EVENT_HEADER]: p.kind,
      },
      body: p.body,
    });
    // the answer's body is not kept: it is the receiver's, and may say anything
    await res.body?.cancel().catch(() => {});
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, durationMs: Math.round(performance.now() - started), error: ok ? null : `HTTP ${res.status}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `${timeoutMs / 1000} 秒内无应答` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, status: null, durationMs: Math.round(performance.now() - started), error: `连接失败：${why}`.slice(0, 300) };
  }
}
