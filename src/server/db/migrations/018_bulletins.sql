-- 通报 (issue 12, item 2): the monthly bulletin on the units' work, drafted from the scorecard by an
-- analyst, reviewed and published by a leader, read by every unit (重庆市办法 第二十四条 定期通报;
-- 邵阳市办法 第二十六条 每月…在全市进行通报, 第二十七条 考评; 凉山州办法 第二十一条 业务指标进行通报).
CREATE TABLE bulletins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- one 通报 per month
  month text NOT NULL UNIQUE CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'published')),
  -- each change adds one: a change made on a stale copy is refused (409)
  version integer NOT NULL DEFAULT 1,
  title text NOT NULL,
  body text NOT NULL,
  -- the figures it was generated from: ranking with 环比, 表扬 and 通报批评 lists, thresholds
  content jsonb NOT NULL,
  author_id uuid NOT NULL REFERENCES users(id),
  author_name text NOT NULL,
  -- why a leader sent it back (shown to the author until it is submitted again)
  return_reason text,
  -- every step: {action, by, byName, at, note}
  history jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  published_at timestamptz
);
CREATE INDEX bulletins_published ON bulletins (published_at DESC) WHERE status = 'published';

-- A published 通报 is what the units were told: never changed, never removed.
CREATE FUNCTION bulletins_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'a published bulletin cannot be changed';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER bulletins_published_final BEFORE UPDATE OR DELETE ON bulletins
  FOR EACH ROW EXECUTE FUNCTION bulletins_guard();

-- Who has opened a published 通报: the notice on a unit user's home stays until they have.
CREATE TABLE bulletin_reads (
  bulletin_id uuid NOT NULL REFERENCES bulletins(id),
  user_id uuid NOT NULL REFERENCES users(id),
  read_at timestamptz NOT NULL,
  PRIMARY KEY (bulletin_id, user_id)
);
