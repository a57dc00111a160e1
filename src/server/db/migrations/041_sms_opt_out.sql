-- 短信退订 (issue 14 item 6): a caller who answers an SMS with TD (退订) gets no more texts from the
-- hotline — no receipts, no SMS visits; the visitor calls instead. Kept by the phone's blind index
-- (never the number). Each ticket carries the caller's choice, so the actions offered on it (an SMS
-- visit) follow it without another lookup; a trigger sets it for new tickets.
CREATE TABLE IF NOT EXISTS sms_opt_outs (
  phone_idx text PRIMARY KEY,
  at timestamptz NOT NULL
);
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS sms_opted_out boolean NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION tickets_sms_opted_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.caller_phone_idx IS NOT NULL THEN
    NEW.sms_opted_out := EXISTS (SELECT 1 FROM sms_opt_outs o WHERE o.phone_idx = NEW.caller_phone_idx);
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS tickets_sms_opted_out ON tickets;
CREATE TRIGGER tickets_sms_opted_out BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_sms_opted_out();
