-- 本单位审核 (issue 13 item 5): whether a unit's replies wait for its reviewer before they leave it
-- (重庆 第六条（二）审核办理结果, 大足 第五条（二）把好政策关、保密关、来源关、文字关, 凉山 第七条（二）审核答复内容,
-- 邵阳 第六条（三）呈批). NULL: as the active preset's unitReview.default says; true/false: the unit's own choice.
ALTER TABLE units ADD COLUMN reply_review boolean;
-- The reply as the handler submitted it while it waits for the reviewer, or as the reviewer sent it
-- back (with the reason the handler reads): { state: 'pending'|'returned', draft, submittedBy, ... }.
ALTER TABLE assignments ADD COLUMN reply_review jsonb;

-- 专题协调 (issue 13 item 4; 凉山 第十一条（三）, 邵阳 第十九条, 重庆 第十二条（二）2): a meeting on one
-- ticket, recorded by the lead unit or the center: who took part, when, what was decided.
CREATE TABLE coordinations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  held_on date NOT NULL,
  participants uuid[] NOT NULL,
  decisions text NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_unit_id uuid NOT NULL REFERENCES units(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX coordinations_ticket ON coordinations (ticket_id);

-- Its follow-up dates: each in its creator's 待我审批 from that day until marked done.
CREATE TABLE coordination_follow_ups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  coordination_id uuid NOT NULL REFERENCES coordinations(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  due_on date NOT NULL,
  note text NOT NULL,
  done_at timestamptz,
  done_by uuid REFERENCES users(id),
  done_note text
);
CREATE INDEX coordination_follow_ups_open ON coordination_follow_ups (due_on) WHERE done_at IS NULL;
