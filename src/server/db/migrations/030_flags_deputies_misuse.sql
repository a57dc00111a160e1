-- 工单标记、代表委员库、恶意来电标记 (issue 13 item 12).
--
-- deputies: the register of 人大代表 (and 政协委员) whose requests are followed apart (邵阳 第十八条: 人大代表
--   基本信息库). Name and phone are personal data: stored sealed like a caller's (src/server/privacy), the phone
--   also as its blind index, to recognise a deputy's call at registration.
CREATE TABLE deputies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  body text NOT NULL CHECK (body IN ('npc', 'cppcc')),
  level text NOT NULL CHECK (level IN ('national', 'provincial', 'city', 'county', 'township')),
  term text,
  delegation text,
  phone text,
  phone_idx text,
  note text,
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- one serving deputy per phone: registration matches a call to exactly one
CREATE UNIQUE INDEX deputies_phone_active ON deputies (phone_idx) WHERE active AND phone_idx IS NOT NULL;

-- the flags of a ticket (src/core/flags/ticket-flags.ts): 涉企诉求 {name, creditCode}, 国办工单 {number},
-- 领导批示件 {by, text, on}, and the deputy whose request it is (邵阳 第十八条, 第二十七条; 重庆 第八条（二）)
ALTER TABLE tickets ADD COLUMN enterprise jsonb;
ALTER TABLE tickets ADD COLUMN national jsonb;
ALTER TABLE tickets ADD COLUMN leader_instruction jsonb;
ALTER TABLE tickets ADD COLUMN deputy_id uuid REFERENCES deputies(id);
-- few tickets carry a flag: the lists and reports filtered by one read this small index
CREATE INDEX tickets_flagged ON tickets (created_at)
  WHERE enterprise IS NOT NULL OR national IS NOT NULL OR leader_instruction IS NOT NULL OR deputy_id IS NOT NULL;
CREATE INDEX tickets_deputy ON tickets (deputy_id, created_at) WHERE deputy_id IS NOT NULL;

-- misuse_marks: a caller's number marked as 恶意/骚扰来电 (重庆 第二十六条, 凉山 第二十四条, 邵阳 第二十九条):
--   proposed by one person, approved or rejected by a second, in force until expires_at (the app's clock
--   decides, never the database's), revocable, with the referrals to 公安机关/司法机关 it led to. The phone
--   is sealed and found by its blind index; the marks warn the agent and never refuse a call.
CREATE TABLE misuse_marks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  phone text NOT NULL,
  phone_idx text NOT NULL,
  kind text NOT NULL,
  reason text NOT NULL,
  ticket_id uuid REFERENCES tickets(id),
  status text NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected', 'revoked')),
  proposed_by uuid REFERENCES users(id),
  proposed_by_name text NOT NULL,
  proposed_at timestamptz NOT NULL,
  reviewed_by uuid REFERENCES users(id),
  reviewed_by_name text,
  reviewed_at timestamptz,
  review_note text,
  expires_at timestamptz,
  revoked_by_name text,
  revoked_at timestamptz,
  revoke_reason text,
  referrals jsonb NOT NULL DEFAULT '[]',
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX misuse_marks_phone ON misuse_marks (phone_idx, proposed_at DESC);
CREATE INDEX misuse_marks_status ON misuse_marks (status, proposed_at DESC);
-- one proposal waiting per number
CREATE UNIQUE INDEX misuse_marks_one_proposed ON misuse_marks (phone_idx) WHERE status = 'proposed';
