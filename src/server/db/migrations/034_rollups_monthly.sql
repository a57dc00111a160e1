-- The rollups of 017 read fast at ten million tickets (issue 12 §10: p95 < 1 s).
--
-- 1. Monthly rows beside the daily ones, kept by the same fold (rollups/upkeep.ts): a month's
--    satisfaction per unit × category and its hot issues per category × town are read from one row
--    per key instead of one per day (rollups/months.ts says how a period is split into months and days).
-- 2. A handle or sign clock still running that the clock watcher has marked overdue now counts in the
--    share facts and rollups as late, like one stopped late: the fold hears of it (the clocks trigger
--    watches the mark), so a read no longer looks up every late running clock. It looks up only the
--    few the watcher has not marked yet (due passed since its last round), and those marked but no
--    longer due (a due moved later), and corrects for them: the answers stay the GROUP BY's at `now`.

-- The first day of the month of a day number of beijing_day (core/calendar day numbers: 0 = 1970-01-01).
CREATE FUNCTION beijing_month(day integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT day - extract(day FROM date '1970-01-01' + day)::integer + 1
$$;

CREATE TABLE share_satisfaction_month (
  basis text NOT NULL,
  month integer NOT NULL,
  unit_id uuid NOT NULL,
  category text NOT NULL,
  rated integer NOT NULL,
  satisfied integer NOT NULL,
  PRIMARY KEY (basis, month, unit_id, category)
);
INSERT INTO share_satisfaction_month
SELECT basis, beijing_month(day), unit_id, category, sum(rated)::int, sum(satisfied)::int
  FROM share_satisfaction_rollup GROUP BY 1, 2, 3, 4;

CREATE TABLE hot_month (
  month integer NOT NULL,
  category text NOT NULL,
  place_town text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (month, category, place_town)
);
INSERT INTO hot_month SELECT beijing_month(day), category, place_town, sum(n)::int FROM hot_rollup GROUP BY 1, 2, 3;

-- Running and marked overdue: counted late by the fold (false in the rows already there, as the
-- rollups counted them; their tickets are folded again below).
ALTER TABLE share_facts ADD COLUMN handle_late_running boolean NOT NULL DEFAULT false;
ALTER TABLE share_facts ADD COLUMN sign_late_running boolean NOT NULL DEFAULT false;

CREATE OR REPLACE VIEW share_facts_source AS
SELECT a.id AS assignment_id,
       a.ticket_id,
       a.unit_id,
       beijing_day(a.created_at) AS dispatched_day,
       beijing_day(t.closed_at) AS closed_day,
       COALESCE(t.category, '') AS category,
       a.status <> 'returned' AS kept,
       COALESCE(c.handle_met, false) AS handle_met,
       COALESCE(c.handle_overdue, false) AS handle_overdue,
       COALESCE(c.sign_met, false) AS sign_met,
       COALESCE(c.sign_overdue, false) AS sign_overdue,
       a.replied_at IS NOT NULL AND t.caller_phone IS NOT NULL AS replied,
       COALESCE((a.reply->>'contacted')::boolean, false) AS contacted,
       t.resolution IS NOT NULL AS has_resolution,
       COALESCE(t.resolution = 'resolved', false) AS resolved,
       t.satisfaction IS NOT NULL AND t.exempt_kind IS NULL AND NOT (t.satisfaction = 'dissatisfied' AND t.appeal_status IS NOT DISTINCT FROM 'approved') AS rated,
       COALESCE(t.satisfaction IN ('satisfied', 'basic'), false) AND t.exempt_kind IS NULL AS satisfied,
       a.extension_count > 0 AS extended,
       t.redo_count > 0 AS redone,
       t.supervision_count > 0 AS supervised,
       COALESCE(c.handle_late_running, false) AS handle_late_running,
       COALESCE(c.sign_late_running, false) AS sign_late_running
  FROM assignments a
  JOIN tickets t ON t.id = a.ticket_id
  LEFT JOIN LATERAL (
    SELECT bool_or(k.name = 'handle' AND k.status = 'met') AS handle_met,
           bool_or(k.name = 'handle' AND k.status = 'overdue') AS handle_overdue,
           bool_or(k.name = 'sign' AND k.status = 'met') AS sign_met,
           bool_or(k.name = 'sign' AND k.status = 'overdue') AS sign_overdue,
           bool_or(k.name = 'handle' AND k.status = 'running' AND k.overdue) AS handle_late_running,
           bool_or(k.name = 'sign' AND k.status = 'running' AND k.overdue) AS sign_late_running
      FROM clocks k
     WHERE k.assignment_id = a.id AND k.name IN ('handle', 'sign')
  ) c ON true
 WHERE a.role = 'lead' AND a.parent_id IS NULL;

-- The clocks' triggers of 017, now also hearing of a running clock marked or unmarked overdue.
DROP TRIGGER rollup_clocks_insert ON clocks;
DROP TRIGGER rollup_clocks_update ON clocks;
DROP TRIGGER rollup_clocks_delete ON clocks;
CREATE TRIGGER rollup_clocks_insert AFTER INSERT ON clocks FOR EACH ROW
  WHEN (NEW.assignment_id IS NOT NULL AND NEW.name IN ('handle', 'sign') AND (NEW.status IN ('met', 'overdue') OR (NEW.status = 'running' AND NEW.overdue)))
  EXECUTE FUNCTION rollup_dirty_ticket();
CREATE TRIGGER rollup_clocks_update AFTER UPDATE ON clocks FOR EACH ROW
  WHEN ((OLD.status IS DISTINCT FROM NEW.status OR OLD.name IS DISTINCT FROM NEW.name OR OLD.overdue IS DISTINCT FROM NEW.overdue
         OR OLD.assignment_id IS DISTINCT FROM NEW.assignment_id OR OLD.ticket_id IS DISTINCT FROM NEW.ticket_id)
        AND ((OLD.assignment_id IS NOT NULL AND OLD.name IN ('handle', 'sign')) OR (NEW.assignment_id IS NOT NULL AND NEW.name IN ('handle', 'sign'))))
  EXECUTE FUNCTION rollup_dirty_ticket();
CREATE TRIGGER rollup_clocks_delete AFTER DELETE ON clocks FOR EACH ROW
  WHEN (OLD.assignment_id IS NOT NULL AND OLD.name IN ('handle', 'sign') AND (OLD.status IN ('met', 'overdue') OR (OLD.status = 'running' AND OLD.overdue)))
  EXECUTE FUNCTION rollup_dirty_ticket();

-- the marked clocks whose due moved past `now` (an extension unmarks as it moves; this is for any other way)
CREATE INDEX clocks_running_marked ON clocks (due_at) WHERE status = 'running' AND overdue;

-- the shares with a marked running clock count it from now on: their tickets are folded again
INSERT INTO rollup_dirty
SELECT DISTINCT ticket_id FROM clocks WHERE status = 'running' AND overdue AND name IN ('handle', 'sign') AND assignment_id IS NOT NULL;
