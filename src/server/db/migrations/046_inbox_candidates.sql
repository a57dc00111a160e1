-- 待我审批 (src/server/inbox/decisions.ts) finds the tickets waiting for a decision from these:
-- each kind of request is a handful of rows among hundreds of thousands, so each has a small index
-- of its own, and the inbox is a union of index reads instead of a scan of every ticket (issue 16:
-- at 200,000 tickets the scan took 2 s and, read by 400 people, held the whole server).
CREATE INDEX IF NOT EXISTS assignments_pending_extension ON assignments (ticket_id) WHERE pending_extension IS NOT NULL;
CREATE INDEX IF NOT EXISTS assignments_pending_supervision_extension ON assignments (ticket_id) WHERE pending_supervision_extension IS NOT NULL;
CREATE INDEX IF NOT EXISTS assignments_awaiting ON assignments (ticket_id) WHERE status IN ('return_requested', 'unit_review');
CREATE INDEX IF NOT EXISTS tickets_appeal_pending ON tickets (id) WHERE appeal_status = 'pending';
