// Data-subject requests over real HTTP (standalone mode, the local administrator).
#include <doctest/doctest.h>

#include <set>

#include "running_app.hpp"

using namespace registre;

namespace {

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();

  nlohmann::json call(const std::string& method, const std::string& path,
                      const nlohmann::json& body, int expected) {
    auto res =
        method == "POST" ? client.Post(path, body.dump(), "application/json") : client.Get(path);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == expected,
                    method << " " << path << " -> " << res->status << " " << res->body);
    return nlohmann::json::parse(res->body);
  }
  std::size_t audit_count(const std::string& action) {
    // Held in a variable: a range-for over a member of a temporary would read a dead object.
    const auto page = call("GET", "/api/v1/organizations/1/audit?limit=500", nullptr, 200);
    std::size_t n = 0;
    for (const auto& e : page["items"])
      if (e["action"] == action) ++n;
    return n;
  }
};

}  // namespace

TEST_CASE("a request received on 31 January is due on 28 February, extended to 30 April") {
  Api api;
  const auto opened = api.call("POST", "/api/v1/organizations/1/requests",
                               {{"kind", "access"}, {"receivedOn", "2026-01-31"}}, 201);
  CHECK(opened["dueOn"] == "2026-02-28");
  CHECK(opened["status"] == "open");
  CHECK(opened["overdue"] == true);  // the real clock is past February 2026
  const std::string one =
      "/api/v1/organizations/1/requests/" + std::to_string(opened["id"].get<int>());
  const auto extended =
      api.call("POST", one + "/extension",
               {{"extensionMonths", 2}, {"reason", "Archives à consulter."}}, 200);
  CHECK(extended["dueOn"] == "2026-04-30");
  CHECK(extended["status"] == "extended");
  const auto closed =
      api.call("POST", one + "/closure",
               {{"status", "closed"}, {"closureProof", "Réponse envoyée, copie dans Files."}}, 200);
  CHECK(closed["status"] == "closed");
  CHECK(closed["overdue"] == false);
  CHECK(api.call("GET", "/api/v1/organizations/1/requests", nullptr, 200)["items"].empty());
  CHECK(api.call("GET", "/api/v1/organizations/1/requests?status=all", nullptr, 200)["items"]
            .size() == 1);
  CHECK(api.audit_count("request.opened") == 1);
  CHECK(api.audit_count("request.extended") == 1);
  CHECK(api.audit_count("request.closed") == 1);
}

TEST_CASE("a request without a kind, or for a member of another organisation, records nothing") {
  Api api;
  api.call("POST", "/admin/v1/organizations", {{"slug", "autre"}, {"name", "Autre"}}, 201);
  const auto stranger =
      api.call("POST", "/api/v1/organizations/2/members", {{"lastName", "Autre"}}, 201);
  const auto refused =
      api.call("POST", "/api/v1/organizations/1/requests", {{"memberId", stranger["id"]}}, 422);
  std::set<std::string> fields;
  for (const auto& e : refused["errors"])
    fields.insert(e["field"].get<std::string>());
  CHECK(fields == std::set<std::string>{"kind"});
  const auto other = api.call("POST", "/api/v1/organizations/1/requests",
                              {{"kind", "erasure"}, {"memberId", stranger["id"]}}, 422);
  CHECK(other["errors"][0]["field"] == "memberId");
  CHECK(other["type"] == "urn:registre:problem:invalid");
  CHECK(api.call("GET", "/api/v1/organizations/1/requests?status=all", nullptr, 200)["items"]
            .empty());
  CHECK(api.audit_count("request.opened") == 0);
}
