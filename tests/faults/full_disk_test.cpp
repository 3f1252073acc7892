// A full disk, without root: the child runs with RLIMIT_FSIZE (SIGXFSZ ignored), so any write
// past the limit fails with EFBIG, in the database, its WAL and the log alike. The log file is
// already past the limit, so every log line the server writes fails too. Writes through the API
// must answer 503 or 507 problem+json and change nothing; reads that need no write keep working;
// the process lives on; after a restart without the limit the file is sound and holds exactly
// the writes that were answered 201.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "crypto/sodium.hpp"
#include "faults/fault_support.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace registre::faults;

namespace {

// Room left for the WAL and the database to grow: a few dozen member writes.
constexpr rlim_t kHeadroom = 256 * 1024;

std::string member_body(const std::string& last_name) {
  return nlohmann::json{
      {"firstName", "Prénom"}, {"lastName", last_name}, {"notes", std::string(4000, 'n')}}
      .dump();
}

bool is_storage_problem(const Answer& a) {
  if (a.status != 503 && a.status != 507) return false;
  if (a.content_type != "application/problem+json") return false;
  const auto j = a.json();
  return j.is_object() && j["status"] == a.status && j.contains("title") && j.contains("detail");
}

}  // namespace

TEST_CASE(
    "faults: a full disk answers 503/507 problem+json, keeps reads and the process alive, "
    "and corrupts nothing") {
  REQUIRE(crypto::initialize());
  test_support::TempDir dir;
  ChildOptions options = child_options(dir);

  std::int64_t members_before = 0, batches_before = 0;
  {
    ChildServer server(options);
    auto http = server.client();
    const Answer seeded =
        call(http, "POST", kOrg + "/imports?mode=apply", members_csv(200, "seed"), "text/csv");
    REQUIRE_MESSAGE(seeded.status == 201, seeded.body.substr(0, 500));
    REQUIRE(server.stop() == 0);
    DatabaseFile db(options.storage_dir);
    members_before = db.count("SELECT count(*) FROM members");
    batches_before = db.count("SELECT count(*) FROM import_batches");
  }
  const auto db_size = std::filesystem::file_size(options.storage_dir + "/registre.sqlite3");
  const rlim_t limit = static_cast<rlim_t>(db_size) + kHeadroom;
  // The log is already longer than the limit: every line the server writes to it fails.
  REQUIRE(::truncate(options.log_path.c_str(), static_cast<off_t>(limit + 1)) == 0);

  std::vector<std::string> created, refused;
  bool list_served = false;
  {
    options.file_size_limit = limit;
    ChildServer server(options);
    auto http = server.client();
    Answer failure;
    for (int i = 0; i < 400 && failure.status == 0; ++i) {
      const std::string name = "Plein" + std::to_string(i);
      const Answer a = call(http, "POST", kOrg + "/members", member_body(name));
      if (a.status == 201) {
        created.push_back(name);
      } else {
        refused.push_back(name);
        failure = a;
      }
    }
    REQUIRE_MESSAGE(failure.status != 0, "the limit was never reached");
    MESSAGE("full disk: " << created.size() << " members written, then " << failure.status << " "
                          << failure.body);
    CHECK_MESSAGE(is_storage_problem(failure), failure.status << " " << failure.body);

    // Every further write fails the same way, whole: a member, an import of 2 000 lines.
    for (int i = 0; i < 5; ++i) {
      const std::string name = "Refus" + std::to_string(i);
      const Answer a = call(http, "POST", kOrg + "/members", member_body(name));
      CHECK_MESSAGE(is_storage_problem(a), a.status << " " << a.body);
      if (a.status == 201)
        created.push_back(name);
      else
        refused.push_back(name);
    }
    const Answer import =
        call(http, "POST", kOrg + "/imports?mode=apply", members_csv(2000, "full"), "text/csv");
    CHECK_MESSAGE(is_storage_problem(import), import.status << " " << import.body.substr(0, 300));
    // In French too, when asked.
    const Answer fr = call(http, "POST", kOrg + "/members", member_body("RefusFr"),
                           "application/json", {{"Accept-Language", "fr"}});
    refused.push_back("RefusFr");
    CHECK_MESSAGE(is_storage_problem(fr), fr.status << " " << fr.body);
    CHECK(fr.json().value("detail", "").find("Rien n'a été modifié") != std::string::npos);

    // Reads that write nothing keep working.
    CHECK(call(http, "GET", "/heartbeat").status == 200);
    CHECK(call(http, "GET", kOrg + "/retention/settings").status == 200);
    CHECK(call(http, "GET", kOrg + "/fields").status == 200);
    CHECK(call(http, "GET", kOrg + "/processing-register?format=json").status == 200);
    // Reads of member records are audited in the same breath; without room for the audit entry
    // they are refused the same way rather than served unaudited.
    const Answer listed = call(http, "GET", kOrg + "/members?limit=10");
    CHECK_MESSAGE((listed.status == 200 || is_storage_problem(listed)),
                  listed.status << " " << listed.body.substr(0, 300));
    MESSAGE("full disk: an audited list page answers " << listed.status);
    list_served = listed.status == 200;

    CHECK_MESSAGE(server.running(), "the server died: " << server.how_it_ended());
    const int status = server.stop();
    MESSAGE("full disk: the server stopped with status " << status);
  }

  // Without the limit: the file is sound and holds exactly what was answered 201.
  options.file_size_limit.reset();
  ChildServer server(options);
  DatabaseFile db(options.storage_dir);
  CHECK(db.integrity_check() == "ok");
  CHECK(db.count("SELECT count(*) FROM members") ==
        members_before + static_cast<std::int64_t>(created.size()));
  CHECK(db.count("SELECT count(*) FROM members WHERE last_name LIKE 'Refus%'") == 0);
  for (const auto& name : refused) {
    CHECK(db.count("SELECT count(*) FROM members WHERE last_name = '" + name + "'") == 0);
  }
  CHECK(db.count("SELECT count(*) FROM members WHERE email LIKE '%.full@example.org'") == 0);
  CHECK(db.count("SELECT count(*) FROM import_batches") == batches_before);
  // A list page served on the full disk was audited: never served without its entry.
  CHECK(db.count("SELECT count(*) FROM audit_log WHERE action = 'members.listed'") ==
        (list_served ? 1 : 0));
  CHECK(db.count("SELECT count(*) FROM member_search") == db.count("SELECT count(*) FROM members"));
  auto http = server.client();
  const auto verified = expect(http, "GET", "/admin/v1/audit/verify", nullptr, 200);
  CHECK_MESSAGE(verified["intact"] == true, verified.dump());
  // And writing works again.
  expect(http, "POST", kOrg + "/members", nlohmann::json::parse(member_body("Après")), 201);
}
