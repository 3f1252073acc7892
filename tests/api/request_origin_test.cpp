// Requests that a page of another site makes a browser send: refused before they change anything
// (Fetch Metadata), and, in standalone mode, requests addressed to a name that is not loopback
// (DNS rebinding). Standalone mode is where both matter most (no login at all), and the router's
// check is the same in Nextcloud mode.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "running_app.hpp"

using namespace registre;

namespace {

// How many members of the demo organisation are named `last_name`.
std::size_t members_named(httplib::Client& client, const std::string& last_name) {
  auto res = client.Get("/api/v1/organizations/1/members?q=" + last_name);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return nlohmann::json::parse(res->body)["items"].size();
}

}  // namespace

TEST_CASE("a change sent by a page of another site is refused and changes nothing") {
  test_support::RunningApp app(test_support::standalone_config());
  httplib::Client client = app.client();
  const std::string body = R"({"lastName":"Crosssite"})";

  for (const char* site : {"cross-site", "same-site"}) {
    auto res = client.Post("/api/v1/organizations/1/members", {{"Sec-Fetch-Site", site}}, body,
                           "application/json");
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 403, site << " -> " << res->status << " " << res->body);
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
  }
  // A form of another site posting as text/plain (no preflight) is refused the same way.
  auto form = client.Post("/api/v1/organizations/1/members", {{"Sec-Fetch-Site", "cross-site"}},
                          body, "text/plain");
  REQUIRE(form);
  CHECK(form->status == 403);
  CHECK(members_named(client, "Crosssite") == 0);

  // Reads stay open (another site cannot read the answer anyway), and the app's own pages
  // (same origin), direct requests ("none") and clients without the header may change things.
  auto read = client.Get("/api/v1/organizations/1/members", {{"Sec-Fetch-Site", "cross-site"}});
  REQUIRE(read);
  CHECK(read->status == 200);
  for (const char* site : {"same-origin", "none", ""}) {
    httplib::Headers headers;
    if (*site) headers.emplace("Sec-Fetch-Site", site);
    auto res = client.Post("/api/v1/organizations/1/members", headers, body, "application/json");
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 201, site << " -> " << res->status << " " << res->body);
  }
  CHECK(members_named(client, "Crosssite") == 3);
}

TEST_CASE("standalone mode answers only requests addressed to a loopback name") {
  test_support::RunningApp app(test_support::standalone_config());
  httplib::Client client = app.client();
  const std::string port = std::to_string(app.port());

  // A page of evil.example whose name was re-pointed at 127.0.0.1 (DNS rebinding).
  for (const std::string& host :
       std::vector<std::string>{"evil.example:" + port, "evil.example", "127.0.0.1.evil.example"}) {
    auto res = client.Get("/api/v1/organizations/1/members", {{"Host", host}});
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 401, host << " -> " << res->status);
    CHECK(res->body.find("\"items\"") == std::string::npos);
  }
  for (const std::string& host : std::vector<std::string>{"127.0.0.1:" + port, "localhost:" + port,
                                                          "[::1]:" + port, "localhost"}) {
    auto res = client.Get("/api/v1/organizations/1/members", {{"Host", host}});
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 200, host << " -> " << res->status);
  }
  // The heartbeat needs no credential: it stays reachable whatever the name.
  auto beat = client.Get("/heartbeat", {{"Host", "evil.example"}});
  REQUIRE(beat);
  CHECK(beat->status == 200);
}
