-- 派单目录 (routing table) and the suggestions shown to dispatchers, kept to measure dispatch
-- accuracy (派单准确率, SY 第二十二条).

CREATE TABLE routing_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category text NOT NULL,
  region_code text,
  unit_id uuid REFERENCES units(id),
  unit_kind text CHECK (unit_kind IN ('district', 'department', 'street', 'community', 'enterprise')),
  duty text,
  note text,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- a line names one unit, or a kind of unit responsible for the place
  CHECK ((unit_id IS NULL) <> (unit_kind IS NULL))
);
CREATE INDEX routing_rules_category ON routing_rules (category);

-- The first suggestions a ticket got, as the dispatcher saw them: accuracy compares the first
-- dispatch with these, not with suggestions recomputed later.
CREATE TABLE dispatch_suggestions (
  ticket_id uuid PRIMARY KEY REFERENCES tickets(id),
  unit_ids uuid[] NOT NULL,
  detail jsonb NOT NULL,
  model_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
