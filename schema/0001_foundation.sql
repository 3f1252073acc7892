-- 0001: organisations and the audit log.
-- Every personal-data record of later migrations belongs to one organisation.

CREATE TABLE organizations (
  id          INTEGER PRIMARY KEY,
  slug        TEXT    NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64),
  name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  legal_form  TEXT    NOT NULL CHECK (legal_form IN ('association', 'scic', 'other')),
  timezone    TEXT    NOT NULL DEFAULT 'Europe/Paris',
  currency    TEXT    NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3),
  settings    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
  archived_at TEXT,
  created_at  TEXT    NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Append-only, hash-chained (see domain/audit_entry.cpp for the hashed encoding).
-- No personal data in clear: subjects are pseudonymous references, `fields` lists the names of
-- changed fields, never their values.
CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER REFERENCES organizations (id),
  at              TEXT    NOT NULL,
  actor           TEXT    NOT NULL,
  action          TEXT    NOT NULL,
  subject         TEXT    NOT NULL DEFAULT '',
  fields          TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(fields)),
  request_id      TEXT    NOT NULL DEFAULT '',
  prev_hash       TEXT    NOT NULL,
  hash            TEXT    NOT NULL UNIQUE
) STRICT;

CREATE INDEX audit_log_by_organization ON audit_log (organization_id, id);

CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
