-- 0012: incoming Nextcloud webhooks (an inbox the job runner works through) and Nextcloud Forms
-- submissions turned into membership applications (issue 6).

-- Every delivery Nextcloud made, acknowledged at once and handled later by the job runner.
-- Nextcloud never retries a delivery, and may deliver the same event twice: dedup_key (the form
-- and submission ids for a form submission, a hash of the body otherwise) makes the second one a
-- no-op. The raw body is kept only while the entry is pending: it names the submitter, so it is
-- cleared once handled. Rejected entries (unreadable, unknown event) never keep their body.
CREATE TABLE nextcloud_inbox (
  id              INTEGER PRIMARY KEY,
  received_at     TEXT    NOT NULL,
  event_class     TEXT    NOT NULL CHECK (length(event_class) <= 200),
  dedup_key       TEXT    NOT NULL UNIQUE CHECK (length(dedup_key) <= 100),
  body            TEXT,
  body_bytes      INTEGER NOT NULL,
  status          TEXT    NOT NULL
                  CHECK (status IN ('pending', 'done', 'ignored', 'rejected', 'failed')),
  reason          TEXT,   -- a message id (why ignored, rejected or failed)
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT    NOT NULL,
  handled_at      TEXT,
  CHECK (status = 'pending' OR body IS NULL)
) STRICT;

CREATE INDEX nextcloud_inbox_due ON nextcloud_inbox (next_attempt_at) WHERE status = 'pending';

-- An organisation's Nextcloud Forms form taken as a membership application form: which question
-- fills which member field, which checkbox question gives consent to which purpose. A form feeds
-- one organisation; answers are read as its owner in Nextcloud.
CREATE TABLE form_mappings (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  form_id         INTEGER NOT NULL UNIQUE CHECK (form_id > 0),
  owner_id        TEXT    NOT NULL CHECK (length(owner_id) BETWEEN 1 AND 64),
  fields          TEXT    NOT NULL CHECK (json_valid(fields)),    -- {"<questionId>": "email"}
  consents        TEXT    NOT NULL CHECK (json_valid(consents)),  -- {"<questionId>": purposeId}
  created_at      TEXT    NOT NULL,
  created_by      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE INDEX form_mappings_by_organization ON form_mappings (organization_id);

-- One line per form submission of a mapped form (a second delivery of the same submission finds
-- it and changes nothing). status: pending (answers not read yet, retried with backoff), created
-- (member_id is the applicant), needs_review (problems lists message ids; answers keeps only the
-- answers to mapped questions, until a manager resolves it), rejected (dismissed by a manager),
-- failed (Forms kept answering 404 or could not be reached). A notifier reads the waiting ones
-- (needs_review, oldest created_at first).
CREATE TABLE applications (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  form_id         INTEGER NOT NULL,
  submission_id   INTEGER NOT NULL,
  status          TEXT    NOT NULL
                  CHECK (status IN ('pending', 'created', 'needs_review', 'rejected', 'failed')),
  member_id       INTEGER REFERENCES members (id) ON DELETE SET NULL,
  problems        TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(problems)),
  answers         TEXT    CHECK (answers IS NULL OR json_valid(answers)),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL,
  resolved_at     TEXT,
  resolved_by     TEXT,
  UNIQUE (form_id, submission_id),
  CHECK (status = 'needs_review' OR answers IS NULL)
) STRICT;

CREATE INDEX applications_by_status ON applications (organization_id, status, created_at);
