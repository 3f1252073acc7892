-- 0004: provenance of imported records.

CREATE TABLE import_batches (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  file_name       TEXT    NOT NULL,
  file_hash       TEXT    NOT NULL,   -- BLAKE2b-256 of the uploaded bytes
  imported_at     TEXT    NOT NULL,
  imported_by     TEXT    NOT NULL,
  created         INTEGER NOT NULL,
  updated         INTEGER NOT NULL,
  unchanged       INTEGER NOT NULL,
  skipped         INTEGER NOT NULL
) STRICT;

-- Which record came from which line of which file.
CREATE TABLE import_records (
  batch_id  INTEGER NOT NULL REFERENCES import_batches (id),
  member_id INTEGER NOT NULL REFERENCES members (id),
  line      INTEGER NOT NULL,
  outcome   TEXT    NOT NULL CHECK (outcome IN ('created', 'updated')),
  PRIMARY KEY (batch_id, line)
) STRICT;

CREATE INDEX import_records_by_member ON import_records (member_id);
