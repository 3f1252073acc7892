-- 0014: notifications to managers through AppAPI (services/notification_service.hpp).
-- One row per (organisation, kind, object, recipient): what was sent, or tried and failed. The
-- periodic job sends only where no row has `sent_at`, so a restart sends nothing twice; a failed
-- attempt is retried at the next run, at most `attempts` < 5 times. Keys and recipients only:
-- no personal data about members (an object key is an id, a date or a period).
CREATE TABLE notifications_sent (
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  kind            TEXT    NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  object_key      TEXT    NOT NULL CHECK (length(object_key) BETWEEN 1 AND 200),
  recipient       TEXT    NOT NULL CHECK (length(recipient) BETWEEN 1 AND 255),
  sent_at         TEXT,               -- NULL until Nextcloud accepted it
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_attempt_at TEXT    NOT NULL,
  last_error      TEXT,
  PRIMARY KEY (organization_id, kind, object_key, recipient)
) STRICT;
