#include "store/database.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "store/audit_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace registre::store;

namespace {

std::vector<Migration> two_migrations() {
  return {{1, "0001_a", "CREATE TABLE a (x INTEGER) STRICT;"},
          {2, "0002_b", "CREATE TABLE b (y INTEGER) STRICT; INSERT INTO a VALUES (1);"}};
}

int table_count(SQLite::Database& db, const std::string& name) {
  SQLite::Statement q(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?");
  q.bind(1, name);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace

TEST_CASE("a fresh database gets every embedded migration and the connection settings") {
  test_support::TempDir dir;
  auto db = Database::open({dir.file("r.sqlite3")}, embedded_migrations());
  REQUIRE(db.ok());
  CHECK(db.value()->schema_version() == embedded_migrations().back().version);
  auto lease = db.value()->acquire();
  REQUIRE(lease.ok());
  auto& conn = lease->db();
  CHECK(conn.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(conn.execAndGet("PRAGMA foreign_keys").getInt() == 1);
  CHECK(conn.execAndGet("PRAGMA secure_delete").getInt() == 1);
  CHECK(conn.execAndGet("PRAGMA synchronous").getInt() == 1);  // NORMAL
  CHECK(table_count(conn, "organizations") == 1);
  CHECK(table_count(conn, "audit_log") == 1);
}

TEST_CASE("migrations apply in order and re-running them changes nothing") {
  test_support::TempDir dir;
  const std::string path = dir.file("m.sqlite3");
  auto migrations = two_migrations();
  {
    auto db = Database::open({path}, {migrations[0]});
    REQUIRE(db.ok());
    CHECK(db.value()->schema_version() == 1);
  }
  for (int run = 0; run < 2; ++run) {
    auto db = Database::open({path}, migrations);
    REQUIRE(db.ok());
    CHECK(db.value()->schema_version() == 2);
    auto lease = db.value()->acquire();
    REQUIRE(lease.ok());
    // The INSERT of migration 2 ran exactly once.
    CHECK(lease->db().execAndGet("SELECT count(*) FROM a").getInt() == 1);
  }
}

TEST_CASE("a failing migration leaves the database at the previous version, with nothing half-applied") {
  test_support::TempDir dir;
  const std::string path = dir.file("f.sqlite3");
  std::vector<Migration> broken = {two_migrations()[0],
                                   {2, "0002_broken", "CREATE TABLE c (z INTEGER); THIS IS NOT SQL;"}};
  auto db = Database::open({path}, broken);
  REQUIRE_FALSE(db.ok());
  auto reopened = Database::open({path}, {two_migrations()[0]});
  REQUIRE(reopened.ok());
  CHECK(reopened.value()->schema_version() == 1);
  auto lease = reopened.value()->acquire();
  REQUIRE(lease.ok());
  CHECK(table_count(lease->db(), "c") == 0);
}

TEST_CASE("a database newer than the binary is refused and left untouched") {
  test_support::TempDir dir;
  const std::string path = dir.file("n.sqlite3");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE future (x INTEGER); PRAGMA user_version = 99;");
  }
  auto db = Database::open({path}, embedded_migrations());
  REQUIRE_FALSE(db.ok());
  CHECK(db.error().kind == ErrorKind::conflict);
  CHECK(db.error().detail.find("newer Registre") != std::string::npos);
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 99);
  CHECK(table_count(raw, "organizations") == 0);
}

TEST_CASE("the pool hands distinct connections to concurrent users and waits when exhausted") {
  test_support::TempDir dir;
  auto opened = Database::open({dir.file("p.sqlite3"), 2}, embedded_migrations());
  REQUIRE(opened.ok());
  Database& db = *opened.value();
  std::atomic<int> inserted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto lease = db.acquire();
        REQUIRE(lease.ok());
        domain::Organization o;
        o.slug = "org-" + std::to_string(t) + "-" + std::to_string(i);
        o.name = o.slug;
        o.created_at = "2026-11-29T00:00:00.000Z";
        auto r = in_write_transaction(lease->db(), "test", [&](SQLite::Database& conn) {
          return insert_organization(conn, o);
        });
        if (r) ++inserted;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(inserted == 120);
  auto lease = db.acquire();
  REQUIRE(lease.ok());
  CHECK(count_organizations(lease->db()).value() == 120);
}

TEST_CASE("a write that fails rolls back everything done in its transaction") {
  test_support::TempDir dir;
  auto opened = Database::open({dir.file("t.sqlite3")}, embedded_migrations());
  REQUIRE(opened.ok());
  auto lease = opened.value()->acquire();
  REQUIRE(lease.ok());
  domain::Organization o;
  o.slug = "same";
  o.name = "Same";
  o.created_at = "2026-11-29T00:00:00.000Z";
  auto r = in_write_transaction(lease->db(), "test", [&](SQLite::Database& conn) -> Result<int> {
    auto first = insert_organization(conn, o);
    REQUIRE(first.ok());
    auto second = insert_organization(conn, o);  // duplicate slug
    if (!second) return std::move(second).error();
    return 0;
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::conflict);
  CHECK(count_organizations(lease->db()).value() == 0);
}
