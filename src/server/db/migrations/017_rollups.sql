-- 考核与看板的汇总 (issue 12 §10 规模): the indicators kept up with the events instead of a GROUP BY over
-- every ticket per request. The GROUP BY functions (src/server/analytics/counts.ts, dashboard.ts,
-- hot.ts) stay the definition; these tables must give the same answers (test/server/analytics-rollup,
-- npm run bench:analytics).
--
-- How they are kept (src/server/analytics/rollups/upkeep.ts):
--  * triggers append the id of every ticket whose counted fields changed to rollup_dirty — an
--    append-only table without keys, so 32 concurrent intakes never wait on one hot row;
--  * a job (and every read, before it reads) takes the tickets off rollup_dirty, subtracts what each
--    contributed before (its rows in share_facts and ticket_facts) and adds what it contributes now
--    (computed by the views below from the base tables): work in proportion to what changed;
--  * what depends on the time of the question is not stored: a handle or sign clock still running past
--    its due is added at read time from the running clocks (open work, indexed), and the exempt
--    categories of the evaluation settings are applied at read time (the share rollup keeps the category).

-- The Beijing day of an instant, as the day numbers of src/core/calendar/civil-date.ts.
CREATE FUNCTION beijing_day(ts timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT floor((extract(epoch FROM ts) * 1000 + 28800000) / 86400000)::integer
$$;

-- Tickets to fold into the rollups. No key and no index: an insert here never waits on another.
CREATE TABLE rollup_dirty (ticket_id uuid NOT NULL);

-- One row per share (主办, not passed down): what it counts, apart from the time of the question and
-- the exempt categories. The same conditions as countShares(), with "running past its due" left out.
CREATE VIEW share_facts_source AS
SELECT a.id AS assignment_id,
       a.ticket_id,
       a.unit_id,
       beijing_day(a.created_at) AS dispatched_day,
       beijing_day(t.closed_at) AS closed_day,
       -- '' for none: a settings prefix is never empty, so '' is never exempt, like a NULL category
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
       t.satisfaction IS NOT NULL AND NOT (t.satisfaction = 'dissatisfied' AND t.appeal_status IS NOT DISTINCT FROM 'approved') AS rated,
       COALESCE(t.satisfaction IN ('satisfied', 'basic'), false) AS satisfied,
       a.extension_count > 0 AS extended,
       t.redo_count > 0 AS redone,
       t.supervision_count > 0 AS supervised
  FROM assignments a
  JOIN tickets t ON t.id = a.ticket_id
  LEFT JOIN LATERAL (
    SELECT bool_or(k.name = 'handle' AND k.status = 'met') AS handle_met,
           bool_or(k.name = 'handle' AND k.status = 'overdue') AS handle_overdue,
           bool_or(k.name = 'sign' AND k.status = 'met') AS sign_met,
           bool_or(k.name = 'sign' AND k.status = 'overdue') AS sign_overdue
      FROM clocks k
     WHERE k.assignment_id = a.id AND k.name IN ('handle', 'sign')
  ) c ON true
 WHERE a.role = 'lead' AND a.parent_id IS NULL;

CREATE TABLE share_facts (
  assignment_id uuid PRIMARY KEY,
  ticket_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  dispatched_day integer NOT NULL,
  closed_day integer,
  category text NOT NULL,
  kept boolean NOT NULL,
  handle_met boolean NOT NULL,
  handle_overdue boolean NOT NULL,
  sign_met boolean NOT NULL,
  sign_overdue boolean NOT NULL,
  replied boolean NOT NULL,
  contacted boolean NOT NULL,
  has_resolution boolean NOT NULL,
  resolved boolean NOT NULL,
  rated boolean NOT NULL,
  satisfied boolean NOT NULL,
  extended boolean NOT NULL,
  redone boolean NOT NULL,
  supervised boolean NOT NULL
);
CREATE INDEX share_facts_ticket ON share_facts (ticket_id);

-- ShareCounts per basis ('dispatched': the day the share was dispatched; 'closed': the day its
-- ticket closed) × Beijing day × unit, with "late" meaning a clock stopped late. Rated and satisfied
-- visits are kept apart per category as well (share_satisfaction_rollup), for the exempt categories.
CREATE TABLE share_rollup (
  basis text NOT NULL,
  day integer NOT NULL,
  unit_id uuid NOT NULL,
  received integer NOT NULL,
  returned integer NOT NULL,
  on_time integer NOT NULL,
  overdue integer NOT NULL,
  replies integer NOT NULL,
  contacted integer NOT NULL,
  visits_with_resolution integer NOT NULL,
  resolved integer NOT NULL,
  extended integer NOT NULL,
  redone integer NOT NULL,
  supervised integer NOT NULL,
  signed_on_time integer NOT NULL,
  signed_late integer NOT NULL,
  PRIMARY KEY (basis, day, unit_id)
);

CREATE TABLE share_satisfaction_rollup (
  basis text NOT NULL,
  day integer NOT NULL,
  unit_id uuid NOT NULL,
  category text NOT NULL,
  rated integer NOT NULL,
  satisfied integer NOT NULL,
  PRIMARY KEY (basis, day, unit_id, category)
);

-- One row per ticket: what the dashboard and the hot issues count it under. The leading unit is kept,
-- not its district: the unit tree may change, so the district is looked up when the board is read.
CREATE VIEW ticket_facts_source AS
SELECT t.id AS ticket_id,
       beijing_day(t.created_at) AS created_day,
       beijing_day(t.closed_at) AS closed_day,
       t.type,
       t.channel,
       t.category,
       COALESCE(split_part(t.category, '/', 1), '') AS top_category,
       l.unit_id AS lead_unit_id,
       f.place_town
  FROM tickets t
  LEFT JOIN LATERAL (
    SELECT a.unit_id FROM assignments a
     WHERE a.ticket_id = t.id AND a.role = 'lead' AND a.parent_id IS NULL AND a.status <> 'returned'
     ORDER BY a.created_at DESC LIMIT 1
  ) l ON true
  LEFT JOIN ticket_fingerprints f ON f.ticket_id = t.id;

CREATE TABLE ticket_facts (
  ticket_id uuid PRIMARY KEY,
  created_day integer NOT NULL,
  closed_day integer,
  type text NOT NULL,
  channel text NOT NULL,
  category text,
  top_category text NOT NULL,
  lead_unit_id uuid,
  place_town text
);
-- the sample tickets of a hot issue (a category × town in a period)
CREATE INDEX ticket_facts_hot ON ticket_facts (category, place_town, created_day) WHERE category IS NOT NULL;

-- 数据看板 per Beijing day and one dimension at a time: dim 'all' (key ''; received by the day
-- registered, closed by the day closed), 'type', 'channel', 'category' (top level) and 'unit' (the
-- leading unit's id, '' when not dispatched), each counting tickets by the day registered.
CREATE TABLE dashboard_rollup (
  day integer NOT NULL,
  dim text NOT NULL,
  key text NOT NULL,
  received integer NOT NULL,
  closed integer NOT NULL,
  PRIMARY KEY (dim, day, key)
);

-- 热点诉求: tickets with a category per Beijing day registered × category × town ('' for none).
CREATE TABLE hot_rollup (
  day integer NOT NULL,
  category text NOT NULL,
  place_town text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (day, category, place_town)
);

-- The running clocks, small (open work) and read by due time: the live part of the scorecard and the
-- dashboard's "overdue now" (clocks_due leaves out the ones already marked overdue). It covers what
-- those read, so they need not visit the clocks themselves.
CREATE INDEX clocks_running ON clocks (due_at) INCLUDE (assignment_id, ticket_id, name, soon_at) WHERE status = 'running';

CREATE FUNCTION rollup_dirty_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN INSERT INTO rollup_dirty VALUES (OLD.ticket_id); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.ticket_id IS DISTINCT FROM OLD.ticket_id) THEN INSERT INTO rollup_dirty VALUES (NEW.ticket_id); END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION rollup_dirty_self() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN INSERT INTO rollup_dirty VALUES (OLD.id); ELSE INSERT INTO rollup_dirty VALUES (NEW.id); END IF;
  RETURN NULL;
END
$$;

-- Only changes to what is counted dirty a ticket (updated_at, the search index, sealing a phone do not).
CREATE TRIGGER rollup_tickets_insert AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION rollup_dirty_self();
CREATE TRIGGER rollup_tickets_update AFTER UPDATE ON tickets FOR EACH ROW
  WHEN (OLD.type IS DISTINCT FROM NEW.type OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.category IS DISTINCT FROM NEW.category
        OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
        OR (OLD.caller_phone IS NULL) <> (NEW.caller_phone IS NULL)
        OR OLD.satisfaction IS DISTINCT FROM NEW.satisfaction OR OLD.resolution IS DISTINCT FROM NEW.resolution
        OR OLD.appeal_status IS DISTINCT FROM NEW.appeal_status OR OLD.redo_count IS DISTINCT FROM NEW.redo_count
        OR OLD.supervision_count IS DISTINCT FROM NEW.supervision_count)
  EXECUTE FUNCTION rollup_dirty_self();
CREATE TRIGGER rollup_tickets_delete AFTER DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION rollup_dirty_self();

-- Shares: only 主办 not passed down count (assists and sub-dispatches do not).
CREATE TRIGGER rollup_assignments_insert AFTER INSERT ON assignments FOR EACH ROW
  WHEN (NEW.role = 'lead' AND NEW.parent_id IS NULL)
  EXECUTE FUNCTION rollup_dirty_ticket();
CREATE TRIGGER rollup_assignments_update AFTER UPDATE ON assignments FOR EACH ROW
  WHEN (((OLD.role = 'lead' AND OLD.parent_id IS NULL) OR (NEW.role = 'lead' AND NEW.parent_id IS NULL))
        AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.role IS DISTINCT FROM NEW.role
             OR OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.ticket_id IS DISTINCT FROM NEW.ticket_id
             OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.extension_count IS DISTINCT FROM NEW.extension_count
             OR OLD.replied_at IS DISTINCT FROM NEW.replied_at OR OLD.reply IS DISTINCT FROM NEW.reply))
  EXECUTE FUNCTION rollup_dirty_ticket();
CREATE TRIGGER rollup_assignments_delete AFTER DELETE ON assignments FOR EACH ROW
  WHEN (OLD.role = 'lead' AND OLD.parent_id IS NULL)
  EXECUTE FUNCTION rollup_dirty_ticket();

-- Clocks: a handle or sign clock counts once it stops met or late; a running one is read live.
CREATE TRIGGER rollup_clocks_insert AFTER INSERT ON clocks FOR EACH ROW
  WHEN (NEW.assignment_id IS NOT NULL AND NEW.name IN ('handle', 'sign') AND NEW.status IN ('met', 'overdue'))
  EXECUTE FUNCTION rollup_dirty_ticket();
CREATE TRIGGER rollup_clocks_update AFTER UPDATE ON clocks FOR EACH ROW
  WHEN ((OLD.status IS DISTINCT FROM NEW.status OR OLD.name IS DISTINCT FROM NEW.name
         OR OLD.assignment_id IS DISTINCT FROM NEW.assignment_id OR OLD.ticket_id IS DISTINCT FROM NEW.ticket_id)
        AND ((OLD.assignment_id IS NOT NULL AND OLD.name IN ('handle', 'sign')) OR (NEW.assignment_id IS NOT NULL AND NEW.name IN ('handle', 'sign'))))
  EXECUTE FUNCTION rollup_dirty_ticket();
CREATE TRIGGER rollup_clocks_delete AFTER DELETE ON clocks FOR EACH ROW
  WHEN (OLD.assignment_id IS NOT NULL AND OLD.name IN ('handle', 'sign') AND OLD.status IN ('met', 'overdue'))
  EXECUTE FUNCTION rollup_dirty_ticket();

-- The town of the hot issues comes from the repeat detector's fingerprint.
CREATE TRIGGER rollup_fingerprints_insert AFTER INSERT ON ticket_fingerprints FOR EACH ROW EXECUTE FUNCTION rollup_dirty_ticket();
CREATE TRIGGER rollup_fingerprints_update AFTER UPDATE ON ticket_fingerprints FOR EACH ROW
  WHEN (OLD.place_town IS DISTINCT FROM NEW.place_town OR OLD.ticket_id IS DISTINCT FROM NEW.ticket_id)
  EXECUTE FUNCTION rollup_dirty_ticket();
CREATE TRIGGER rollup_fingerprints_delete AFTER DELETE ON ticket_fingerprints FOR EACH ROW EXECUTE FUNCTION rollup_dirty_ticket();

-- The tickets already here are folded in by the first upkeep (the job at start, or the first read).
INSERT INTO rollup_dirty SELECT id FROM tickets;
