// kill -9 in the middle of a retention run: a child process runs the real service on a database
// file and is killed once some batches have committed. The file must pass integrity_check, every
// member must be either untouched or wholly erased, and the next run must finish the work.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "auth/authorizer.hpp"
#include "crypto/member_key_store.hpp"
#include "crypto/sodium.hpp"
#include "services/erasure_service.hpp"
#include "services/member_service.hpp"
#include "services/organization_service.hpp"
#include "services/retention_service.hpp"
#include "store/audit_store.hpp"
#include "test_support/no_directory.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace std::chrono;

namespace {

using test_support::NoGroups;
using test_support::NoRoles;

constexpr int kMembers = 500;

// The service as the server builds it, on the files of `dir`.
struct Service {
  FixedClock clock{time_point_cast<milliseconds>(sys_days{year{2027} / 6 / 1} + hours{10})};
  std::unique_ptr<store::Database> db;
  std::unique_ptr<crypto::MemberKeyStore> keys;
  std::unique_ptr<services::SensitiveValues> sensitive;
  std::unique_ptr<store::ErasureJournal> journal;
  std::unique_ptr<services::RetentionService> retention;
  services::RequestInfo admin;

  explicit Service(const test_support::TempDir& dir) {
    auto opened =
        store::Database::open({dir.file("registre.sqlite3")}, store::embedded_migrations());
    REQUIRE(opened.ok());
    db = std::move(opened).value();
    keys = std::make_unique<crypto::MemberKeyStore>(dir.file("keys"));
    sensitive = std::make_unique<services::SensitiveValues>(*keys);
    journal = std::make_unique<store::ErasureJournal>(dir.path());
    retention = std::make_unique<services::RetentionService>(*db, clock, *sensitive, *journal);
    admin.actor = {auth::Actor::Kind::user, "admin", false};
  }
};

std::int64_t count(SQLite::Database& db, const std::string& sql) {
  return db.execAndGet(sql).getInt64();
}

}  // namespace

TEST_CASE(
    "kill -9 during a retention run leaves no half-erased member, and the next run completes") {
  REQUIRE(crypto::initialize());
  test_support::TempDir dir;
  {
    Service s(dir);
    NoGroups groups;
    NoRoles roles;
    auth::Authorizer authorizer{groups, roles};
    services::OrganizationService orgs(*s.db, s.clock, authorizer);
    REQUIRE(orgs.seed_demo_if_empty().ok());
    services::MemberService members(*s.db, s.clock, *s.sensitive);
    domain::FieldDefinition health;
    health.organization_id = 1;
    health.key = "sante";
    health.label = "Santé";
    health.type = "text";
    health.classification = "sensitive";
    REQUIRE(members.create_field(s.admin, health).ok());
    for (int i = 0; i < kMembers; ++i) {
      domain::MemberChanges c;
      c.last_name = "Partant" + std::to_string(i);
      c.email = "partant" + std::to_string(i) + "@exemple.org";
      c.admitted_on = "2020-01-01";
      c.left_on = "2026-01-31";
      c.custom = {{"sante", "valeur" + std::to_string(i)}};
      REQUIRE(members.create(s.admin, 1, c, std::nullopt).ok());
    }
    services::RetentionSettings settings;
    settings.require_approval = false;
    settings.batch_size = 5;
    REQUIRE(s.retention->change_settings(s.admin, 1, settings).ok());
    domain::RetentionRule rule;
    rule.subject = domain::RetentionSubject::former_members;
    rule.trigger = domain::RetentionTrigger::date_left;
    rule.delay = {1, domain::DelayUnit::years};
    rule.action = domain::RetentionAction::erase;
    rule.description = "Effacement un an après le départ";
    REQUIRE(s.retention->create_rule(s.admin, 1, rule).ok());
  }  // every connection closed before the fork

  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    Service s(dir);
    auto done = s.retention->run_now(s.admin, 1);
    _exit(done.ok() ? 0 : 1);
  }
  // Kill the child once some batches have committed, well before the last one.
  bool killed = false;
  {
    SQLite::Database watch(dir.file("registre.sqlite3"), SQLite::OPEN_READONLY);
    watch.setBusyTimeout(1000);
    for (int i = 0; i < 20000 && !killed; ++i) {
      std::int64_t done = 0;
      try {
        done = count(watch, "SELECT count(*) FROM retention_run_items WHERE outcome IS NOT NULL");
      } catch (const SQLite::Exception&) {
        // the table is locked for a moment: look again
      }
      if (done >= 50) {
        kill(child, SIGKILL);
        killed = true;
      } else {
        std::this_thread::sleep_for(milliseconds(1));
      }
    }
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(killed);
  REQUIRE(WIFSIGNALED(status));

  {
    SQLite::Database db(dir.file("registre.sqlite3"), SQLite::OPEN_READWRITE);
    CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
    CHECK(count(db, "SELECT count(*) FROM retention_runs WHERE status = 'running'") == 1);
    const std::int64_t erased =
        count(db, "SELECT count(*) FROM retention_run_items WHERE outcome = 'erased'");
    const std::int64_t pending =
        count(db, "SELECT count(*) FROM retention_run_items WHERE outcome IS NULL");
    CHECK(erased >= 50);
    CHECK(pending > 0);  // killed in the middle
    CHECK(erased + pending == kMembers);
    CHECK(erased % 5 == 0);  // whole batches only
    // Each item marked erased: no row, no search entry, one audit entry. Each pending one:
    // untouched, with its search entry, its sealed value and no erasure entry.
    CHECK(count(db,
                "SELECT count(*) FROM retention_run_items i JOIN members m ON m.id = i.target_id"
                " WHERE i.outcome = 'erased'") == 0);
    CHECK(count(db,
                "SELECT count(*) FROM retention_run_items i JOIN member_search s ON s.rowid = "
                "i.target_id"
                " WHERE i.outcome = 'erased'") == 0);
    CHECK(count(db, "SELECT count(*) FROM audit_log WHERE action = 'member.erased'") == erased);
    CHECK(count(db,
                "SELECT count(*) FROM retention_run_items i JOIN members m ON m.id = i.target_id"
                " JOIN member_search s ON s.rowid = m.id WHERE i.outcome IS NULL AND m.sealed IS "
                "NOT NULL") == pending);
    CHECK(count(db, "SELECT count(*) FROM members") == pending);
  }

  // The next start and run finish the work; keys left by the kill are destroyed.
  Service s(dir);
  auto orphans = services::destroy_orphan_member_keys(*s.db, *s.keys);
  REQUIRE(orphans.ok());
  CHECK(orphans.value() <= 5);  // at most the batch committed just before the kill
  auto resumed = s.retention->run_now(s.admin, 1);
  REQUIRE(resumed.ok());
  auto lease = s.db->acquire();
  auto& db = lease->db();
  CHECK(count(db, "SELECT count(*) FROM members") == 0);
  CHECK(count(db, "SELECT count(*) FROM retention_runs WHERE status = 'completed'") == 2);
  CHECK(count(db, "SELECT count(*) FROM retention_run_items WHERE outcome IS NULL") == 0);
  CHECK(count(db, "SELECT count(*) FROM audit_log WHERE action = 'member.erased'") == kMembers);
  CHECK(count(db, "SELECT count(*) FROM member_search") == 0);
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  auto chain = store::verify_audit_chain(db);
  REQUIRE(chain.ok());
  CHECK_FALSE(chain->first_broken_id.has_value());
  auto keys_left = s.keys->pseudonyms();
  REQUIRE(keys_left.ok());
  CHECK(keys_left->empty());
}
