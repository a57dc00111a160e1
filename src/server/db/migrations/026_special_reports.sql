-- 特殊事项、特殊紧急事项 (issue 13, 凉山 第十二条（四）): the report the hotline owes the office the preset
-- names the moment such a ticket is registered is also an alert on the center's boards, followed and
-- acknowledged like a surge or a burst; it stands on its one ticket.
ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check CHECK (kind IN ('surge', 'burst', 'special'));
