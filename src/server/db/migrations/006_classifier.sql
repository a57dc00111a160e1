-- Trained request classifiers (智能分类). The model is the compact binary of
-- src/core/classify/codec.ts (hashed features, 16-bit weights), gzip-compressed. Exactly one model
-- is active at a time; the newest trained one becomes active unless an admin picks another.
CREATE TABLE classifier_models (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- where the training texts came from: 'tickets', 'file' or 'demo'
  source text NOT NULL,
  trained_on integer NOT NULL,
  labels text[] NOT NULL,
  -- figures measured at training time: held-out macro-F1 and accuracy, seconds, confidence temperature
  metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- closed tickets seen when training from tickets: the retraining job compares against it
  closed_tickets integer,
  model bytea NOT NULL,
  active boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX classifier_models_one_active ON classifier_models (active) WHERE active;
CREATE INDEX classifier_models_created ON classifier_models (created_at DESC);

-- The retraining job's schedule, one row: an instance claims a run by moving started_at in one
-- UPDATE, so with several instances on one PostgreSQL each run happens exactly once.
CREATE TABLE classifier_schedule (
  id integer PRIMARY KEY CHECK (id = 1),
  started_at timestamptz,
  last_run_at timestamptz
);
INSERT INTO classifier_schedule (id) VALUES (1);
