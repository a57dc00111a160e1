-- Login protection, hashed sessions, forced password change, TOTP (issue 10: 登录).

-- One counter row per client address ('address:<ip>') and per account ('account:<username>').
-- Each login attempt reserves its check with one INSERT … ON CONFLICT DO UPDATE on these rows, so
-- parallel guesses cannot all read "no failures yet" and be checked (the old login_failures count
-- was read before the check, without a lock).
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  last_failure_at timestamptz NOT NULL,
  -- address rows: the attacker's address waits (progressive delay) until then
  next_attempt_at timestamptz,
  -- account rows: distinct addresses that failed, so one address alone can never lock the account
  addresses text[] NOT NULL DEFAULT '{}',
  -- account rows: the last-resort lock (failures from several addresses); an admin can lift it
  locked_until timestamptz
);
CREATE INDEX login_throttle_last ON login_throttle (last_failure_at);
DROP TABLE login_failures;

-- Session ids are kept as the SHA-256 (hex) of the cookie value: a copy of the table opens nothing.
UPDATE sessions SET id = encode(sha256(convert_to(id, 'UTF8')), 'hex');
-- 'totp': password checked, the second factor not yet; such a session opens nothing but the code step.
ALTER TABLE sessions ADD COLUMN stage text NOT NULL DEFAULT 'active' CHECK (stage IN ('active', 'totp'));
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Accounts seeded for the embedded demo: their demo password is not forced to change while the
-- server runs as the demo (it is as soon as it runs in production or on PostgreSQL). Before this
-- migration only the demo seed set default_password.
ALTER TABLE users ADD COLUMN demo_account boolean NOT NULL DEFAULT false;
UPDATE users SET demo_account = true WHERE default_password;

-- TOTP second factor (RFC 6238): the confirmed secret, one being enrolled, and the last time step
-- accepted (a code is never accepted twice).
ALTER TABLE users ADD COLUMN totp_secret text;
ALTER TABLE users ADD COLUMN totp_pending_secret text;
ALTER TABLE users ADD COLUMN totp_last_step integer;
