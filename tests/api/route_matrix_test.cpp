// Walks every registered route with every kind of caller and checks the status the policy
// implies. A route added without a line here fails the test: no route escapes review.
#include <doctest/doctest.h>

#include <map>

#include "crypto/sodium.hpp"
#include "fakes/fake_nextcloud.hpp"
#include "running_app.hpp"

using namespace registre;
using namespace registre::fakes;

namespace {

enum Caller { no_credential, wrong_secret, nextcloud_itself, plain_user, admin_user, caller_count };
const char* caller_names[] = {"no credential", "wrong secret", "Nextcloud (no user)", "bob (user)",
                              "admin"};

// Expected status per caller, keyed by "METHOD pattern" as registered.
const std::map<std::string, std::array<int, caller_count>> kExpected = {
    {"GET /heartbeat", {200, 200, 200, 200, 200}},
    {"POST /init", {401, 401, 200, 403, 403}},
    {"PUT /enabled", {401, 401, 200, 403, 403}},
    {R"(GET /((?:js|css|img|l10n)/[A-Za-z0-9._/-]+))", {401, 401, 200, 200, 200}},
    {"GET /api/v1/me", {401, 401, 403, 200, 200}},
    {"GET /api/v1/organizations", {401, 401, 403, 200, 200}},
    {"GET /admin/v1/organizations", {401, 401, 403, 403, 200}},
};

}  // namespace

TEST_CASE("every route answers every kind of caller as the policy says") {
  FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());
  // Nextcloud's answer for admin's groups: the captured group list of that instance
  // (provisioning.jsonl seq 9, {"groups":["admin"]}), the same envelope as a user's groups.
  nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, "provisioning.jsonl");

  const auto& routes = app.app().router().routes();
  REQUIRE(routes.size() >= kExpected.size());
  for (const auto& route : routes) {
    const std::string key = route.method + " " + route.pattern;
    auto expected = kExpected.find(key);
    if (expected == kExpected.end()) {
      FAIL_CHECK("route " << key << " has no line in the authorisation matrix test");
      continue;
    }
    for (int caller = 0; caller < caller_count; ++caller) {
      FakeNextcloud::AppAnswer answer;
      if (caller == plain_user || caller == admin_user) {
        answer = nextcloud.proxy(route.method, route.example_path, caller == admin_user ? "admin" : "bob");
      } else {
        auto headers = FakeNextcloud::captured_headers(find_exchange("lifecycle.jsonl", 2));
        if (caller == no_credential) headers.clear();
        if (caller == wrong_secret) {
          headers.erase("AUTHORIZATION-APP-API");
          headers.emplace("AUTHORIZATION-APP-API", crypto::base64_encode(":wrong-secret-0123456789"));
        }
        answer = nextcloud.raw(route.method, route.example_path, headers);
      }
      CHECK_MESSAGE(answer.status == expected->second[static_cast<std::size_t>(caller)],
                    key << " as " << caller_names[caller] << " -> " << answer.status << " " << answer.body);
      CHECK_MESSAGE(answer.headers.count("Cache-Control") == 1, key << " lacks Cache-Control");
    }
  }
  app.app().jobs().drain();
}
