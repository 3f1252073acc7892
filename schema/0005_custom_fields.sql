-- 0005: custom fields per organisation, and their values on members.

CREATE TABLE field_definitions (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  key             TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 40),
  label           TEXT    NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  type            TEXT    NOT NULL CHECK (type IN ('text', 'long_text', 'number', 'date', 'boolean',
                                                   'single_choice', 'multiple_choice')),
  -- Drives export, anonymisation, webhook redaction: sensitive values leave only on request.
  classification  TEXT    NOT NULL CHECK (classification IN ('identity', 'contact', 'financial',
                                                             'sensitive', 'other')),
  required        INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
  choices         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(choices)),
  created_at      TEXT    NOT NULL,
  UNIQUE (organization_id, key)
) STRICT;

ALTER TABLE members ADD COLUMN custom TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(custom));
