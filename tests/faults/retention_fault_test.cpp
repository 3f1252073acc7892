// kill -9 during a retention run. A run is planned in one transaction, then carried out in
// batches that each erase their members and mark their items done in one transaction
// (services/retention_runs.cpp); the retention job's first tick at start finishes a run a crash
// left 'running'. So after the kill and a restart: the file is sound, every planned member is
// erased exactly once (one row gone, one search entry gone, one audit entry), the run completes
// with a report, and nobody else is touched.
#include <doctest/doctest.h>

#include <thread>

#include "crypto/sodium.hpp"
#include "faults/fault_support.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace registre::faults;

namespace {

constexpr int kFormer = 600;   // due for erasure: left in 2019, the rule says one year
constexpr int kCurrent = 100;  // still members: must stay untouched
constexpr int kBatch = 10;     // 60 batches, so the kill lands between many commits

const std::string kRetention = kOrg + "/retention";

}  // namespace

TEST_CASE("faults: kill -9 during a retention run, which the restart finishes exactly once") {
  REQUIRE(crypto::initialize());
  test_support::TempDir dir;
  ChildOptions options = child_options(dir);

  std::int64_t members_before = 0, planned = 0, done_at_kill = 0;
  {
    ChildServer server(options);
    auto http = server.client();
    const Answer former = call(http, "POST", kOrg + "/imports?mode=apply",
                               members_csv(kFormer, "former", "01/01/2019"), "text/csv");
    REQUIRE_MESSAGE(former.status == 201, former.body.substr(0, 500));
    const Answer current =
        call(http, "POST", kOrg + "/imports?mode=apply", members_csv(kCurrent, "cur"), "text/csv");
    REQUIRE_MESSAGE(current.status == 201, current.body.substr(0, 500));
    // Late in the day, so that the daily run does not start by itself while we set things up.
    expect(
        http, "PUT", kRetention + "/settings",
        {{"runAt", "23:59"}, {"requireApproval", false}, {"noticeDays", 0}, {"batchSize", kBatch}},
        200);
    expect(http, "POST", kRetention + "/rules",
           {{"subject", "former_members"},
            {"trigger", "date_left"},
            {"delayAmount", 1},
            {"delayUnit", "years"},
            {"action", "erase"},
            {"description", "Former members: erased one year after they left."}},
           201);
    {
      DatabaseFile db(options.storage_dir);
      members_before = db.count("SELECT count(*) FROM members");
      REQUIRE(db.count("SELECT count(*) FROM members WHERE status = 'former'") == kFormer);
    }

    // The run answers only when it is over: start it aside, watch the items being marked done
    // in the file (each batch commits its items), and kill the server once several batches
    // are committed and most remain: "during" the run, between or inside batches.
    std::thread runner([port = server.port()] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(120, 0);
      c.Post(kRetention + "/runs", "", "application/json");
    });
    DatabaseFile db(options.storage_dir);
    const bool reached = wait_until([&] {
      planned = db.count("SELECT count(*) FROM retention_run_items");
      done_at_kill = db.count("SELECT count(*) FROM retention_run_items WHERE outcome IS NOT NULL");
      return planned > 0 && (done_at_kill >= kFormer / 6 || done_at_kill == planned);
    });
    server.kill9();
    runner.join();
    REQUIRE(reached);
    REQUIRE(planned == kFormer);
    REQUIRE_MESSAGE(done_at_kill < planned, "the run finished before the kill");
    MESSAGE("retention run killed with " << done_at_kill << " of " << planned << " items done");
  }

  {
    // Just after the kill, before any restart: whole batches only.
    DatabaseFile db(options.storage_dir);
    CHECK(db.integrity_check() == "ok");
    const std::int64_t done = db.count(
        "SELECT count(*) FROM retention_run_items WHERE outcome "
        "IS NOT NULL");
    CHECK(done % kBatch == 0);
    CHECK(db.count("SELECT count(*) FROM members") == members_before - done);
    CHECK(db.count("SELECT count(*) FROM audit_log WHERE action = 'member.erased'") == done);
    CHECK(db.count("SELECT count(*) FROM retention_runs WHERE status = 'running'") == 1);
  }

  // The restart's first retention tick resumes the run.
  ChildServer server(options);
  DatabaseFile db(options.storage_dir);
  const bool finished = wait_until(
      [&] {
        return db.count("SELECT count(*) FROM retention_runs WHERE status = 'running'") == 0 &&
               db.count("SELECT count(*) FROM retention_runs") >= 1;
      },
      std::chrono::seconds(60));
  REQUIRE_MESSAGE(finished, tail_of(options.log_path));
  CHECK(db.integrity_check() == "ok");
  CHECK(db.count("SELECT count(*) FROM retention_run_items WHERE run_id = 1 AND outcome IS NULL") ==
        0);
  CHECK(db.count("SELECT count(*) FROM retention_run_items WHERE run_id = 1 AND outcome = "
                 "'erased'") == kFormer);
  CHECK(db.count("SELECT count(*) FROM members") == members_before - kFormer);
  CHECK(db.count("SELECT count(*) FROM members WHERE status = 'former'") == 0);
  CHECK(db.count("SELECT count(*) FROM members WHERE email LIKE '%.cur@example.org'") == kCurrent);
  CHECK(db.count("SELECT count(*) FROM member_search") == members_before - kFormer);
  // Exactly once: one erasure entry per member, one completion entry for the run.
  CHECK(db.count("SELECT count(*) FROM audit_log WHERE action = 'member.erased'") == kFormer);
  CHECK(db.count("SELECT count(DISTINCT subject) FROM audit_log WHERE action = "
                 "'member.erased'") == kFormer);
  CHECK(db.count("SELECT count(*) FROM audit_log WHERE action = 'retention.run.completed' AND "
                 "fields LIKE '%\"run:1\"%'") == 1);
  auto http = server.client();
  const auto run = expect(http, "GET", kRetention + "/runs/1", nullptr, 200);
  CHECK(run["status"] == "completed");
  const auto verified = expect(http, "GET", "/admin/v1/audit/verify", nullptr, 200);
  CHECK_MESSAGE(verified["intact"] == true, verified.dump());
}
