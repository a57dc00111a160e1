-- Calendar overrides uploaded by an admin: the year's official arrangement as soon as it is
-- published, or local extra days off. Applied on top of the files named in CALENDAR_FILES.
CREATE TABLE calendar_overrides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  content jsonb NOT NULL,
  uploaded_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
