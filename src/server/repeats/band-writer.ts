import type { Queryable } from '../db/connection.ts';

/** How long after a registration its band rows are written: the tickets queued meanwhile go in one statement. */
const BAND_WRITE_DELAY_MS = 100;
/** Tickets moved by one statement (42 band rows each). */
const BATCH = 1000;
/** After a failed move (the database away), the next try. */
const RETRY_MS = 1000;
/** Tickets moved between two VACUUMs of the queue (see moveAll). */
const VACUUM_EVERY = 10_000;

/**
 * Moves queued tickets (ticket_bands_queue, migration 049) into ticket_bands: their bands, read from
 * ticket_fingerprints, as rows of the b-tree the repeat lookup reads. Taken with SKIP LOCKED: several
 * instances moving at once each take other rows. Returns how many tickets it moved.
 */
export async function moveQueuedBands(db: Queryable, limit = BATCH): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `WITH q AS (
       DELETE FROM ticket_bands_queue
        WHERE ctid IN (SELECT ctid FROM ticket_bands_queue LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING ticket_id),
     -- each fingerprint by its key: joined, the planner expects $1 tickets and reads the whole table
     -- (a hash join, 14 ms of 39 for 73 tickets at 15,000 fingerprints); sorted by band, the b-tree's
     -- pages are visited in order
     b AS (
       INSERT INTO ticket_bands (band, created_at, ticket_id)
       SELECT x, f.created_at, f.ticket_id
         FROM q CROSS JOIN LATERAL (SELECT g.created_at, g.ticket_id, g.bands FROM ticket_fingerprints g WHERE g.ticket_id = q.ticket_id LIMIT 1) f,
              unnest(f.bands) AS x
        ORDER BY 1)
     SELECT count(*)::int AS n FROM q`,
    [limit],
  );
  return rows[0]!.n;
}

/**
 * Writes the band rows of registered tickets shortly after they were queued (create.ts), many tickets
 * in one statement: 32 registrations writing 42 rows each into one b-tree at once cost PostgreSQL
 * several times what one statement for all of them does (migration 049). Until then the repeat
 * lookup finds them in the queue; what a stop leaves queued is moved when the next server starts.
 */
export class BandWriter {
  private timer: NodeJS.Timeout | null = null;
  private moving: Promise<void> = Promise.resolve();
  private closed = false;
  private movedSinceVacuum = 0;

  constructor(
    private readonly db: Queryable,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly delayMs = BAND_WRITE_DELAY_MS,
  ) {}

  /** A ticket was queued (or the server started): move the queue after the delay, once for all queued by then. */
  soon(delayMs = this.delayMs): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
    this.timer.unref();
  }

  /** Moves everything queued now, after any move under way, instead of the one scheduled (tests). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.moving = this.moving.then(() => this.moveAll());
    return this.moving;
  }

  /** No more moves; waits for the one under way. What is still queued stays for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.moving;
  }

  private async moveAll(): Promise<void> {
    try {
      let moved: number;
      do {
        if (this.closed) return;
        moved = await moveQueuedBands(this.db);
        this.movedSinceVacuum += moved;
      } while (moved === BATCH); // a full batch may have left more behind
      // The embedded engine runs no autovacuum: without this the deleted rows' pages would stay, and
      // every move and lookup would read them (on PostgreSQL autovacuum does it as well).
      if (this.movedSinceVacuum >= VACUUM_EVERY) {
        this.movedSinceVacuum = 0;
        await this.db.query('VACUUM ticket_bands_queue');
      }
    } catch (error) {
      if (this.closed) return;
      this.onError(error);
      this.soon(RETRY_MS);
    }
  }
}
