-- 考核设置: the weights of the composite score and the categories left out of the satisfaction rate
-- (issue 12). One row; absent means the defaults of src/core/analytics/indicators.ts.
CREATE TABLE evaluation_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  settings jsonb NOT NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL
);

-- The scorecard reads shares by the day they were dispatched, and tickets by the day they closed.
CREATE INDEX assignments_lead_created ON assignments (created_at) WHERE role = 'lead' AND parent_id IS NULL;
CREATE INDEX tickets_closed ON tickets (closed_at) WHERE closed_at IS NOT NULL;
