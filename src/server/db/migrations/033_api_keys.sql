-- 系统账号与接口密钥 (issue 15 item 1): units' own systems and Open311 clients reach the platform with a
-- key instead of a browser session (重庆 第二十一条、凉山 第十八条 信息共享). A system account is a users row
-- of kind 'service' — so that what it does is recorded on the timeline and in the audit log like a
-- person's — that can never sign in (no password) and holds no role of its own: its keys' scopes decide.
ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'service'));

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES users(id),
  -- the public part of the key, for the lookup; the secret is kept only as its SHA-256
  prefix text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES users(id),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users(id),
  -- the key this one replaced (rotation)
  replaces uuid REFERENCES api_keys(id),
  last_used_at timestamptz,
  last_used_from text
);
CREATE INDEX api_keys_account ON api_keys (account_id);

-- Open311 GeoReport v2 (issue 15 item 3): what a request filed through /open311/v2 carries beside its
-- ticket (channel 'open311'): where it is, the photo's address, the token and which key filed it.
CREATE TABLE open311_requests (
  ticket_id uuid PRIMARY KEY REFERENCES tickets(id),
  token text NOT NULL UNIQUE,
  service_code text NOT NULL,
  lat double precision,
  long double precision,
  address_string text,
  media_url text,
  -- the filer's e-mail, sealed like callers' phones (src/server/privacy); never shown by Open311
  email text,
  key_id uuid NOT NULL REFERENCES api_keys(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX open311_requests_created ON open311_requests (created_at);
