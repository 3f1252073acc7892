#include "store/audit_store.hpp"

#include <doctest/doctest.h>

#include "store/database.hpp"
#include "store/unit_of_work.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace registre::store;

namespace {

domain::AuditEntry entry(int n) {
  domain::AuditEntry e;
  e.at = "2026-11-29T00:00:0" + std::to_string(n % 10) + ".000Z";
  e.actor = "user:bob";
  e.action = "organization.created";
  e.subject = "organization:" + std::to_string(n);
  e.fields = {"name", "slug"};
  e.request_id = "req-" + std::to_string(n);
  return e;
}

void append(SQLite::Database& db, int n) {
  auto r = in_write_transaction(db, "test", [&](SQLite::Database& c) { return append_audit_entry(c, entry(n)); });
  REQUIRE(r.ok());
}

}  // namespace

TEST_CASE("the audit chain links every entry to the previous one and verifies") {
  test_support::TempDir dir;
  auto db = Database::open({dir.file("a.sqlite3")}, embedded_migrations());
  REQUIRE(db.ok());
  auto lease = db.value()->acquire();
  REQUIRE(lease.ok());
  for (int i = 1; i <= 5; ++i) append(lease->db(), i);
  auto v = verify_audit_chain(lease->db());
  REQUIRE(v.ok());
  CHECK(v->entries_checked == 5);
  CHECK_FALSE(v->first_broken_id.has_value());
  SQLite::Statement q(lease->db(), "SELECT prev_hash FROM audit_log WHERE id = 1");
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == domain::kAuditGenesis);
}

TEST_CASE("the audit log refuses updates") {
  test_support::TempDir dir;
  auto db = Database::open({dir.file("u.sqlite3")}, embedded_migrations());
  REQUIRE(db.ok());
  auto lease = db.value()->acquire();
  REQUIRE(lease.ok());
  append(lease->db(), 1);
  CHECK_THROWS(lease->db().exec("UPDATE audit_log SET action = 'x' WHERE id = 1"));
}

TEST_CASE("tampering with a stored entry is detected at that entry") {
  test_support::TempDir dir;
  auto db = Database::open({dir.file("t.sqlite3")}, embedded_migrations());
  REQUIRE(db.ok());
  auto lease = db.value()->acquire();
  REQUIRE(lease.ok());
  for (int i = 1; i <= 4; ++i) append(lease->db(), i);
  // Someone with file access drops the guard and rewrites history.
  lease->db().exec("DROP TRIGGER audit_log_is_append_only");
  lease->db().exec("UPDATE audit_log SET actor = 'user:mallory' WHERE id = 3");
  auto v = verify_audit_chain(lease->db());
  REQUIRE(v.ok());
  REQUIRE(v->first_broken_id.has_value());
  CHECK(*v->first_broken_id == 3);
}

TEST_CASE("deleting an entry in the middle breaks the chain at the next one") {
  test_support::TempDir dir;
  auto db = Database::open({dir.file("d.sqlite3")}, embedded_migrations());
  REQUIRE(db.ok());
  auto lease = db.value()->acquire();
  REQUIRE(lease.ok());
  for (int i = 1; i <= 4; ++i) append(lease->db(), i);
  lease->db().exec("DELETE FROM audit_log WHERE id = 2");
  auto v = verify_audit_chain(lease->db());
  REQUIRE(v.ok());
  REQUIRE(v->first_broken_id.has_value());
  CHECK(*v->first_broken_id == 3);
}
