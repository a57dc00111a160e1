-- open12345 schema, version 1. Runs unchanged on PostgreSQL ≥ 13 and on PGlite.

CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES units(id),
  -- '/<root id>/…/<own id>/': a unit's subtree is every path that starts with its own.
  path text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('center', 'district', 'department', 'street', 'community', 'enterprise')),
  region_code text,
  responsibilities text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_path ON units (path text_pattern_ops);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  unit_id uuid NOT NULL REFERENCES units(id),
  roles text[] NOT NULL,
  password_hash text NOT NULL,
  -- true while the account still has a password handed out by the system (demo or reset)
  default_password boolean NOT NULL DEFAULT false,
  phone text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE login_failures (
  username text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_user ON login_failures (username, at);

CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  status text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  channel text NOT NULL,
  type text NOT NULL,
  urgency text NOT NULL DEFAULT 'normal',
  title text,
  content text NOT NULL,
  category text,
  address text,
  caller_name text,
  caller_phone text,
  anonymous boolean NOT NULL DEFAULT false,
  confidential boolean NOT NULL DEFAULT false,
  -- the unit a complaint or report is about: it never sees the caller (SY 第二十三条, LS 第二十条)
  subject_unit_id uuid REFERENCES units(id),
  complex boolean NOT NULL DEFAULT false,
  repeat_of uuid REFERENCES tickets(id),
  idempotency_key text UNIQUE,
  query_code text,
  outcome jsonb,
  satisfaction text,
  resolution text,
  closure text,
  appeal_status text,
  redo_count integer NOT NULL DEFAULT 0,
  supervision_count integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE INDEX tickets_status ON tickets (status, created_at DESC);
CREATE INDEX tickets_created ON tickets (created_at DESC);
CREATE INDEX tickets_caller_phone ON tickets (caller_phone);

CREATE TABLE assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  unit_id uuid NOT NULL REFERENCES units(id),
  parent_id uuid REFERENCES assignments(id),
  role text NOT NULL CHECK (role IN ('lead', 'assist', 'joint')),
  status text NOT NULL,
  -- the status to go back to when a return is refused
  status_before_return text,
  signed_at timestamptz,
  replied_at timestamptz,
  reply jsonb,
  extension_count integer NOT NULL DEFAULT 0,
  pending_extension jsonb,
  pending_return jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assignments_ticket ON assignments (ticket_id);
CREATE INDEX assignments_unit ON assignments (unit_id, status);

-- Every clock of a ticket or of one unit's assignment, one row each; the clock watcher reads the
-- running ones by due time through the partial indexes.
CREATE TABLE clocks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  assignment_id uuid REFERENCES assignments(id),
  name text NOT NULL,
  started_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  soon_at timestamptz,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'met', 'overdue', 'stopped')),
  overdue boolean NOT NULL DEFAULT false,
  soon_notified boolean NOT NULL DEFAULT false,
  stopped_at timestamptz,
  rule text NOT NULL,
  basis text NOT NULL,
  provisional boolean NOT NULL DEFAULT false,
  explicit boolean NOT NULL DEFAULT false
);
CREATE INDEX clocks_ticket ON clocks (ticket_id);
CREATE INDEX clocks_assignment ON clocks (assignment_id, name);
CREATE INDEX clocks_due ON clocks (due_at) WHERE status = 'running' AND NOT overdue;
CREATE INDEX clocks_soon ON clocks (soon_at) WHERE status = 'running' AND NOT soon_notified;

-- The timeline: every action appended in the same transaction that changes the ticket.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  assignment_id uuid REFERENCES assignments(id),
  action text NOT NULL,
  actor_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  actor_unit_id uuid REFERENCES units(id),
  at timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_ticket ON events (ticket_id, id);

-- Notifications to send (SMS and others), written in the same transaction as the event.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  recipient text,
  unit_id uuid REFERENCES units(id),
  ticket_id uuid REFERENCES tickets(id),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;

-- Every read of personal data by a unit, and every reveal of a phone number.
CREATE TABLE access_log (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  unit_id uuid NOT NULL REFERENCES units(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  what text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_log_ticket ON access_log (ticket_id);

CREATE TABLE attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid REFERENCES tickets(id),
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  uploaded_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
