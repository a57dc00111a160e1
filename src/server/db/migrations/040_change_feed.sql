-- The change feed (GET /api/tickets/changes, issue 15 item 6): every event keeps the id of the
-- transaction that wrote it, so the feed hands out only what is committed and never skips an event
-- whose transaction committed late (src/server/tickets/change-cursor.ts). Added without a rewrite:
-- the column is empty for older events (the feed's first full pass covers them) and the default
-- fills it from now on.
ALTER TABLE events ADD COLUMN IF NOT EXISTS xid xid8;
ALTER TABLE events ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
CREATE INDEX IF NOT EXISTS events_xid ON events (xid, id) WHERE xid IS NOT NULL;
