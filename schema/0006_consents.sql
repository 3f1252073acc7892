-- 0006: purposes of processing, their versioned texts, and the consent ledger.

-- What the organisation does with personal data, and on which legal basis (GDPR Art. 6).
CREATE TABLE purposes (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  key             TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 40),
  title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description     TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  legal_basis     TEXT    NOT NULL CHECK (legal_basis IN ('consent', 'contract', 'legal_obligation',
                                                          'legitimate_interest', 'vital_interest',
                                                          'public_task')),
  data_categories TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(data_categories)),
  recipients      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(recipients)),
  retention       TEXT    NOT NULL DEFAULT '' CHECK (length(retention) <= 1000),
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, key)
) STRICT;

-- The exact texts shown to members. A version is never changed once published: a new text is a
-- new version, and consents given to an older one of a consent-based purpose are to be renewed.
CREATE TABLE purpose_versions (
  id           INTEGER PRIMARY KEY,
  purpose_id   INTEGER NOT NULL REFERENCES purposes (id),
  number       INTEGER NOT NULL CHECK (number > 0),
  text_fr      TEXT    NOT NULL CHECK (length(text_fr) BETWEEN 1 AND 20000),
  text_en      TEXT    NOT NULL CHECK (length(text_en) BETWEEN 1 AND 20000),
  text_hash    TEXT    NOT NULL CHECK (length(text_hash) = 64),  -- see domain/purpose.hpp
  published_at TEXT    NOT NULL,
  published_by TEXT    NOT NULL,
  UNIQUE (purpose_id, number)
) STRICT;

CREATE TRIGGER purpose_versions_are_immutable BEFORE UPDATE ON purpose_versions
BEGIN
  SELECT RAISE(ABORT, 'purpose_versions is append-only');
END;

-- The consent ledger: append-only, hash-chained per organisation (the hashed encoding is
-- documented in domain/consent_event.hpp). No personal data in clear: the member is named by its
-- random pseudonym (no foreign key, so erasing the member leaves the chain whole), and the
-- evidence, which may name the person, lives in consent_evidence: the ledger chains its hash only.
CREATE TABLE consent_events (
  id               INTEGER PRIMARY KEY,
  organization_id  INTEGER NOT NULL REFERENCES organizations (id),
  seq              INTEGER NOT NULL CHECK (seq > 0),   -- 1, 2, 3... within the organisation
  at               TEXT    NOT NULL,
  member_pseudonym TEXT    NOT NULL CHECK (length(member_pseudonym) BETWEEN 1 AND 64),
  purpose_id       INTEGER NOT NULL REFERENCES purposes (id),
  version_id       INTEGER NOT NULL REFERENCES purpose_versions (id),
  text_hash        TEXT    NOT NULL CHECK (length(text_hash) = 64),
  decision         TEXT    NOT NULL CHECK (decision IN ('given', 'withdrawn', 'refused')),
  channel          TEXT    NOT NULL CHECK (channel IN ('web', 'paper', 'import', 'form',
                                                       'public_link', 'api')),
  recorded_by      TEXT    NOT NULL,
  evidence_hash    TEXT    NOT NULL CHECK (length(evidence_hash) = 64),  -- BLAKE2b-256 of the text ('' when none)
  prev_hash        TEXT    NOT NULL CHECK (length(prev_hash) = 64),
  hash             TEXT    NOT NULL UNIQUE CHECK (length(hash) = 64),
  UNIQUE (organization_id, seq)
) STRICT;

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

-- An event's evidence (the path of a scanned form in Nextcloud Files, a form submission id).
-- Kept beside the ledger because it may name the member: an erasure deletes the row, and the
-- chain, which covers only its hash, still verifies.
CREATE TABLE consent_evidence (
  event_id INTEGER PRIMARY KEY REFERENCES consent_events (id),
  text     TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 500)
) STRICT;

CREATE TRIGGER consent_evidence_is_not_rewritten BEFORE UPDATE ON consent_evidence
BEGIN
  SELECT RAISE(ABORT, 'consent evidence is deleted, never rewritten');
END;

-- Signed checkpoints of a ledger's head (message format in domain/ledger_checkpoint.hpp), so a
-- rewrite of the whole chain after a checkpoint, or a truncation, is detected too.
CREATE TABLE ledger_checkpoints (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  seq             INTEGER NOT NULL CHECK (seq >= 0),   -- events covered: 1..seq
  head_hash       TEXT    NOT NULL CHECK (length(head_hash) = 64),
  signed_at       TEXT    NOT NULL,
  public_key      TEXT    NOT NULL CHECK (length(public_key) = 64),   -- Ed25519, hex
  signature       TEXT    NOT NULL CHECK (length(signature) = 128),   -- Ed25519, hex
  UNIQUE (organization_id, seq)
) STRICT;

CREATE TRIGGER ledger_checkpoints_are_append_only BEFORE UPDATE ON ledger_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'ledger_checkpoints is append-only');
END;
