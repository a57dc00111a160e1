import { fingerprint, judgeRepeat, matchPlace, type Fingerprint, type RepeatReason } from '../../core/repeats/index.ts';
import type { TicketStatus } from '../../core/ticket/machine.ts';
import type { Queryable } from '../db/connection.ts';

export const DEFAULT_WINDOW_DAYS = 30;
/** Band matches read per lookup, newest first: a matter reported hundreds of times shows its latest. */
export const MAX_TEXT_HITS = 500;
export const MAX_CANDIDATES = 20;

export interface RepeatQuery {
  /** The ticket being looked at: left out of its own candidates. */
  ticketId?: string | undefined;
  /** Title and content (requestText). */
  text: string;
  /** The caller's blind index (Vault.phoneIndex), for "same caller". */
  callerPhoneIdx?: string | null | undefined;
  address?: string | null | undefined;
  /** The time the request came in; earlier tickets within windowDays before it are searched. */
  at: number;
  windowDays?: number | undefined;
  limit?: number | undefined;
  /** Only tickets with a share in this unit's subtree ('/…/' path), for unit staff. */
  unitPath?: string | undefined;
  /** The fingerprint of text/address when already known. */
  fingerprint?: Fingerprint | undefined;
}

export interface RepeatCandidate {
  ticketId: string;
  number: string;
  status: TicketStatus;
  title: string;
  createdAt: Date;
  /** 0..1: estimated text similarity raised by the same place or caller (src/core/repeats/judge.ts). */
  similarity: number;
  reasons: RepeatReason[];
  /** The original this ticket was already linked or merged to, if any. */
  repeatOf: { id: string; number: string } | null;
  address: string | null;
  /** For presenting the caller by role; not in the API as is. */
  row: CandidateRow;
}

export interface CandidateRow {
  ticket_id: string;
  number: string;
  status: TicketStatus;
  title: string | null;
  excerpt: string;
  address: string | null;
  created_at: Date;
  caller_name: string | null;
  caller_phone: string | null;
  anonymous: boolean;
  confidential: boolean;
  subject_path: string | null;
  repeat_of: string | null;
  repeat_of_number: string | null;
  fp_phone: string | null;
  place_address: string | null;
  place_town: string | null;
  same: number;
}

/**
 * The lookup, one statement: tickets in the window sharing an LSH band with the request (index-only
 * scan of ticket_bands, and the few tickets registered moments ago whose band rows are still queued:
 * band-writer.ts, each fingerprint read by its key, never the whole table) or from the same caller
 * (index on caller_phone_idx, created_at), with the number of signature slots each agrees on.
 * bench/repeats-scale.ts times this same text.
 */
export const FIND_REPEATS_SQL = `
  WITH text_hits AS (
    SELECT ticket_id FROM (
      SELECT b.ticket_id, max(b.created_at) AS at FROM ticket_bands b
       WHERE b.band = ANY($1::int[]) AND b.created_at >= $3 AND b.created_at <= $4
       GROUP BY b.ticket_id
      UNION ALL
      SELECT f.ticket_id, f.created_at
        FROM ticket_bands_queue q
        CROSS JOIN LATERAL (SELECT g.ticket_id, g.created_at, g.bands FROM ticket_fingerprints g WHERE g.ticket_id = q.ticket_id LIMIT 1) f
       WHERE f.bands && $1::int[] AND f.created_at >= $3 AND f.created_at <= $4
    ) banded ORDER BY at DESC LIMIT $7
  ), caller_hits AS (
    SELECT f.ticket_id FROM ticket_fingerprints f
     WHERE f.caller_phone_idx = $5 AND f.created_at >= $3 AND f.created_at <= $4
     ORDER BY f.created_at DESC LIMIT $7
  ), hits AS (SELECT ticket_id FROM text_hits UNION SELECT ticket_id FROM caller_hits)
  SELECT f.ticket_id, f.caller_phone_idx AS fp_phone, f.place_address, f.place_town,
         (SELECT count(*)::int FROM unnest(f.signature, $2::int[]) AS s(a, b) WHERE a = b) AS same,
         t.number, t.status, t.title, left(t.content, 60) AS excerpt, t.address, t.created_at,
         t.caller_name, t.caller_phone, t.anonymous, t.confidential, t.repeat_of,
         o.number AS repeat_of_number, s.path AS subject_path
    FROM hits h
    JOIN ticket_fingerprints f ON f.ticket_id = h.ticket_id
    JOIN tickets t ON t.id = f.ticket_id
    LEFT JOIN tickets o ON o.id = t.repeat_of
    LEFT JOIN units s ON s.id = t.subject_unit_id
   WHERE f.ticket_id IS DISTINCT FROM $6::uuid
     AND ($8::text IS NULL OR EXISTS (SELECT 1 FROM assignments a JOIN units u ON u.id = a.unit_id
                                      WHERE a.ticket_id = t.id AND a.status <> 'returned' AND u.path LIKE $8 || '%'))`;

const DAY_MS = 86_400_000;

/**
 * Earlier tickets that may be the same matter as a request (重复件; 邵阳 第十条（四）, 凉山 第十三条（四）):
 * from the same caller, or with near-duplicate text (more readily at the same place), within
 * windowDays before `at`. Best first; the ticket itself is never among them.
 */
export async function findRepeats(db: Queryable, q: RepeatQuery): Promise<RepeatCandidate[]> {
  const fp = q.fingerprint ?? fingerprint({ text: q.text, address: q.address });
  const caller = q.callerPhoneIdx || null;
  const windowDays = q.windowDays ?? DEFAULT_WINDOW_DAYS;
  if (!fp.bands.length && !caller) return [];
  const { rows } = await db.query<CandidateRow>(FIND_REPEATS_SQL, [
    Array.from(fp.bands),
    Array.from(fp.signature),
    new Date(q.at - windowDays * DAY_MS),
    new Date(q.at),
    caller,
    q.ticketId ?? null,
    MAX_TEXT_HITS,
    q.unitPath ?? null,
  ]);
  const found: RepeatCandidate[] = [];
  for (const r of rows) {
    const text = fp.bands.length ? r.same / fp.signature.length : 0;
    const judged = judgeRepeat({
      text,
      sameCaller: caller !== null && r.fp_phone === caller,
      place: matchPlace(fp.place, { address: r.place_address, town: r.place_town }),
    });
    if (!judged) continue;
    found.push({
      ticketId: r.ticket_id,
      number: r.number,
      status: r.status,
      title: r.title ?? r.excerpt,
      createdAt: r.created_at,
      similarity: judged.similarity,
      reasons: judged.reasons,
      repeatOf: r.repeat_of ? { id: r.repeat_of, number: r.repeat_of_number ?? '' } : null,
      address: r.address,
      row: r,
    });
  }
  found.sort((a, b) => b.similarity - a.similarity || b.createdAt.getTime() - a.createdAt.getTime());
  return found.slice(0, q.limit ?? MAX_CANDIDATES);
}
