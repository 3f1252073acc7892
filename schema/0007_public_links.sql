-- 0007: public links, through which a member without a Nextcloud account sees and changes their
-- consents; and the index that finds the member a Nextcloud user is ("my membership").

-- Only the BLAKE2b-256 hash of a link's token is kept: a copy of the database does not open any
-- link. A link names one member of one organisation, expires, and can be revoked (kept, so the
-- list shows what was sent and when it stopped working).
CREATE TABLE public_links (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  token_hash      TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  created_at      TEXT    NOT NULL,
  created_by      TEXT    NOT NULL,
  expires_at      TEXT    NOT NULL CHECK (expires_at > created_at),
  revoked_at      TEXT,
  revoked_by      TEXT,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
) STRICT;

CREATE INDEX public_links_by_member ON public_links (organization_id, member_id);

-- The authorizer asks on every request scoped to an organisation whether the user is one of its
-- members: without this index that question would scan the register.
CREATE INDEX members_by_nextcloud_user ON members (nextcloud_user, organization_id)
  WHERE nextcloud_user IS NOT NULL;
