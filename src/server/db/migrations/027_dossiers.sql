-- 整理归档 (issue 13 item 9, 重庆 第十六条: 真实、清晰、完整): at archiving the whole record — the ticket, its shares,
-- clocks, timeline, replies, visits and the hashes of its attachments — is frozen as one document, sealed like
-- every other piece of personal data, with the SHA-256 of its text. The PDF and the zip are made from it, so what
-- a download shows is what was archived. Neither the document nor its hash can change afterwards.
CREATE TABLE ticket_dossiers (
  ticket_id uuid PRIMARY KEY REFERENCES tickets(id),
  archived_at timestamptz NOT NULL,
  archived_by uuid REFERENCES users(id),
  archived_by_name text NOT NULL,
  snapshot text NOT NULL,
  sha256 text NOT NULL
);

CREATE FUNCTION ticket_dossiers_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '归档案卷不可修改或删除（工单 %）', OLD.ticket_id;
END $$;

CREATE TRIGGER ticket_dossiers_frozen BEFORE UPDATE OR DELETE ON ticket_dossiers
  FOR EACH ROW EXECUTE FUNCTION ticket_dossiers_frozen();
