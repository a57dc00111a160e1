-- Webhooks out (issue 15 item 2): ticket events pushed in real time to units' own systems
-- (重庆 第二十一条, 凉山 第十八条, 邵阳 第五条（五） 信息共享). See src/server/integration/webhooks.

-- A receiving system: its address, the kinds of event it wants and the unit whose subtree (and
-- whose view of the caller) bounds what it receives. Its deliveries read tickets as its service
-- account (users.kind = 'service'), so every read of personal data is audited like a person's.
CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  url text NOT NULL,
  unit_id uuid NOT NULL REFERENCES units(id),
  account_id uuid NOT NULL REFERENCES users(id),
  kinds text[] NOT NULL,
  -- the signing secret, sealed by the vault (src/server/privacy): it must be read to sign
  secret text NOT NULL,
  secret_label text NOT NULL,
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
  paused_at timestamptz,
  paused_reason text,
  paused_by_name text,
  auto_paused boolean NOT NULL DEFAULT false,
  consecutive_failures integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL
);

-- The outbox of ticket events to fan out, written by triggers in the same transaction as the event
-- (or the status change to closed), and only while some subscription exists: nothing is lost if the
-- sender is down, and a deployment without webhooks pays one tiny lookup per event.
CREATE TABLE webhook_queue (
  id bigserial PRIMARY KEY,
  event_id bigint NOT NULL,
  ticket_id uuid NOT NULL,
  -- set for a status change (closed); else the kind follows from the event's action
  kind text
);

CREATE FUNCTION webhook_queue_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM webhook_subscriptions) THEN
    INSERT INTO webhook_queue (event_id, ticket_id) VALUES (NEW.id, NEW.ticket_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER webhook_queue_event AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION webhook_queue_event();

-- a ticket closed: the event that closed it was appended earlier in the same transaction
CREATE FUNCTION webhook_queue_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM webhook_subscriptions) THEN
    INSERT INTO webhook_queue (event_id, ticket_id, kind)
      SELECT max(id), NEW.id, 'closed' FROM events WHERE ticket_id = NEW.id HAVING max(id) IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER webhook_queue_closed AFTER UPDATE OF status ON tickets FOR EACH ROW
  WHEN (NEW.status = 'closed' AND OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION webhook_queue_closed();

-- One event for one subscription: the body (sealed: a center's subscription sees the caller) is
-- kept as first built, so every retry and replay sends the same bytes under the same delivery id.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id),
  event_id bigint,
  ticket_id uuid REFERENCES tickets(id),
  kind text NOT NULL,
  body text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  last_status integer,
  last_error text
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at DESC);

-- The delivery log: every try, scheduled or replayed by an administrator.
CREATE TABLE webhook_attempts (
  id bigserial PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id),
  attempt integer NOT NULL,
  at timestamptz NOT NULL,
  ok boolean NOT NULL,
  status integer,
  duration_ms integer NOT NULL,
  error text,
  replay_by_name text
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
