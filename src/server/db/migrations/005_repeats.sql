-- Repeat detection (重复件识别; 邵阳 第十条（四）, 凉山 第十三条（四）): a fingerprint per ticket and
-- its LSH bands, written in the statement that creates the ticket (src/server/tickets/create.ts).
-- Tickets created before this migration are fingerprinted by the server at start-up
-- (src/server/repeats/backfill.ts): MinHash is computed in TypeScript, not in SQL.
CREATE TABLE ticket_fingerprints (
  ticket_id uuid PRIMARY KEY REFERENCES tickets(id),
  -- the ticket's created_at, copied so that the window needs no join
  created_at timestamptz NOT NULL,
  -- digits only (normalizePhone), for "same caller"
  caller_phone text,
  -- normalised address and 9-digit town code (src/core/repeats/place.ts), for "same place"
  place_address text,
  place_town text,
  -- MinHash of the title and content's character 3-grams: 128 signed 32-bit values
  signature integer[] NOT NULL,
  -- the 42 band hashes also stored as rows in ticket_bands (kept here to delete those rows on a rewrite)
  bands integer[] NOT NULL,
  -- FINGERPRINT_VERSION of src/core/repeats/fingerprint.ts; another version is computed again
  version smallint NOT NULL
);
CREATE INDEX ticket_fingerprints_caller ON ticket_fingerprints (caller_phone, created_at) WHERE caller_phone IS NOT NULL;
CREATE INDEX ticket_fingerprints_version ON ticket_fingerprints (version);

-- One row per (band, ticket): a lookup is 42 probes of one b-tree, the window inside the index, and
-- an index-only scan. Measured at 1,000,000 tickets (npm run bench:repeats) against a GIN index on
-- the bands array, which the planner does not use for `bands && $1` (it misjudges the selectivity
-- and scans the table). No foreign key: 42 checks per new ticket for rows only this code writes.
CREATE TABLE ticket_bands (
  band integer NOT NULL,
  created_at timestamptz NOT NULL,
  ticket_id uuid NOT NULL
);
CREATE INDEX ticket_bands_band ON ticket_bands (band, created_at) INCLUDE (ticket_id);

-- Repeats per matter (GET /api/reports/repeats) and the callers merged into a ticket.
CREATE INDEX tickets_repeat_of ON tickets (repeat_of) WHERE repeat_of IS NOT NULL;
