-- 0009: erasure for real (GDPR Art. 17), sealed sensitive values, and objection (Art. 21).

-- Custom values of fields classified "sensitive" no longer live in `custom`: they are sealed
-- (XChaCha20-Poly1305, services/sensitive_values.hpp) with a key of the member's own kept in the
-- separate key store (crypto/member_key_store.hpp). Destroying the key destroys every copy of
-- them, backups included. NULL when the member has none.
ALTER TABLE members ADD COLUMN sealed BLOB;

-- An erased member's row is deleted, so the next number must not come from the members left
-- alone: numbers are never given twice (paper lists and receipts quote them).
ALTER TABLE organizations ADD COLUMN numbers_issued INTEGER NOT NULL DEFAULT 0 CHECK (numbers_issued >= 0);
UPDATE organizations SET numbers_issued = coalesce((SELECT max(number) FROM members m WHERE m.organization_id = organizations.id), 0);

-- Memberships outlive an erased member as anonymous accounting lines (amount, dates, type: the
-- accounts are kept 10 years, Code de commerce L123-22), so `member_id` may now be NULL.
-- SQLite cannot drop a NOT NULL: the table is rebuilt (nothing references it).
CREATE TABLE memberships_v9 (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  member_id       INTEGER REFERENCES members (id),   -- NULL: the member was erased
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
INSERT INTO memberships_v9 SELECT * FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_v9 RENAME TO memberships;
CREATE INDEX memberships_by_member ON memberships (member_id, starts_on);
CREATE INDEX memberships_by_organization ON memberships (organization_id, starts_on);

-- The ledger gains the decision "objected" (Art. 21: objection to a processing based on a
-- legitimate interest or a public task). The CHECK can only change by rebuilding the table; the
-- events are copied as they are (same ids, seq and hashes), so every chain still verifies. The
-- evidence rows reference the events: they step aside while the table is replaced (DROP TABLE
-- does not run the delete trigger, and deferring the foreign keys does not survive the rename).
CREATE TEMP TABLE consent_evidence_aside AS SELECT * FROM consent_evidence;
DELETE FROM consent_evidence;
CREATE TABLE consent_events_v9 (
  id               INTEGER PRIMARY KEY,
  organization_id  INTEGER NOT NULL REFERENCES organizations (id),
  seq              INTEGER NOT NULL CHECK (seq > 0),
  at               TEXT    NOT NULL,
  member_pseudonym TEXT    NOT NULL CHECK (length(member_pseudonym) BETWEEN 1 AND 64),
  purpose_id       INTEGER NOT NULL REFERENCES purposes (id),
  version_id       INTEGER NOT NULL REFERENCES purpose_versions (id),
  text_hash        TEXT    NOT NULL CHECK (length(text_hash) = 64),
  decision         TEXT    NOT NULL CHECK (decision IN ('given', 'withdrawn', 'refused', 'objected')),
  channel          TEXT    NOT NULL CHECK (channel IN ('web', 'paper', 'import', 'form',
                                                       'public_link', 'api')),
  recorded_by      TEXT    NOT NULL,
  evidence_hash    TEXT    NOT NULL CHECK (length(evidence_hash) = 64),
  prev_hash        TEXT    NOT NULL CHECK (length(prev_hash) = 64),
  hash             TEXT    NOT NULL UNIQUE CHECK (length(hash) = 64),
  UNIQUE (organization_id, seq)
) STRICT;
INSERT INTO consent_events_v9 SELECT * FROM consent_events;
DROP TABLE consent_events;
ALTER TABLE consent_events_v9 RENAME TO consent_events;
CREATE INDEX consent_events_by_member ON consent_events (organization_id, member_pseudonym, purpose_id, seq);
CREATE INDEX consent_events_by_purpose ON consent_events (purpose_id, member_pseudonym, seq);
CREATE TRIGGER consent_events_are_append_only BEFORE UPDATE ON consent_events
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only');
END;
CREATE TRIGGER consent_events_are_kept BEFORE DELETE ON consent_events
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only');
END;
INSERT INTO consent_evidence SELECT * FROM consent_evidence_aside;
DROP TABLE consent_evidence_aside;
