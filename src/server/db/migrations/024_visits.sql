-- 回访 as the regulations write them (issue 13 item 7).
--
-- visit_attempts: tries to reach the caller for the visit now due (邵阳 第十四条（二）: not fewer than 3,
--   then the visit may be closed as 联系不上); each try is also an event on the timeline.
-- sms_visit: the SMS visit sent to the caller and the reply the gateway brought back (凉山 第十三条（一）
--   短信回访): {"sentAt", "reply", "repliedAt", "parsed"}; the reply's text stays here, for the center.
-- exempt_kind: 行政调解类、执法办案类 (重庆 第十四条, 凉山 第十三条（三）, 邵阳 第二十五条, 四川 五（二）): a
--   ticket the center marked so is left out of the satisfaction rate, like an exempt category.
ALTER TABLE tickets ADD COLUMN visit_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sms_visit jsonb;
ALTER TABLE tickets ADD COLUMN exempt_kind text;

-- the gateway's reply finds the ticket waiting for it by the caller's phone (its blind index)
CREATE INDEX tickets_sms_visit_waiting ON tickets (caller_phone_idx) WHERE sms_visit IS NOT NULL AND status IN ('visiting', 'answered');

-- The share facts leave a marked ticket's visit out of rated and satisfied (counts.ts does the same).
CREATE OR REPLACE VIEW share_facts_source AS
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
       t.satisfaction IS NOT NULL AND t.exempt_kind IS NULL AND NOT (t.satisfaction = 'dissatisfied' AND t.appeal_status IS NOT DISTINCT FROM 'approved') AS rated,
       COALESCE(t.satisfaction IN ('satisfied', 'basic'), false) AND t.exempt_kind IS NULL AS satisfied,
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


-- marking or unmarking a ticket changes what it counts (the trigger of 017 watches other fields)
CREATE TRIGGER rollup_tickets_exempt AFTER UPDATE ON tickets FOR EACH ROW
  WHEN (OLD.exempt_kind IS DISTINCT FROM NEW.exempt_kind)
  EXECUTE FUNCTION rollup_dirty_self();
