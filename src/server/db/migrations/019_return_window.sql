-- A 退单 window that passed was marked overdue (and, once the share was replied, kept status
-- 'overdue'), so boards and lists counted most shares of a preset with a return window as late.
-- A window lapses instead (src/core/vocabulary.ts WINDOW_CLOCKS); mend the rows written before.
UPDATE clocks SET status = 'stopped', overdue = false, stopped_at = COALESCE(stopped_at, due_at)
 WHERE name = 'return' AND (status = 'overdue' OR overdue);
