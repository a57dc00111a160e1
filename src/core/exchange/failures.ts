/**
 * When the exchange stops trying (issue 15): an upper platform or a peer open12345 that keeps failing is
 * paused, as a failing webhook endpoint is (core/webhooks/kinds.ts), and a delivery it keeps refusing is
 * stopped — each told to the administrator — instead of being retried every hour for ever. Reports back
 * are owed to the upper platform (凉山 第五条（三） 及时反馈), so nothing is dropped: a paused platform's
 * reports wait and go out in order once an administrator resumes it; a stopped one goes again when an
 * administrator sends it again.
 */

/** Failed posts in a row to one platform or peer (any delivery) before it is paused. */
export const EXCHANGE_PAUSE_AFTER = 10;

/** Refusals in a row of one delivery (the platform answered 4xx: it will not take it as it is) before it is stopped. */
export const EXCHANGE_STOP_AFTER_REFUSALS = 3;

/**
 * A refusal: the other side understood the post and said no (400 bad body, 401/403 key, 404 unknown order,
 * 409, 422 …) — trying the same body again will not help. Timeouts, throttling and server errors are not.
 */
export function isRefusal(status: number | null): boolean {
  return status !== null && status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429;
}

/** Where a delivery goes: the platform (reports back) or the peer (orders, indicators), as exchange_targets names it. */
export type TargetKind = 'platform' | 'peer';
export const targetKey = (kind: TargetKind, id: string) => `${kind}:${id}`;
export function parseTarget(target: string): { kind: TargetKind; id: string } | null {
  const m = /^(platform|peer):([a-z0-9-]{1,40})$/.exec(target);
  return m ? { kind: m[1] as TargetKind, id: m[2]! } : null;
}
