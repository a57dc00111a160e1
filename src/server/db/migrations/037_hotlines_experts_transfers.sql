-- 热线号码目录、专家座席与转接记录 (issue 14 items 3 and 7; issue 13).

-- The hotlines the center knows by number: 12345 itself, hotlines merged into it (整体并入: the number now
-- rings at 12345) or running beside it (双号并行, e.g. 12366, 12333), sub-centres (分中心) that answer
-- matters 12345 transfers to them (凉山 第六条（一）（三）, 邵阳 第七条), and the emergency lines
-- 110/119/120/122 with the linkage agreed with them (邵阳 第七条). A sub-centre or merged hotline is run by a
-- unit of the tree: that unit receives dispatch like any other and is evaluated like any other.
CREATE TABLE hotlines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('main', 'merged', 'parallel', 'subcentre', 'emergency')),
  unit_id uuid REFERENCES units(id),
  -- where the center's agents transfer a call to (a seat group or trunk), when not the number itself
  transfer_number text,
  -- {"aroundTheClock":true} or {"days":[1..7],"from":"HH:MM","to":"HH:MM"} (core/telephony/service-hours.ts)
  hours jsonb NOT NULL DEFAULT '{"aroundTheClock":true}',
  -- the linkage agreed with an emergency line or a sub-centre (联动机制), in words
  linkage text,
  note text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL
);

-- The numbers every deployment has; the administrator adds the local ones.
INSERT INTO hotlines (number, name, kind, linkage, created_at, updated_at) VALUES
  ('12345', '12345政务服务便民热线', 'main', NULL, now(), now()),
  ('110', '110 报警服务台', 'emergency', '涉及违法犯罪、治安、人身安全的紧急求助转 110；110 受理的非警务求助转 12345 登记办理', now(), now()),
  ('119', '119 火警', 'emergency', '火灾及抢险救援转 119', now(), now()),
  ('120', '120 急救', 'emergency', '医疗急救转 120', now(), now()),
  ('122', '122 交通事故报警', 'emergency', '交通事故转 122', now(), now());

-- 专家座席 (大足 第四条（五）, 凉山 第七条（五）, 邵阳 第六条（五）): experts a unit designates to answer
-- the hotline's harder questions, by a three-way call or a transfer.
CREATE TABLE expert_seats (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units(id),
  name text NOT NULL,
  title text,
  topics text[] NOT NULL DEFAULT '{}',
  extension text,
  phone text,
  hours jsonb NOT NULL DEFAULT '{"days":[1,2,3,4,5],"from":"09:00","to":"17:30"}',
  note text,
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL,
  CHECK (extension IS NOT NULL OR phone IS NOT NULL)
);
CREATE INDEX expert_seats_unit ON expert_seats (unit_id);
CREATE INDEX expert_seats_extension ON expert_seats (extension) WHERE extension IS NOT NULL;

-- The number the caller dialled, kept on the ticket from the call it came in on.
ALTER TABLE tickets ADD COLUMN dialled text;

-- 转接与三方通话 on a ticket (重庆 第十二条（一）三方通话、呼叫转接): recorded at the desk or reported
-- by the telephone platform (a `transferred` / `conference` event of a call linked to the ticket).
-- direction 'in': a matter handed to 12345 by another line (110 联动转入, 邵阳 第七条).
CREATE TABLE call_transfers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  call_id text REFERENCES calls(call_id) ON DELETE SET NULL,
  direction text NOT NULL DEFAULT 'out' CHECK (direction IN ('out', 'in')),
  mode text NOT NULL CHECK (mode IN ('transfer', 'conference')),
  target_kind text NOT NULL CHECK (target_kind IN ('expert', 'subcentre', 'merged', 'emergency', 'other')),
  target text NOT NULL,
  target_name text,
  expert_id uuid REFERENCES expert_seats(id) ON DELETE SET NULL,
  hotline_id uuid REFERENCES hotlines(id) ON DELETE SET NULL,
  outcome text CHECK (outcome IN ('connected', 'not_connected', 'answered', 'handed_over')),
  reference text,
  note text,
  source text NOT NULL CHECK (source IN ('desk', 'telephony')),
  at timestamptz NOT NULL,
  -- a platform event is kept once however often it is posted
  event_key text UNIQUE,
  recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX call_transfers_ticket ON call_transfers (ticket_id, at);
CREATE INDEX call_transfers_hotline ON call_transfers (hotline_id, at) WHERE hotline_id IS NOT NULL;
