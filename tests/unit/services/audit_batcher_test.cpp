#include "services/audit_batcher.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "store/audit_store.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;

namespace {

domain::AuditEntry read_entry(int thread, int i) {
  domain::AuditEntry e;
  e.at = "2026-11-29T05:00:00.000Z";
  e.actor = "user:t" + std::to_string(thread);
  e.action = "member.read";
  e.subject = "member:" + std::to_string(thread) + "-" + std::to_string(i);
  e.request_id = "r";
  return e;
}

}  // namespace

TEST_CASE("concurrent reads' audit entries are all committed, each once, in one intact chain") {
  test_support::TempDir dir;
  auto db = store::Database::open({dir.file("a.sqlite3")}, store::embedded_migrations());
  REQUIRE(db.ok());
  services::AuditBatcher batcher;
  constexpr int kThreads = 8, kEach = 60;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto lease = db.value()->acquire();
      if (!lease) {
        ++failures;
        return;
      }
      for (int i = 0; i < kEach; ++i) {
        if (!batcher.append(lease->db(), read_entry(t, i))) ++failures;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  CHECK(failures == 0);
  auto lease = db.value()->acquire();
  REQUIRE(lease.ok());
  auto verified = store::verify_audit_chain(lease->db());
  REQUIRE(verified.ok());
  CHECK_FALSE(verified->first_broken_id.has_value());
  SQLite::Statement subjects(lease->db(),
                             "SELECT subject FROM audit_log WHERE action = 'member.read'");
  std::multiset<std::string> seen;
  while (subjects.executeStep())
    seen.insert(subjects.getColumn(0).getString());
  CHECK(seen.size() == kThreads * kEach);
  CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == kThreads * kEach);  // none twice
}

TEST_CASE("a batch that cannot be written fails for its caller and leaves nothing behind") {
  test_support::TempDir dir;
  auto db = store::Database::open({dir.file("a.sqlite3")}, store::embedded_migrations());
  REQUIRE(db.ok());
  services::AuditBatcher batcher;
  auto lease = db.value()->acquire();
  REQUIRE(lease.ok());
  auto count = [&] { return lease->db().execAndGet("SELECT count(*) FROM audit_log").getInt(); };
  const int before = count();
  lease->db().exec("BEGIN");  // breaks the REQUIRES: the batch's BEGIN IMMEDIATE fails
  CHECK_FALSE(batcher.append(lease->db(), read_entry(0, 0)).ok());
  lease->db().exec("ROLLBACK");
  CHECK(count() == before);
  CHECK(batcher.append(lease->db(), read_entry(0, 1)).ok());  // the batcher is usable again
  CHECK(count() == before + 1);
}
