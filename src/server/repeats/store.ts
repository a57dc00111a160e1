import { FINGERPRINT_VERSION, fingerprint, requestText, type Fingerprint } from '../../core/repeats/index.ts';
import type { Queryable } from '../db/connection.ts';

/**
 * The columns of ticket_fingerprints after ticket_id and created_at, in order, with their casts;
 * create.ts writes them in the statement that inserts the ticket, the others through writeFingerprint.
 */
export const FINGERPRINT_COLUMNS = 'caller_phone_idx, place_address, place_town, signature, bands, version';
export const FINGERPRINT_CASTS = ['text', 'text', 'text', 'int[]', 'int[]', 'smallint'];

/**
 * The values for FINGERPRINT_COLUMNS (typed arrays as plain arrays: both drivers send those as int[]).
 * "Same caller" compares the ticket's blind index (tickets.caller_phone_idx), never the phone.
 */
export function fingerprintValues(fp: Fingerprint, callerPhoneIdx: string | null): unknown[] {
  return [callerPhoneIdx || null, fp.place.address, fp.place.town, Array.from(fp.signature), Array.from(fp.bands), FINGERPRINT_VERSION];
}

export interface FingerprintSource {
  id: string;
  title: string | null;
  content: string;
  address: string | null;
  caller_phone_idx: string | null;
  created_at: Date;
}

/** Text and place; the caller is matched by the blind index beside it. */
export function fingerprintOfTicket(t: Pick<FingerprintSource, 'title' | 'content' | 'address'>): Fingerprint {
  return fingerprint({ text: requestText(t.title, t.content), address: t.address });
}

/** Writes (or rewrites) the fingerprints of these tickets and their band rows. */
export async function writeFingerprints(db: Queryable, tickets: FingerprintSource[]): Promise<void> {
  if (!tickets.length) return;
  // a rewrite (older FINGERPRINT_VERSION) first removes the old band rows, found through their bands,
  // and the ticket's place in the band queue (band-writer.ts), whose rows this writes itself
  await db.query(
    `WITH q AS (DELETE FROM ticket_bands_queue WHERE ticket_id = ANY($1::uuid[]))
     DELETE FROM ticket_bands b USING ticket_fingerprints f
      WHERE f.ticket_id = ANY($1::uuid[]) AND b.band = ANY(f.bands) AND b.ticket_id = f.ticket_id`,
    [tickets.map((t) => t.id)],
  );
  const columns: unknown[][] = [[], [], ...FINGERPRINT_CASTS.map(() => [])];
  for (const t of tickets) {
    const values = [t.id, t.created_at, ...fingerprintValues(fingerprintOfTicket(t), t.caller_phone_idx)];
    values.forEach((v, i) => columns[i]!.push(i === 5 || i === 6 ? `{${(v as number[]).join(',')}}` : v));
  }
  // int[] columns travel as array literals in a text[]: unnest cannot take a two-dimensional array apart by rows.
  await db.query(
    `INSERT INTO ticket_fingerprints (ticket_id, created_at, ${FINGERPRINT_COLUMNS})
     SELECT id, created_at, caller_phone_idx, place_address, place_town, signature::int[], bands::int[], version
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::smallint[])
         AS x(id, created_at, caller_phone_idx, place_address, place_town, signature, bands, version)
     ON CONFLICT (ticket_id) DO UPDATE SET caller_phone_idx = excluded.caller_phone_idx, place_address = excluded.place_address,
       place_town = excluded.place_town, signature = excluded.signature, bands = excluded.bands, version = excluded.version`,
    columns,
  );
  await db.query(
    `INSERT INTO ticket_bands (band, created_at, ticket_id)
     SELECT unnest(f.bands), f.created_at, f.ticket_id FROM ticket_fingerprints f WHERE f.ticket_id = ANY($1::uuid[])`,
    [tickets.map((t) => t.id)],
  );
}
