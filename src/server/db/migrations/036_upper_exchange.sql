-- 上级平台交换 (issue 15 item 4): orders passed down by the national and provincial platforms (国务院
-- “互联网+督查”, 省 12345 平台) and what the hotline reports back — 凉山 第五条（三）办理上级热线平台交办的诉求事项，
-- 并及时反馈办理情况; 凉山 第八条（二）, 重庆 第八条（二）.
CREATE TABLE exchange_orders (
  ticket_id uuid PRIMARY KEY REFERENCES tickets(id),
  -- the platform as configured (EXCHANGE_PLATFORMS) and its own number for the order
  platform text NOT NULL,
  external_id text NOT NULL,
  -- the upper platform's deadline: the handling clocks are held to it where it is earlier than the preset's
  deadline timestamptz,
  instructions text,
  received_at timestamptz NOT NULL,
  key_id uuid REFERENCES api_keys(id),
  -- the last timeline event the reports back have considered (src/core/exchange/plan.ts)
  reported_event_id bigint NOT NULL DEFAULT 0,
  UNIQUE (platform, external_id)
);

-- One report back (受理/进展/办结), carried by its outbox row (channel 'exchange') and sent by
-- src/server/integration/exchange/deliver.ts until the platform acknowledges it, with back-off.
CREATE TABLE exchange_deliveries (
  id bigserial PRIMARY KEY,
  outbox_id bigint NOT NULL UNIQUE REFERENCES outbox(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  platform text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('acceptance', 'progress', 'result')),
  -- the report in the platform-neutral shape (adapter.ts: UpperReport); the adapter writes the wire form
  report jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  acknowledged_at timestamptz,
  receipt text
);
CREATE INDEX exchange_deliveries_pending ON exchange_deliveries (next_attempt_at) WHERE acknowledged_at IS NULL;
CREATE INDEX exchange_deliveries_ticket ON exchange_deliveries (ticket_id, id);
CREATE INDEX exchange_deliveries_created ON exchange_deliveries (created_at DESC);
