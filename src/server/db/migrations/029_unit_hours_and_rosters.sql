-- A unit's own hours (issue 13 item 2): NULL keeps the deployment's office hours; otherwise
-- {"mode":"aroundTheClock"} for a 24-hour unit (邵阳 第二十条 24小时响应制度) or
-- {"mode":"own","hours":{"schedules":[...]}} (core/calendar/unit-hours.ts).
ALTER TABLE units ADD COLUMN own_hours jsonb;

-- 值班表 (issue 13 item 12): who of a unit is on duty when, and how to reach them (邵阳 第二十七条
-- 24小时值班表, 大足 第十条（二）值班制度); leaders' days answering at the hotline (邵阳 第八条 领导接听日,
-- 大足 第八条 领导12345热线值守, 重庆 第六条（三）负责人参加在线接听) and unit heads' rota at the hotline
-- (邵阳 第八条 部门负责人轮值日, 重庆 第六条（一）驻场轮值) as entries of their own kind.
CREATE TABLE duty_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units(id),
  kind text NOT NULL CHECK (kind IN ('duty', 'leader', 'rota')),
  person_name text NOT NULL,
  title text,
  phone text,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  note text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL
);
CREATE INDEX duty_entries_unit ON duty_entries (unit_id, starts_at);
-- "on duty now" and "today": entries still running at an instant
CREATE INDEX duty_entries_ends ON duty_entries (ends_at, starts_at);
