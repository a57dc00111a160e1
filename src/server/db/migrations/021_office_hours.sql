-- 办公时段 (issue 13): the office hours working-hour clocks run in (凉山 第十二条（一）: 派单 within 3
-- working hours), set by an administrator. One row; absent means OFFICE_HOURS_FILE or the built-in
-- 08:30-12:00, 14:00-17:30.
CREATE TABLE office_hours (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  config jsonb NOT NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL
);
