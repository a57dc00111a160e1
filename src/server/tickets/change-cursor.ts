/**
 * The change feed's cursor (issue 15 item 6), opaque to its reader: base64url of a small JSON.
 *
 * Why transaction ids and not times or event ids: an event's id and time are taken when it is
 * written, but it becomes visible when its transaction commits, so a reader that kept "the last id
 * I saw" would skip an event written earlier by a transaction that committed later. Every event
 * carries its transaction's id (migration 040), and the feed only hands out events of transactions
 * older than the oldest one still running (`pg_snapshot_xmin`): that set never grows again, so
 * paging through it by (xid, id) misses nothing and repeats nothing.
 *
 * - `{ f, a }` — the first full pass: every ticket in id order after `a`; `f` is the horizon taken
 *   when the pass began, from which the changes continue once the pass ends.
 * - `{ x, e }` — changes: events after (xid `x`, event id `e`).
 */
export type ChangeCursor = { kind: 'full'; horizon: string; afterId: string | null } | { kind: 'changes'; xid: string; eventId: string };

const DIGITS = /^\d{1,20}$/;
/** A transaction id fits xid8 (unsigned 64 bits), an event id bigint (signed): larger ones are no cursor of ours, not a database error. */
const fits = (s: unknown, max: bigint): s is string => typeof s === 'string' && DIGITS.test(s) && BigInt(s) <= max;
const XID8_MAX = 2n ** 64n - 1n;
const BIGINT_MAX = 2n ** 63n - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(c: ChangeCursor): string {
  const body = c.kind === 'full' ? { f: c.horizon, a: c.afterId } : { x: c.xid, e: c.eventId };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The cursor read back, or null when it is not one this feed gave out. */
export function decodeCursor(s: string): ChangeCursor | null {
  let o: unknown;
  try {
    o = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!o || typeof o !== 'object') return null;
  const v = o as Record<string, unknown>;
  if (fits(v.f, XID8_MAX) && (v.a === null || (typeof v.a === 'string' && UUID.test(v.a)))) {
    return { kind: 'full', horizon: v.f, afterId: v.a };
  }
  if (fits(v.x, XID8_MAX) && fits(v.e, BIGINT_MAX)) return { kind: 'changes', xid: v.x, eventId: v.e };
  return null;
}
