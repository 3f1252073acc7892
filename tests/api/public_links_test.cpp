// Public links and "my membership" over real HTTP (standalone mode: the local administrator
// creates the links; the public route is reached as Nextcloud's proxy would forward it).
#include <doctest/doctest.h>

#include "running_app.hpp"

using namespace registre;

namespace {

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();
  int newsletter = 0;
  int member = 0;

  Api() {
    newsletter = post("/api/v1/organizations/1/purposes", {{"preset", "newsletter"}})["id"];
    member = post("/api/v1/organizations/1/members", {{"lastName", "Lien"}})["id"];
  }
  httplib::Result send(const std::string& method, const std::string& path,
                       const std::string& body = "") {
    if (method == "POST") return client.Post(path, body, "application/json");
    if (method == "DELETE") return client.Delete(path);
    return client.Get(path);
  }
  nlohmann::json call(const std::string& method, const std::string& path, const std::string& body,
                      int expected) {
    auto res = send(method, path, body);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == expected,
                    method << " " << path << " -> " << res->status << " " << res->body);
    return nlohmann::json::parse(res->body);
  }
  nlohmann::json post(const std::string& path, const nlohmann::json& body, int expected = 201) {
    return call("POST", path, body.dump(), expected);
  }
  std::string links() {
    return "/api/v1/organizations/1/members/" + std::to_string(member) + "/links";
  }
  std::size_t ledger_size() {
    return call("GET",
                "/api/v1/organizations/1/members/" + std::to_string(member) + "/consents/history",
                "", 200)["items"]
        .size();
  }
};

}  // namespace

TEST_CASE(
    "a member withdraws through a public link: in the ledger, channel public_link, chain intact") {
  Api api;
  const auto link = api.post(api.links(), nlohmann::json::object());
  const std::string page = "/" + link["path"].get<std::string>();
  CHECK(link["state"] == "active");

  const auto view = api.call("GET", page, "", 200);
  CHECK(view["organizationName"].is_string());
  REQUIRE(view["items"].size() == 1);
  CHECK(view["items"][0]["canDecide"] == true);
  CHECK(view["items"][0]["currentVersion"]["textFr"].is_string());
  CHECK(view["items"][0]["currentVersion"]["textEn"].is_string());
  CHECK(view["items"][0]["state"] == "none");

  api.post(page, {{"purposeId", api.newsletter}, {"decision", "given"}});
  const auto line = api.post(page, {{"purposeId", api.newsletter}, {"decision", "withdrawn"}});
  CHECK(line["state"] == "withdrawn");

  const auto history = api.call(
      "GET", "/api/v1/organizations/1/members/" + std::to_string(api.member) + "/consents/history",
      "", 200);
  REQUIRE(history["items"].size() == 2);
  CHECK(history["items"][1]["decision"] == "withdrawn");
  CHECK(history["items"][1]["channel"] == "public_link");
  const auto verified = api.call("GET", "/admin/v1/organizations/1/ledger/verify", "", 200);
  CHECK(verified["intact"] == true);
  CHECK(verified["eventsChecked"] == 2);

  // The managers' list never shows a token.
  const auto list = api.call("GET", api.links(), "", 200);
  REQUIRE(list["items"].size() == 1);
  CHECK_FALSE(list["items"][0].contains("token"));
  CHECK(list["items"][0].dump().find(link["token"].get<std::string>()) == std::string::npos);
}

TEST_CASE("wrong, malformed and revoked tokens get the very same 404") {
  Api api;
  const auto link = api.post(api.links(), {{"expiresInDays", 3}});
  const std::string page = "/" + link["path"].get<std::string>();
  api.call("GET", page, "", 200);
  api.call("DELETE", api.links() + "/" + std::to_string(link["id"].get<int>()), "", 200);

  std::string wrong = link["token"].get<std::string>();
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  std::vector<std::string> bodies;
  for (const std::string& path :
       {page, "/public/v1/consents/" + wrong, std::string("/public/v1/consents/not-a-token")}) {
    auto res = api.send("GET", path);
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
    bodies.push_back(res->body);
    auto post = api.send(
        "POST", path, nlohmann::json{{"purposeId", api.newsletter}, {"decision", "given"}}.dump());
    REQUIRE(post);
    CHECK(post->status == 404);
    bodies.push_back(post->body);
  }
  for (const auto& b : bodies)
    CHECK(b == bodies.front());
  CHECK(api.ledger_size() == 0);
  const auto list = api.call("GET", api.links(), "", 200);
  CHECK(list["items"][0]["state"] == "revoked");
}

TEST_CASE("token guessing is limited: 429 with Retry-After, then even a valid link waits") {
  Api api;
  const auto link = api.post(api.links(), nlohmann::json::object());
  int status = 404;
  int tries = 0;
  std::string retry_after, cache_control;
  while (status == 404 && tries < 100) {
    auto res = api.send("GET", "/public/v1/consents/" + std::string(64, 'f'));
    REQUIRE(res);
    status = res->status;
    retry_after = res->get_header_value("Retry-After");
    cache_control = res->get_header_value("Cache-Control");
    ++tries;
  }
  CHECK(status == 429);
  CHECK(tries == 21);  // 20 failures per address per 15 minutes
  REQUIRE_FALSE(retry_after.empty());
  CHECK(std::stoi(retry_after) > 0);
  CHECK(cache_control == "no-store");
  auto valid = api.send("GET", "/" + link["path"].get<std::string>());
  REQUIRE(valid);
  CHECK(valid->status == 429);
}

TEST_CASE("bad input names the field and records nothing") {
  Api api;
  const auto refused = api.post(api.links(), {{"expiresInDays", 366}}, 422);
  CHECK(refused["errors"][0]["field"] == "expiresInDays");
  CHECK(api.call("GET", api.links(), "", 200)["items"].empty());
  const auto link = api.post(api.links(), nlohmann::json::object());
  const std::string page = "/" + link["path"].get<std::string>();
  CHECK(api.post(page, {{"purposeId", api.newsletter}, {"decision", "refused"}},
                 422)["errors"][0]["field"] == "decision");
  CHECK(api.post(page, {{"purposeId", 999}, {"decision", "given"}}, 422)["errors"][0]["field"] ==
        "purposeId");
  CHECK(api.post(page, {{"purposeId", api.newsletter}, {"decision", "given"}, {"colour", 1}},
                 422)["errors"][0]["field"] == "colour");
  CHECK(api.ledger_size() == 0);
}

TEST_CASE("my membership: a user linked to a member decides as themselves") {
  Api api;
  // The standalone actor is the local administrator "admin": link a member to that account.
  const auto me = api.post("/api/v1/organizations/1/members",
                           {{"lastName", "Moi"}, {"nextcloudUser", "admin"}});
  const auto memberships = api.call("GET", "/api/v1/me/memberships", "", 200);
  REQUIRE(memberships["items"].size() == 1);
  CHECK(memberships["items"][0]["memberId"] == me["id"]);
  const auto line = api.post("/api/v1/organizations/1/me/consents",
                             {{"purposeId", api.newsletter}, {"decision", "given"}});
  CHECK(line["state"] == "given");
  const auto history = api.call("GET",
                                "/api/v1/organizations/1/members/" +
                                    std::to_string(me["id"].get<int>()) + "/consents/history",
                                "", 200);
  REQUIRE(history["items"].size() == 1);
  CHECK(history["items"][0]["channel"] == "web");
  CHECK(history["items"][0]["recordedBy"] == "user:admin");
  CHECK(api.call("GET", "/api/v1/organizations/1/me/consents", "", 200)["items"][0]["state"] ==
        "given");
}
