-- 话务 (issue 14): call events from the center's telephone platform, one call record (CDR) per call,
-- agents' extensions for the screen pop, and agents' states over the day.

-- Which extension rings at which user's desk (admin sets it). One extension, one user.
CREATE TABLE agent_extensions (
  extension text PRIMARY KEY,
  user_id uuid NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  updated_at timestamptz NOT NULL
);

-- One row per call: folded from its events whatever order they came in (core/telephony/call-record.ts).
CREATE TABLE calls (
  call_id text PRIMARY KEY,
  -- the caller's number sealed like a ticket's (src/server/privacy), and its blind index
  caller_phone text,
  caller_phone_idx text,
  dialled text,
  queue text,
  extension text,
  agent_id uuid REFERENCES users(id) ON DELETE SET NULL,
  offered_at timestamptz,
  answered_at timestamptz,
  ended_at timestamptz,
  outcome text NOT NULL DEFAULT 'ringing' CHECK (outcome IN ('ringing', 'talking', 'answered', 'abandoned')),
  wait_seconds real,
  talk_seconds real,
  recording text,
  transfers jsonb NOT NULL DEFAULT '[]',
  conference boolean NOT NULL DEFAULT false,
  ticket_id uuid REFERENCES tickets(id) ON DELETE SET NULL,
  linked_by uuid REFERENCES users(id) ON DELETE SET NULL,
  linked_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX calls_offered ON calls (offered_at);
CREATE INDEX calls_ticket ON calls (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX calls_agent ON calls (agent_id, offered_at);

-- Each event once: by call and kind; a transfer or conference may happen more than once in a call,
-- so those are told apart by their time (occurrence). No caller's number here.
CREATE TABLE call_events (
  call_id text NOT NULL REFERENCES calls(call_id) ON DELETE CASCADE,
  kind text NOT NULL,
  occurrence text NOT NULL DEFAULT '',
  at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (call_id, kind, occurrence)
);

CREATE TABLE agent_states (
  extension text NOT NULL,
  state text NOT NULL,
  at timestamptz NOT NULL,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (extension, at)
);
