-- 0003: membership types and memberships (dues).

CREATE TABLE membership_types (
  id                 INTEGER PRIMARY KEY,
  organization_id    INTEGER NOT NULL REFERENCES organizations (id),
  name               TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  period             TEXT    NOT NULL CHECK (period IN ('calendar_year', 'season', 'rolling_months', 'lifetime')),
  season_start_month INTEGER NOT NULL DEFAULT 9 CHECK (season_start_month BETWEEN 1 AND 12),
  rolling_months     INTEGER NOT NULL DEFAULT 12 CHECK (rolling_months BETWEEN 1 AND 120),
  amount_cents       INTEGER NOT NULL CHECK (amount_cents >= 0),
  currency           TEXT    NOT NULL CHECK (length(currency) = 3),
  created_at         TEXT    NOT NULL,
  UNIQUE (organization_id, name)
) STRICT;

-- One period of membership of one member, and its payment. ends_on NULL = lifetime.
CREATE TABLE memberships (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  member_id       INTEGER NOT NULL REFERENCES members (id),
  type_id         INTEGER NOT NULL REFERENCES membership_types (id),
  starts_on       TEXT    NOT NULL,
  ends_on         TEXT,
  amount_cents    INTEGER NOT NULL CHECK (amount_cents >= 0),
  currency        TEXT    NOT NULL CHECK (length(currency) = 3),
  paid_on         TEXT,
  payment_method  TEXT    CHECK (payment_method IN ('cash', 'cheque', 'transfer', 'card', 'online', 'other')),
  reference       TEXT,
  created_at      TEXT    NOT NULL,
  recorded_by     TEXT    NOT NULL
) STRICT;

CREATE INDEX memberships_by_member ON memberships (member_id, starts_on);
CREATE INDEX memberships_by_organization ON memberships (organization_id, starts_on);
