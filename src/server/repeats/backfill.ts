import { FINGERPRINT_VERSION } from '../../core/repeats/index.ts';
import type { Db } from '../db/connection.ts';
import { writeFingerprints, type FingerprintSource } from './store.ts';

/**
 * Fingerprints tickets that have none (created before migration 005) or one of an older
 * FINGERPRINT_VERSION, a batch per transaction; SKIP LOCKED lets several instances share the work.
 * Returns how many were written.
 */
export async function backfillFingerprintBatch(db: Db, batch = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<FingerprintSource>(
      `SELECT t.id, t.title, t.content, t.address, t.caller_phone_idx, t.created_at
         FROM tickets t LEFT JOIN ticket_fingerprints f ON f.ticket_id = t.id
        WHERE f.ticket_id IS NULL OR f.version <> $1
        ORDER BY t.created_at DESC
        LIMIT $2 FOR UPDATE OF t SKIP LOCKED`,
      [FINGERPRINT_VERSION, batch],
    );
    await writeFingerprints(tx, rows);
    return rows.length;
  });
}

/** Every missing fingerprint, newest tickets first (the ones a repeat lookup reaches). */
export async function backfillFingerprints(db: Db, batch = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await backfillFingerprintBatch(db, batch);
    total += n;
    if (n < batch) return total;
  }
}
