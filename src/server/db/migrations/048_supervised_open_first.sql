-- 督办件台账 (src/server/supervision/ledger.ts) lists the open supervised tickets first. In that order
-- the page is read from the index: only the open ones have their deadlines and last supervision looked
-- up, and the total is counted from the index alone. Before, every supervised ticket was read, sorted
-- and counted in a window (3,748 of 200,000 on bench:load's database: 34–37 ms a read in the server,
-- 1.6 ms this way with session-settings.ts's parallel_setup_cost; issue 16). The expression is the
-- ledger's `open`, written the same way so the planner matches it. It replaces 047's index.
CREATE INDEX IF NOT EXISTS tickets_supervised_open
  ON tickets ((status = ANY (ARRAY['dispatched', 'handling', 'redo', 'reviewing'])), number) WHERE supervision_count > 0;
DROP INDEX IF EXISTS tickets_supervised;
