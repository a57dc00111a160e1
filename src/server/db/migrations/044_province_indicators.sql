-- 省市两级数据通道 (issue 15 item 5; 四川 (sichuan-2021) 二 打通省、市数据通道, 四（三） 跨层级的数据应用, 六（二） 对问题解决率、
-- 满意率等指标进行综合分析评价): each city's open12345 pushes its rolled-up indicators and hot issues of a month to
-- the province's; the province shows the cities side by side. Never a caller's data: counts, rates, categories
-- and places only (src/core/exchange/indicators.ts is the whole of what may be sent).

-- On the city: one push of one month to the province (EXCHANGE_PEERS, level "province"), retried with back-off
-- until the province takes it. A newer push of the same month supersedes one still waiting.
CREATE TABLE province_pushes (
  id bigserial PRIMARY KEY,
  peer text NOT NULL,
  period text NOT NULL,
  complete boolean NOT NULL,
  message_id text NOT NULL UNIQUE,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  -- who asked for it (上报 on demand from the page), or null for the schedule
  requested_by_name text,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acknowledged', 'superseded', 'stopped')),
  attempts integer NOT NULL DEFAULT 0,
  -- 4xx answers in a row: the province refuses this push as it is (exchange/failures.ts)
  refusals integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  acknowledged_at timestamptz,
  receipt text,
  stopped_reason text
);
CREATE INDEX province_pushes_due ON province_pushes (next_attempt_at) WHERE state = 'pending';
CREATE INDEX province_pushes_period ON province_pushes (peer, period, created_at DESC);

-- On the province: the latest report of each city and month (idempotent by city + month; a newer one replaces).
CREATE TABLE province_reports (
  peer text NOT NULL,
  period text NOT NULL,
  message_id text NOT NULL,
  generated_at timestamptz NOT NULL,
  through text NOT NULL,
  complete boolean NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  received_by uuid NOT NULL REFERENCES users(id),
  -- how many earlier reports of the month this one replaced
  versions integer NOT NULL DEFAULT 1,
  PRIMARY KEY (peer, period)
);

-- On the province: the system account whose keys report for each city — the first that did. Another
-- account's key is refused for that city (a key meant for one city cannot overwrite another's figures);
-- rotating the key keeps the account.
CREATE TABLE province_cities (
  peer text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES users(id),
  bound_at timestamptz NOT NULL
);

-- 交换失败告警 (issue 15): an upper platform or peer that keeps failing is paused, as a failing webhook is, and
-- a delivery it keeps refusing (4xx) is stopped — both told to the administrator — rather than retried forever.
-- target: 'platform:<EXCHANGE_PLATFORMS id>' (reports back) or 'peer:<EXCHANGE_PEERS id>' (orders, indicators).
CREATE TABLE exchange_targets (
  target text PRIMARY KEY,
  consecutive_failures integer NOT NULL DEFAULT 0,
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
  paused_at timestamptz,
  paused_reason text,
  resumed_at timestamptz,
  resumed_by_name text
);

ALTER TABLE exchange_deliveries ADD COLUMN refusals integer NOT NULL DEFAULT 0;
ALTER TABLE exchange_deliveries ADD COLUMN stopped_at timestamptz;
ALTER TABLE exchange_deliveries ADD COLUMN stopped_reason text;
CREATE INDEX exchange_deliveries_stopped ON exchange_deliveries (stopped_at) WHERE stopped_at IS NOT NULL AND acknowledged_at IS NULL;
