-- 督办件台账 (src/server/supervision/ledger.ts) reads the supervised tickets only: a few thousand
-- among hundreds of thousands, found without reading the others (issue 16).
CREATE INDEX IF NOT EXISTS tickets_supervised ON tickets (id) WHERE supervision_count > 0;
