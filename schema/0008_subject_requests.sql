-- 0008: data-subject requests (GDPR Art. 15-22) handled as cases with a deadline (Art. 12(3)).
-- A case holds no free text about the person beyond the closure proof the manager writes: the
-- member is named by id (set to null if the member record is deleted).
CREATE TABLE subject_requests (
  id               INTEGER PRIMARY KEY,
  organization_id  INTEGER NOT NULL REFERENCES organizations (id),
  member_id        INTEGER REFERENCES members (id) ON DELETE SET NULL,
  kind             TEXT    NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure',
                                                    'restriction', 'portability', 'objection')),
  received_on      TEXT    NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  due_on           TEXT    NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                                           AND due_on > received_on),
  status           TEXT    NOT NULL CHECK (status IN ('open', 'extended', 'closed', 'refused')),
  handler          TEXT    CHECK (handler IS NULL OR length(handler) BETWEEN 1 AND 64),
  extension_months INTEGER CHECK (extension_months IS NULL OR extension_months IN (1, 2)),
  extension_reason TEXT    CHECK (extension_reason IS NULL OR length(extension_reason) BETWEEN 1 AND 2000),
  closed_on        TEXT,
  closure_proof    TEXT    CHECK (closure_proof IS NULL OR length(closure_proof) BETWEEN 1 AND 4000),
  created_at       TEXT    NOT NULL,
  created_by       TEXT    NOT NULL,
  updated_at       TEXT    NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
  -- An extension is given once, with its reasons; a closed or refused case says what was done.
  CHECK ((extension_months IS NULL) = (extension_reason IS NULL)),
  CHECK (status <> 'extended' OR extension_months IS NOT NULL),
  CHECK ((status IN ('closed', 'refused')) = (closed_on IS NOT NULL AND closure_proof IS NOT NULL))
) STRICT;

-- Open cases by due date: the list a manager works from.
CREATE INDEX subject_requests_by_due ON subject_requests (organization_id, status, due_on, id);
