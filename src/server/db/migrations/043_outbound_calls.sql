-- 回拨来电人 through the telephone platform (issue 14 item 3): a call the platform places for a ticket is
-- a call record too, direction 'out', linked to the ticket from the start; the platform's events for it
-- (answered, ended … by the call id the dialer returned) complete it like any other. 话务统计 and 坐席测算
-- count calls in only: 接通率 is the callers' (凉山 第十条).
ALTER TABLE calls ADD COLUMN IF NOT EXISTS direction text NOT NULL DEFAULT 'in' CHECK (direction IN ('in', 'out'));
