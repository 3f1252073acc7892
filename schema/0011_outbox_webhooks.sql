-- 0011: outgoing webhooks (Standard Webhooks). A change that other tools should hear about writes
-- an outbox event in its own transaction, with one delivery per matching active subscription; a
-- worker then sends the deliveries, retrying with backoff, and logs every attempt. Nothing is
-- lost when the receiver or the service is down: the rows wait until a send succeeds.

CREATE TABLE webhook_subscriptions (
  id                INTEGER PRIMARY KEY,
  organization_id   INTEGER NOT NULL REFERENCES organizations (id),
  url               TEXT    NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
  description       TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  -- "whsec_" + base64 of the signing key. Kept here because every send needs it; the database
  -- file is readable by the service's user only.
  secret            TEXT    NOT NULL CHECK (secret GLOB 'whsec_*'),
  -- minimal: ids, statuses and dates only; contact: adds names, e-mail and phone of members who
  -- are neither restricted nor erased. Sensitive fields are never sent.
  scope             TEXT    NOT NULL CHECK (scope IN ('minimal', 'contact')),
  active            INTEGER NOT NULL CHECK (active IN (0, 1)),
  -- Private, loopback and link-local targets are refused unless an admin allows them here.
  allow_private     INTEGER NOT NULL CHECK (allow_private IN (0, 1)),
  created_at        TEXT    NOT NULL,
  created_by        TEXT    NOT NULL,
  updated_at        TEXT    NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1 CHECK (version > 0)
) STRICT;

CREATE INDEX webhook_subscriptions_by_organization ON webhook_subscriptions (organization_id, id);

-- The event types a subscription asks for, one row each, so that the fan-out is one join.
CREATE TABLE webhook_subscription_events (
  subscription_id  INTEGER NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event_type       TEXT    NOT NULL,
  PRIMARY KEY (subscription_id, event_type)
) STRICT, WITHOUT ROWID;

CREATE TABLE webhook_outbox (
  id               INTEGER PRIMARY KEY,
  message_id       TEXT    NOT NULL UNIQUE CHECK (message_id GLOB 'msg_*'),  -- webhook-id
  organization_id  INTEGER NOT NULL REFERENCES organizations (id),
  event_type       TEXT    NOT NULL,
  -- The member the event is about, so that an erasure can blank `personal` below.
  member_id        INTEGER,
  occurred_at      TEXT    NOT NULL,
  payload          TEXT    NOT NULL CHECK (json_valid(payload)),   -- what every scope receives
  personal         TEXT    CHECK (personal IS NULL OR json_valid(personal))  -- added for "contact"
) STRICT;

CREATE INDEX webhook_outbox_by_member ON webhook_outbox (member_id) WHERE member_id IS NOT NULL;

CREATE TABLE webhook_deliveries (
  id               INTEGER PRIMARY KEY,
  outbox_id        INTEGER NOT NULL REFERENCES webhook_outbox (id) ON DELETE CASCADE,
  subscription_id  INTEGER NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  status           TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  TEXT,   -- set while pending
  last_attempt_at  TEXT,
  last_status      INTEGER,  -- the receiver's HTTP status, null when it did not answer
  last_error       TEXT,     -- a short technical reason (never a response body)
  delivered_at     TEXT,
  UNIQUE (outbox_id, subscription_id),
  CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
) STRICT;

-- What the worker picks next; and a subscription's log, newest first.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, id);

CREATE TABLE webhook_attempts (
  id           INTEGER PRIMARY KEY,
  delivery_id  INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempted_at TEXT    NOT NULL,
  http_status  INTEGER,
  error        TEXT,
  duration_ms  INTEGER NOT NULL CHECK (duration_ms >= 0)
) STRICT;

CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, id);
