-- 回拨来电人 through the telephone platform (issue 14 item 3): a call the platform places for a ticket is
-- a call record too, direction 'out', linked to the ticket from the start; the platform's events for it
-- (answered, ended … by the call id the dialer returned) complete it like any other. 话务统计 and 坐席测算
-- count calls in only: 接通率 is the callers' (凉山 第十条).
ALTER TABLE calls ADD COLUMN IF NOT EXISTS direction text NOT NULL DEFAULT 'in' CHECK (direction IN ('in', 'out'));

-- 短信送达回执 (issue 14 item 6): the gateway's id of each message it took (returned by the send), and
-- what its delivery reports say, folded (core/visit/sms-delivery.ts: delivered wins, else the latest
-- failure). Reports are kept as received, once each, also before the send that gets their id is
-- recorded: the send folds them in then. No number here.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS gateway_id text;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS delivery text CHECK (delivery IN ('delivered', 'failed'));
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS delivery_code text;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS delivery_at timestamptz;
CREATE INDEX IF NOT EXISTS outbox_gateway ON outbox (gateway_id) WHERE gateway_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS sms_delivery_reports (
  message_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('delivered', 'failed')),
  at timestamptz NOT NULL,
  code text,
  -- the gateway's words, numbers in them masked before they are kept
  description text,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (message_id, status, at)
);
