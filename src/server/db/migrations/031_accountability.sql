-- 问责建议 (大足 第十条): a supervision rule may propose accountability, which the center decides.
ALTER TABLE supervision_triggers DROP CONSTRAINT supervision_triggers_action_check;
ALTER TABLE supervision_triggers ADD CONSTRAINT supervision_triggers_action_check
  CHECK (action IN ('supervise', 'remind', 'escalate', 'accountability'));
