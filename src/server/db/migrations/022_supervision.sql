-- 督办事项延期 (邵阳 第二十四条: 可申请延期一次，延长时限不得超过10个工作日): a unit's pending request
-- on its share and the number granted, apart from the handling extension (extension_count).
ALTER TABLE assignments ADD COLUMN pending_supervision_extension jsonb;
ALTER TABLE assignments ADD COLUMN supervision_extension_count integer NOT NULL DEFAULT 0;

-- Every supervision rule that fired, once per matter (rule + matter is unique, so several server
-- instances never fire one twice): the preset's supervisionTriggers (邵阳 第二十四条, 凉山 第二十二条,
-- 重庆 第十五条) and the escalation of a failed supervision (邵阳 第二十四条, 大足 第七条). A proposal waits
-- in the supervisor's 待我审批 (status 'pending') until accepted or dismissed; what the platform did by
-- itself is 'done'.
CREATE TABLE supervision_triggers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rule text NOT NULL,
  matter text NOT NULL,
  ticket_id uuid REFERENCES tickets(id),
  kb_entry_id uuid REFERENCES kb_entries(id),
  unit_id uuid REFERENCES units(id),
  action text NOT NULL CHECK (action IN ('supervise', 'remind', 'escalate')),
  label text NOT NULL,
  reason text NOT NULL,
  basis text NOT NULL,
  means text[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('done', 'pending', 'accepted', 'dismissed')),
  fired_at timestamptz NOT NULL,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  note text,
  UNIQUE (rule, matter)
);
CREATE INDEX supervision_triggers_pending ON supervision_triggers (fired_at) WHERE status = 'pending';
CREATE INDEX supervision_triggers_ticket ON supervision_triggers (ticket_id) WHERE ticket_id IS NOT NULL;
