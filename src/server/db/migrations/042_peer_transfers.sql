-- 转办至其他平台 (issue 15 item 5): a ticket transferred from this open12345 to another (市 ↔ 区县,
-- 重庆 ↔ 四川 川渝通办) — 重庆 第八条（二）; 四川 (sichuan-2021) 二、四（一） (川渝两地 12345 热线联动机制). The order goes out through the
-- exchange's outbox and deliveries (kind 'order'); the other instance's reports come back here.
ALTER TABLE exchange_deliveries DROP CONSTRAINT IF EXISTS exchange_deliveries_kind_check;
ALTER TABLE exchange_deliveries ADD CONSTRAINT exchange_deliveries_kind_check CHECK (kind IN ('acceptance', 'progress', 'result', 'order'));

-- One transfer per ticket at a time: the peer (EXCHANGE_PEERS id) and, once it took it, its number.
CREATE TABLE peer_transfers (
  id bigserial PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  peer text NOT NULL,
  -- what the peer knows the order by (orderId): this ticket's number and the transfer's sequence
  order_id text NOT NULL,
  note text,
  transferred_at timestamptz NOT NULL,
  transferred_by uuid,
  remote_number text,
  accepted_at timestamptz,
  result_at timestamptz,
  -- 'pending' until the result comes back; 'answered' (the reply is the ticket's answer) or 'returned' (the peer refused it)
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'answered', 'returned')),
  UNIQUE (peer, order_id)
);
CREATE UNIQUE INDEX peer_transfers_pending ON peer_transfers (ticket_id) WHERE state = 'pending';

-- The peer's reports as received: the message id makes a repeated delivery the same report.
CREATE TABLE peer_reports (
  peer text NOT NULL,
  message_id text NOT NULL,
  transfer_id bigint NOT NULL REFERENCES peer_transfers(id),
  kind text NOT NULL,
  received_at timestamptz NOT NULL,
  report jsonb NOT NULL,
  PRIMARY KEY (peer, message_id)
);

-- while a transfer waits, the ticket's own actions (dispatch, answer …) are not offered here
ALTER TABLE tickets ADD COLUMN peer_pending text;
