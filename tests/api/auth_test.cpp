// Authentication at the HTTP edge: every route but /heartbeat needs a valid AppAPI credential,
// failures are 401 problem+json and change nothing.
#include <doctest/doctest.h>

#include "crypto/sodium.hpp"
#include "fakes/fake_nextcloud.hpp"
#include "running_app.hpp"

using namespace registre;
using namespace registre::fakes;
using namespace std::chrono_literals;

namespace {

// The captured POST /init headers (lifecycle.jsonl seq 2), altered one way or another.
httplib::Headers init_headers() { return FakeNextcloud::captured_headers(find_exchange("lifecycle.jsonl", 2)); }

void set(httplib::Headers& h, const std::string& name, const std::string& value) {
  h.erase(name);
  h.emplace(name, value);
}

void check_problem(const FakeNextcloud::AppAnswer& answer, int status) {
  CHECK(answer.status == status);
  auto type = answer.headers.find("Content-Type");
  REQUIRE(type != answer.headers.end());
  CHECK(type->second == "application/problem+json");
  CHECK(answer.headers.find("Cache-Control") != answer.headers.end());
  auto body = nlohmann::json::parse(answer.body);
  CHECK(body["status"] == status);
  CHECK(body["type"].get<std::string>().rfind("urn:registre:problem:", 0) == 0);
  CHECK(body["title"].is_string());
}

}  // namespace

TEST_CASE("bad credentials get 401 problem+json and nothing happens") {
  FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());

  struct Case {
    const char* what;
    std::function<void(httplib::Headers&)> alter;
  };
  const std::vector<Case> cases = {
      {"wrong secret", [](httplib::Headers& h) {
         set(h, "AUTHORIZATION-APP-API", crypto::base64_encode(":wrong-secret"));
       }},
      {"wrong app id", [](httplib::Headers& h) { set(h, "EX-APP-ID", "registre_err"); }},
      {"no EX-APP-ID", [](httplib::Headers& h) { h.erase("EX-APP-ID"); }},
      {"no EX-APP-VERSION", [](httplib::Headers& h) { h.erase("EX-APP-VERSION"); }},
      {"no AUTHORIZATION-APP-API", [](httplib::Headers& h) { h.erase("AUTHORIZATION-APP-API"); }},
      {"garbage credential", [](httplib::Headers& h) { set(h, "AUTHORIZATION-APP-API", "%%%"); }},
      {"no headers at all", [](httplib::Headers& h) { h.clear(); }},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto headers = init_headers();
    c.alter(headers);
    check_problem(nextcloud.raw("POST", "/init", headers), 401);
    auto enable_headers = headers;
    check_problem(nextcloud.raw("PUT", "/enabled?enabled=1", enable_headers), 401);
    auto me = nextcloud.raw("GET", "/api/v1/me", headers);
    check_problem(me, 401);
  }
  app.app().jobs().drain();
  // No init ran, no UI was registered: the app called Nextcloud not once.
  CHECK(nextcloud.requests().empty());
  CHECK_FALSE(app.app().lifecycle()->enabled());
}

TEST_CASE("the heartbeat needs no credential") {
  FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  auto res = app.client().Get("/heartbeat");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == R"({"status":"ok"})");
  CHECK(res->get_header_value("Content-Type") == "application/json");
  CHECK(res->get_header_value("Cache-Control") == "no-store");
}

TEST_CASE("an unknown route, an unknown method and PATCH get 404/405 problem+json") {
  FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());
  check_problem(nextcloud.proxy("GET", "/api/v1/no-such-thing", "bob"), 404);
  check_problem(nextcloud.proxy("DELETE", "/api/v1/me", "bob"), 404);
  auto c = app.client();
  auto patch = c.Patch("/api/v1/me", "{}", "application/json");
  REQUIRE(patch);
  CHECK(patch->status == 404);
  CHECK(patch->get_header_value("Content-Type") == "application/problem+json");
  auto fr = c.Get("/nothing", {{"Accept-Language", "fr-FR,fr;q=0.9"}});
  REQUIRE(fr);
  CHECK(nlohmann::json::parse(fr->body)["title"] == "Rien n'a été trouvé à cette adresse.");
}

TEST_CASE("a body over the limit gets 413 problem+json before any handler runs") {
  FakeNextcloud nextcloud;
  auto config = test_support::nextcloud_config(nextcloud.url());
  config.max_upload_bytes = 4096;
  test_support::RunningApp app(config);
  nextcloud.set_app("127.0.0.1", app.port());
  auto answer = nextcloud.raw("POST", "/init", init_headers(), std::string(8192, 'x'));
  check_problem(answer, 413);
  app.app().jobs().drain();
  CHECK(nextcloud.requests().empty());  // the init did not start
}

TEST_CASE("a proxied user request authenticates as that user, asking Nextcloud for admin status") {
  FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());
  auto me = nextcloud.proxy("GET", "/api/v1/me", "bob");
  REQUIRE(me.status == 200);
  auto body = nlohmann::json::parse(me.body);
  CHECK(body["userId"] == "bob");
  CHECK(body["isAdmin"] == false);  // captured: bob's groups are []
  CHECK(body["mode"] == "nextcloud");
  // The app asked as bob himself (provisioning.jsonl seq 7 is that exact call).
  auto asked = nextcloud.requests_to("GET", "/ocs/v2.php/cloud/users/bob/groups");
  REQUIRE(asked.size() == 1);
  CHECK(asked[0].header("AUTHORIZATION-APP-API") == crypto::base64_encode(std::string("bob:") + FakeNextcloud::kSecret));
  CHECK(asked[0].header("OCS-APIRequest") == "true");
  // The answer is cached briefly: a second request does not ask again.
  CHECK(nextcloud.proxy("GET", "/api/v1/me", "bob").status == 200);
  CHECK(nextcloud.requests_to("GET", "/ocs/v2.php/cloud/users/bob/groups").size() == 1);
}

TEST_CASE("when Nextcloud cannot say whether a user is an admin, admin routes fail closed") {
  FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());
  nextcloud.fail_auth(true);
  auto answer = nextcloud.proxy("GET", "/admin/v1/organizations", "bob");
  check_problem(answer, 502);
}

TEST_CASE("logs carry neither the secret nor the user's credentials") {
  std::mutex mutex;
  std::vector<std::string> lines;
  log::set_level(log::Level::debug);
  log::set_sink([&](const std::string& line) {
    std::lock_guard lock(mutex);
    lines.push_back(line);
  });
  {
    FakeNextcloud nextcloud;
    test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
    nextcloud.set_app("127.0.0.1", app.port());
    nextcloud.proxy("GET", "/api/v1/me?search=Dupont", "bob");
    auto headers = init_headers();
    set(headers, "AUTHORIZATION-APP-API", crypto::base64_encode("mallory:guessed-secret"));
    nextcloud.raw("POST", "/init", headers);
    CHECK(nextcloud.init().status == 200);
    nextcloud.wait_for_request("PUT", "/ocs/v1.php/apps/app_api/ex-app/status", 10s, 3);
    app.app().jobs().drain();
  }
  log::set_sink(nullptr);
  log::set_level(log::Level::error);
  REQUIRE_FALSE(lines.empty());
  const std::string secret_b64 = crypto::base64_encode(std::string("bob:") + FakeNextcloud::kSecret);
  for (const auto& line : lines) {
    CHECK(line.find(FakeNextcloud::kSecret) == std::string::npos);
    CHECK(line.find(secret_b64) == std::string::npos);
    CHECK(line.find("guessed-secret") == std::string::npos);
    CHECK(line.find("Dupont") == std::string::npos);        // query strings are not logged
    CHECK(line.find("Bob-Pass") == std::string::npos);      // the browser's Basic credentials
    CHECK(line.find("oc_sessionPassphrase") == std::string::npos);
  }
}

TEST_CASE("managers pick a member's Nextcloud account from AppAPI's user list, filtered and cached") {
  FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());
  nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, "provisioning.jsonl");
  // The picker belongs to an organisation: none exists yet.
  CHECK(nextcloud.proxy("GET", "/api/v1/organizations/1/nextcloud-users", "admin").status == 404);
  REQUIRE(nextcloud.proxy("POST", "/admin/v1/organizations", "admin", R"({"slug":"amis","name":"Les Amis"})",
                          "application/json").status == 201);
  auto all = nextcloud.proxy("GET", "/api/v1/organizations/1/nextcloud-users", "admin");
  REQUIRE(all.status == 200);
  CHECK(nlohmann::json::parse(all.body)["items"] == nlohmann::json::array({"admin", "bob"}));  // provisioning seq 30
  auto bo = nextcloud.proxy("GET", "/api/v1/organizations/1/nextcloud-users?search=BO", "admin");
  CHECK(nlohmann::json::parse(bo.body)["items"] == nlohmann::json::array({"bob"}));
  auto calls = nextcloud.requests_to("GET", "/ocs/v1.php/apps/app_api/api/v1/users");
  REQUIRE(calls.size() == 1);  // the second search used the cache
  CHECK(calls[0].header("AUTHORIZATION-APP-API") == crypto::base64_encode(std::string(":") + FakeNextcloud::kSecret));
}
