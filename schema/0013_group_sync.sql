-- 0013: Nextcloud groups that mirror the register (group sync), and the reports of their runs.

-- A Nextcloud group Registre manages for an organisation. Registre adds and removes users only in
-- the groups listed here, and removing a row stops the management (the Nextcloud group stays).
CREATE TABLE group_sync_groups (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  -- active_members: active members with a linked account; board: the same, whose yes/no custom
  -- field `field_key` is ticked; role: the accounts granted `role` directly (role_grants).
  kind            TEXT    NOT NULL CHECK (kind IN ('active_members', 'board', 'role')),
  role            TEXT    CHECK (role IN ('manager', 'treasurer', 'viewer')),
  field_key       TEXT,
  group_id        TEXT    NOT NULL UNIQUE CHECK (length(group_id) BETWEEN 1 AND 64),
  display_name    TEXT,
  -- The Nextcloud administrator whose account the provisioning calls act as (the provisioning API
  -- needs an admin's userid): who configured the group, then who confirmed it.
  acting_user     TEXT    NOT NULL,
  created_at      TEXT    NOT NULL,
  previewed_at    TEXT,   -- the last dry run that showed this group's changes
  confirmed_at    TEXT,   -- NULL: never synced; set once an administrator confirmed a dry run
  confirmed_by    TEXT,
  synced_hash     TEXT,   -- BLAKE2b of the wanted accounts at the last complete sync without errors
  synced_at       INTEGER,  -- unix seconds of that sync
  CHECK ((kind = 'role') = (role IS NOT NULL)),
  CHECK ((kind = 'board') = (field_key IS NOT NULL)),
  CHECK (confirmed_at IS NULL OR previewed_at IS NOT NULL)
) STRICT;

CREATE INDEX group_sync_groups_by_organization ON group_sync_groups (organization_id, id);

-- One run of the sync for an organisation: counts and errors per group (no account ids: errors
-- name members by their number), kept for the administrator; the 50 latest per organisation.
CREATE TABLE group_sync_runs (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  trigger         TEXT    NOT NULL CHECK (trigger IN ('schedule', 'admin')),
  started_at      TEXT    NOT NULL,
  finished_at     TEXT    NOT NULL,
  error_count     INTEGER NOT NULL,
  report          TEXT    NOT NULL  -- JSON, see docs/nextcloud-integration.md
) STRICT;

CREATE INDEX group_sync_runs_by_organization ON group_sync_runs (organization_id, id);
