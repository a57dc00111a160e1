-- 监测预警 (issue 12): an alert when one matter at one place comes far more often than in the same
-- hours of earlier weeks (src/core/analytics/warning.ts), to be followed and acknowledged.
CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('surge')),
  category text NOT NULL,
  place_town text,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  count integer NOT NULL,
  expected real NOT NULL,
  p_value double precision NOT NULL,
  -- the earlier windows' counts and the rule, so the alert explains its numbers
  detail jsonb NOT NULL,
  raised_at timestamptz NOT NULL,
  acknowledged_by uuid REFERENCES users(id),
  acknowledged_by_name text,
  acknowledged_at timestamptz,
  note text
);
CREATE INDEX alerts_raised ON alerts (raised_at DESC);
CREATE INDEX alerts_open ON alerts (category, place_town, raised_at) WHERE acknowledged_at IS NULL;
