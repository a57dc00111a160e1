-- 预设按单位子树 (issue 13 item 10): a unit may follow a regulation of its own, and every unit below it
-- with it, unless one of those names another — 大足区 under 重庆: dazu-2021 (大足府办发〔2021〕45号) is the
-- district's own reading of chongqing-2021 (渝府办发〔2021〕8号) with shorter limits. NULL: as the unit above
-- it; nothing set on the path: the deployment's default (POLICY). Set by an admin (系统管理 · 单位).
ALTER TABLE units ADD COLUMN preset text;
CREATE INDEX units_preset ON units (id) WHERE preset IS NOT NULL;

-- The preset a clock was started under, so the watcher acts on it (reminders, deemed signing, escalation)
-- by the rules it started with even if the unit's preset changes later. NULL (clocks from before): the
-- share's unit's preset, or the default for the ticket's own clocks.
ALTER TABLE clocks ADD COLUMN preset text;
