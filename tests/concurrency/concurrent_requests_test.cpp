// Many clients at once against the real service (its HTTP thread pool, connection pool, audit
// batcher and job runner all running). Built into the concurrency test binary, which CI also
// builds with ThreadSanitizer: these tests are where data races would show.
#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "api/running_app.hpp"

using namespace registre;

namespace {

constexpr int kThreads = 6;
const std::string kMembers = "/api/v1/organizations/1/members";

nlohmann::json json_of(const httplib::Result& res, int expected_status) {
  REQUIRE(res);
  REQUIRE_MESSAGE(res->status == expected_status, res->body);
  return nlohmann::json::parse(res->body);
}

std::string member_path(int id) {
  return kMembers + "/" + std::to_string(id);
}

}  // namespace

TEST_CASE("concurrent If-Match updates of one member: each version is granted once, none lost") {
  test_support::RunningApp app{test_support::standalone_config()};
  auto setup = app.client();
  const int id =
      json_of(setup.Post(kMembers, R"({"lastName":"Partagé"})", "application/json"), 201)["id"];

  constexpr int kUpdatesPerThread = 8;
  std::mutex mutex;
  std::map<std::string, std::string> city_by_etag;  // each ETag granted to exactly one writer
  std::atomic<int> refused_stale{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      auto client = app.client();
      for (int k = 0; k < kUpdatesPerThread;) {
        auto read = client.Get(member_path(id));
        if (!read || read->status != 200) {
          ++unexpected;
          return;
        }
        const std::string city = "Ville-" + std::to_string(t) + "-" + std::to_string(k);
        auto saved = client.Put(member_path(id), {{"If-Match", read->get_header_value("ETag")}},
                                nlohmann::json{{"city", city}}.dump(), "application/json");
        if (saved && saved->status == 412) {
          ++refused_stale;  // another writer got this version first: read again and retry
          continue;
        }
        if (!saved || saved->status != 200) {
          ++unexpected;
          return;
        }
        std::lock_guard lock(mutex);
        const bool first_grant = city_by_etag.emplace(saved->get_header_value("ETag"), city).second;
        if (!first_grant) ++unexpected;
        ++k;
      }
    });
  }
  for (auto& w : writers)
    w.join();

  CHECK(unexpected.load() == 0);
  CHECK(city_by_etag.size() == kThreads * kUpdatesPerThread);
  const auto final_state = json_of(setup.Get(member_path(id)), 200);
  const int final_version = final_state["version"];
  CHECK(final_version == 1 + kThreads * kUpdatesPerThread);
  // The stored city is the one written by whoever got the last version.
  const std::string last_etag = "\"" + std::to_string(final_version) + "\"";
  REQUIRE(city_by_etag.count(last_etag) == 1);
  CHECK(final_state["city"] == city_by_etag[last_etag]);
  MESSAGE("stale saves refused and retried: " << refused_stale.load());
}

TEST_CASE("concurrent creates, reads and consent decisions: every acknowledged write is stored") {
  test_support::RunningApp app{test_support::standalone_config()};
  auto setup = app.client();
  const int purpose = json_of(setup.Post("/api/v1/organizations/1/purposes",
                                         R"({"preset":"newsletter"})", "application/json"),
                              201)["id"];

  constexpr int kCreatesPerThread = 10;
  std::mutex mutex;
  std::set<int> created_ids;
  std::set<int> numbers;
  std::atomic<int> unexpected{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&, t] {
      auto client = app.client();
      for (int k = 0; k < kCreatesPerThread; ++k) {
        const std::string name = "Membre-" + std::to_string(t) + "-" + std::to_string(k);
        auto created =
            client.Post(kMembers, nlohmann::json{{"lastName", name}}.dump(), "application/json");
        if (!created || created->status != 201) {
          ++unexpected;
          continue;
        }
        const auto member = nlohmann::json::parse(created->body);
        const int id = member["id"];
        auto decided = client.Post(
            member_path(id) + "/consents",
            nlohmann::json{{"purposeId", purpose}, {"decision", "given"}, {"channel", "paper"}}
                .dump(),
            "application/json");
        if (!decided || decided->status != 201) ++unexpected;
        auto listed = client.Get(kMembers + "?limit=20");
        if (!listed || listed->status != 200) ++unexpected;
        std::lock_guard lock(mutex);
        created_ids.insert(id);
        numbers.insert(member["number"].get<int>());
      }
    });
  }
  for (auto& c : clients)
    c.join();

  CHECK(unexpected.load() == 0);
  CHECK(created_ids.size() == kThreads * kCreatesPerThread);
  CHECK(numbers.size() == kThreads * kCreatesPerThread);  // member numbers never handed out twice
  const auto total = json_of(setup.Get(kMembers + "?count=true&limit=1"), 200);
  CHECK(total["total"] == kThreads * kCreatesPerThread);
  for (const int id : created_ids) {
    const auto consents = json_of(setup.Get(member_path(id) + "/consents"), 200);
    bool given = false;
    for (const auto& line : consents["items"]) {
      if (line["purposeId"] == purpose) given = line["state"] == "given";
    }
    CHECK_MESSAGE(given, "member " << id);
  }
}
