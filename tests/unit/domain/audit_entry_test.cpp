#include "domain/audit_entry.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;

TEST_CASE("the hashed encoding is length-prefixed, so shifting text between fields changes it") {
  AuditEntry a;
  a.actor = "user:bob";
  a.action = "x.y";
  AuditEntry b = a;
  b.actor = "user:bo";
  b.action = "bx.y";
  CHECK(audit_hash_input(a, kAuditGenesis) != audit_hash_input(b, kAuditGenesis));
  AuditEntry c = a;
  c.fields = {"a,b"};
  AuditEntry d = a;
  d.fields = {"a", "b"};
  CHECK(audit_hash_input(c, kAuditGenesis) != audit_hash_input(d, kAuditGenesis));
}

TEST_CASE("the encoding is stable (changing it needs a new version tag)") {
  AuditEntry e;
  e.organization_id = 7;
  e.at = "2026-11-29T00:00:00.000Z";
  e.actor = "system";
  e.action = "organization.created";
  e.subject = "organization:7";
  e.fields = {"name"};
  e.request_id = "CLI";
  CHECK(audit_hash_input(e, "abc") ==
        "registre-audit-v1\n3:abc\n1:7\n24:2026-11-29T00:00:00.000Z\n6:system\n"
        "20:organization.created\n14:organization:7\n1:1\n4:name\n3:CLI\n");
}
