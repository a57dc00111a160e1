-- Tamper-evident audit log (GB/T 22239-2019 等保 2.0 第三级：安全审计). Rows are written in the same
-- transaction as what they record, without a hash; the chainer (src/server/audit/chain.ts) then gives
-- each committed row its place in one linear chain: seq, prev_hash and hash = H(prev_hash, record).
-- Timeline (events) and access_log rows are covered by the digest of the row each record carries.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text,
  actor_unit_id uuid,
  actor_unit_name text,
  client_address text,
  action text NOT NULL,
  object_type text,
  object_id text,
  ticket_id uuid,
  detail jsonb NOT NULL DEFAULT '{}',
  -- the row of another table this record covers ('events' | 'access_log'), with its digest
  row_table text,
  row_id bigint,
  row_digest text,
  -- filled once by the chainer
  seq bigint UNIQUE,
  prev_hash text,
  hash text
);
-- Few indexes: every record is written twice (inserted, then linked). The security officer's searches
-- go by time or by ticket; verification reads everything anyway.
CREATE INDEX audit_log_unchained ON audit_log (id) WHERE seq IS NULL;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_ticket ON audit_log (ticket_id, at) WHERE ticket_id IS NOT NULL;

-- Append-only: a chained row never changes, and no row younger than 180 days is deleted (等保第三级：
-- 审计记录保存不少于六个月). Someone with the database owner's rights can drop these triggers: that
-- is what the chain and the seals are for.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.at > now() - interval '180 days' THEN
      RAISE EXCEPTION 'audit_log rows younger than 180 days cannot be deleted';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.seq IS NOT NULL OR NEW.seq IS NULL
     OR (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash') <> (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash') THEN
    RAISE EXCEPTION 'audit_log is append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();

-- The first record: where coverage of the timeline and the access log starts (rows before it predate
-- the audit log and are not checked).
INSERT INTO audit_log (at, actor_name, action, object_type, detail)
VALUES (now(), '系统', 'audit.start', 'audit',
        jsonb_build_object('eventsFrom', (SELECT coalesce(max(id), 0) FROM events),
                           'accessFrom', (SELECT coalesce(max(id), 0) FROM access_log)));

-- The security officer (安全审计员) role is added to users.roles in code; nothing to migrate.
