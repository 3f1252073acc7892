-- 0010: retention rules (GDPR Art. 5(1)(e)), legal holds, previews' approvals, runs with their
-- work lists and reports, reviews waiting for a manager, notices to managers, and the
-- statistics kept of anonymised members. domain/retention_rule.hpp defines the vocabulary.

CREATE TABLE retention_rules (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  subject         TEXT    NOT NULL CHECK (subject IN ('former_members', 'applicants', 'lapsed_members',
                                                      'consent_evidence', 'audit_entries', 'dues_records',
                                                      'expired_public_links', 'closed_requests')),
  trigger_date    TEXT    NOT NULL CHECK (trigger_date IN ('date_left', 'end_of_last_membership',
                                                           'application_date', 'withdrawal_date',
                                                           'creation_date', 'closing_date')),
  delay_amount    INTEGER NOT NULL CHECK (delay_amount > 0),
  delay_unit      TEXT    NOT NULL CHECK (delay_unit IN ('days', 'months', 'years')),
  action          TEXT    NOT NULL CHECK (action IN ('erase', 'anonymise', 'review')),
  enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  description     TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  preset          TEXT,     -- the default it was adopted from, if any
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1 CHECK (version > 0)
) STRICT;

CREATE INDEX retention_rules_by_organization ON retention_rules (organization_id, id);

-- Defaults the organisation refused (adopted ones are rules with `preset` set): the list of
-- defaults then shows every one as adopted, refused or still to decide.
CREATE TABLE retention_preset_refusals (
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  preset          TEXT    NOT NULL,
  refused_at      TEXT    NOT NULL,
  refused_by      TEXT    NOT NULL,
  PRIMARY KEY (organization_id, preset)
) STRICT;

-- A legal hold keeps a member out of every retention action until `until_on` (inclusive) or
-- until released. The reason may describe the person's situation: it goes with the member.
CREATE TABLE legal_holds (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  reason          TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  until_on        TEXT    NOT NULL CHECK (until_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  created_at      TEXT    NOT NULL,
  created_by      TEXT    NOT NULL,
  released_at     TEXT,
  released_by     TEXT,
  CHECK ((released_at IS NULL) = (released_by IS NULL))
) STRICT;

CREATE INDEX legal_holds_by_member ON legal_holds (member_id);   -- also for the member's deletion

-- An approval of a preview: the items of erase and anonymise rules a person looked at and
-- accepted. Runs act on an item of such a rule only when an approval lists it with the rule's
-- current version.
CREATE TABLE retention_approvals (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  as_of           TEXT    NOT NULL,   -- the date the preview was computed for
  preview_hash    TEXT    NOT NULL CHECK (length(preview_hash) = 64),
  approved_at     TEXT    NOT NULL,
  approved_by     TEXT    NOT NULL
) STRICT;

-- `trigger_value` is the record's trigger value when approved: a member who comes back and leaves
-- again has another one, and needs a new approval.
CREATE TABLE retention_approved_items (
  approval_id  INTEGER NOT NULL REFERENCES retention_approvals (id),
  rule_id      INTEGER NOT NULL,
  rule_version INTEGER NOT NULL,
  target_kind  TEXT    NOT NULL,
  target_id    INTEGER NOT NULL,
  trigger_value TEXT   NOT NULL,
  PRIMARY KEY (rule_id, target_kind, target_id, approval_id)
) STRICT, WITHOUT ROWID;

-- A run: planned in one transaction (its items), carried out in batches (each marks its items
-- done in the same transaction as the work), then reported. A run left 'running' by a crash is
-- resumed by the next one.
CREATE TABLE retention_runs (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  as_of           TEXT    NOT NULL,
  started_at      TEXT    NOT NULL,
  started_by      TEXT    NOT NULL,   -- the actor: "user:<id>", or "system" for the daily job
  status          TEXT    NOT NULL CHECK (status IN ('running', 'completed')),
  finished_at     TEXT,
  report          TEXT    CHECK (report IS NULL OR json_valid(report)),
  report_hash     TEXT    CHECK (report_hash IS NULL OR length(report_hash) = 64),
  CHECK ((status = 'completed') = (report IS NOT NULL AND report_hash IS NOT NULL))
) STRICT;

CREATE INDEX retention_runs_by_organization ON retention_runs (organization_id, id);
CREATE UNIQUE INDEX retention_runs_one_running ON retention_runs (organization_id) WHERE status = 'running';

-- `reference` is pseudonymous: the member's pseudonym, or the record's kind and id.
CREATE TABLE retention_run_items (
  run_id      INTEGER NOT NULL REFERENCES retention_runs (id),
  seq         INTEGER NOT NULL,
  rule_id     INTEGER NOT NULL,
  target_kind TEXT    NOT NULL,
  target_id   INTEGER NOT NULL,
  reference   TEXT    NOT NULL,
  member_id   INTEGER,            -- the member the record is about: a hold on them blocks it
  action      TEXT    NOT NULL,
  outcome     TEXT,               -- NULL: not done yet
  PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX retention_run_items_pending ON retention_run_items (run_id, seq) WHERE outcome IS NULL;

-- A review rule's due members wait here for a manager's decision (keep with a hold, or erase).
CREATE TABLE retention_reviews (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  rule_id         INTEGER NOT NULL REFERENCES retention_rules (id),
  member_id       INTEGER REFERENCES members (id) ON DELETE SET NULL,
  due_on          TEXT    NOT NULL,
  created_at      TEXT    NOT NULL,
  decided_at      TEXT,
  decided_by      TEXT,
  decision        TEXT    CHECK (decision IS NULL OR decision IN ('keep', 'erase')),
  CHECK ((decision IS NULL) = (decided_at IS NULL))
) STRICT;

CREATE UNIQUE INDEX retention_reviews_pending ON retention_reviews (rule_id, member_id)
  WHERE decision IS NULL;
CREATE INDEX retention_reviews_by_organization ON retention_reviews (organization_id, id);
CREATE INDEX retention_reviews_by_member ON retention_reviews (member_id);  -- ON DELETE SET NULL

-- What managers are told: upcoming work (N days ahead) and finished runs. Holds counts only.
CREATE TABLE retention_notices (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  kind            TEXT    NOT NULL CHECK (kind IN ('upcoming', 'completed')),
  run_id          INTEGER REFERENCES retention_runs (id),
  horizon         TEXT    NOT NULL,   -- upcoming: work due up to this date is announced
  counts          TEXT    NOT NULL CHECK (json_valid(counts)),
  created_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX retention_notices_by_organization ON retention_notices (organization_id, kind, id);

-- What an anonymised member leaves behind: figures for the annual report, nothing that names.
CREATE TABLE member_statistics (
  id               INTEGER PRIMARY KEY,
  organization_id  INTEGER NOT NULL REFERENCES organizations (id),
  birth_year       INTEGER,
  department       TEXT,      -- French département of the postcode ("75", "2A", "971"), or NULL
  joined_year      INTEGER,
  left_year        INTEGER,
  membership_years INTEGER NOT NULL CHECK (membership_years >= 0),
  anonymised_on    TEXT    NOT NULL
) STRICT;

CREATE INDEX member_statistics_by_organization ON member_statistics (organization_id);

-- Indexes that make every subject's search proportional to what is due, not to the register.
-- The member indexes carry the pseudonym, so that a due member is read from the index alone.
CREATE INDEX members_by_status_left ON members (organization_id, status, left_on, pseudonym);
CREATE INDEX members_by_status_created ON members (organization_id, status, created_at, pseudonym);
CREATE INDEX memberships_by_end ON memberships (organization_id, ends_on);
CREATE INDEX memberships_by_creation ON memberships (organization_id, created_at);
CREATE INDEX public_links_by_expiry ON public_links (organization_id, expires_at);
CREATE INDEX subject_requests_by_closing ON subject_requests (organization_id, closed_on)
  WHERE closed_on IS NOT NULL;
-- Deleting a member looks up the rows that name them: without these, each erasure scans both.
CREATE INDEX public_links_by_member_only ON public_links (member_id);
CREATE INDEX subject_requests_by_member ON subject_requests (member_id) WHERE member_id IS NOT NULL;
CREATE INDEX consent_events_by_decision ON consent_events (organization_id, decision, at);

-- Old audit entries are redacted, not deleted: the chain is one for the whole service, so an
-- entry keeps its time, action and hashes (the chain still links) and loses who and about whom.
ALTER TABLE audit_log ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1));
DROP TRIGGER audit_log_is_append_only;
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE ON audit_log
WHEN NOT (OLD.redacted = 0 AND NEW.redacted = 1 AND NEW.id = OLD.id
          AND NEW.organization_id IS OLD.organization_id AND NEW.at = OLD.at
          AND NEW.action = OLD.action AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
          AND NEW.actor = '' AND NEW.subject = '' AND NEW.fields = '[]' AND NEW.request_id = '')
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only (entries may only be redacted)');
END;
CREATE INDEX audit_log_by_time ON audit_log (organization_id, at) WHERE redacted = 0;
