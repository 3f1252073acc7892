-- 0002: roles in organisations, and the member register.

-- Who holds which role in an organisation: a Nextcloud user, or every member of a Nextcloud group.
CREATE TABLE role_grants (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  principal_type  TEXT    NOT NULL CHECK (principal_type IN ('user', 'group')),
  principal_id    TEXT    NOT NULL CHECK (length(principal_id) BETWEEN 1 AND 255),
  role            TEXT    NOT NULL CHECK (role IN ('manager', 'treasurer', 'viewer')),
  granted_at      TEXT    NOT NULL,
  granted_by      TEXT    NOT NULL,
  UNIQUE (organization_id, principal_type, principal_id, role)
) STRICT;

CREATE INDEX role_grants_by_principal ON role_grants (principal_type, principal_id);

CREATE TABLE members (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  number          INTEGER NOT NULL CHECK (number > 0),
  pseudonym       TEXT    NOT NULL UNIQUE,   -- random; how audit entries and webhooks name the member
  first_name      TEXT    NOT NULL DEFAULT '',
  last_name       TEXT    NOT NULL,
  email           TEXT,
  phone           TEXT,
  address         TEXT,
  postcode        TEXT,
  city            TEXT,
  country         TEXT,
  birth_date      TEXT,
  nextcloud_user  TEXT,
  notes           TEXT    NOT NULL DEFAULT '',
  household_id    INTEGER REFERENCES members (id),
  admitted_on     TEXT,
  left_on         TEXT,
  status          TEXT    NOT NULL CHECK (status IN ('applicant', 'active', 'lapsed', 'former')),
  restricted      INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
  sort_name       TEXT    NOT NULL,          -- folded "last first": accent- and case-insensitive order
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, number)
) STRICT;

CREATE INDEX members_by_name ON members (organization_id, sort_name, id);
CREATE INDEX members_by_status ON members (organization_id, status, sort_name, id);
CREATE INDEX members_by_admission ON members (organization_id, admitted_on, id);
CREATE INDEX members_by_email ON members (organization_id, email);
CREATE INDEX members_by_household ON members (household_id);

-- Search index over folded names, e-mail and number (rowid = members.id). Text is folded by the
-- service (domain/search_text.cpp) before it gets here, so the tokenizer only splits words.
CREATE VIRTUAL TABLE member_search USING fts5 (
  text,
  tokenize = "unicode61 remove_diacritics 0 tokenchars '@.+_'",
  prefix = '2 3'
);

-- Idempotency-Key records: a retried POST returns the first answer instead of creating again.
CREATE TABLE idempotency_keys (
  actor        TEXT    NOT NULL,
  key          TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash TEXT    NOT NULL,   -- method, path and body: the same key with another request is refused
  status       INTEGER NOT NULL,
  response     TEXT    NOT NULL,
  created_at   TEXT    NOT NULL,
  PRIMARY KEY (actor, key)
) STRICT;
