// The AppAPI lifecycle over real HTTP, against the fake Nextcloud playing the captured traffic.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "fakes/fake_nextcloud.hpp"
#include "running_app.hpp"

using namespace registre;
using namespace registre::fakes;
using namespace std::chrono_literals;

namespace {

std::set<std::string> keys_of(const nlohmann::json& object) {
  std::set<std::string> keys;
  for (const auto& [k, v] : object.items()) keys.insert(k);
  return keys;
}

// The headers the app must send on every call, compared with what the capture stub sent.
void check_app_api_headers(const FakeNextcloud::RecordedRequest& r, const Exchange& captured) {
  for (const char* name : {"EX-APP-ID", "EX-APP-VERSION", "AUTHORIZATION-APP-API", "OCS-APIRequest",
                           "Accept", "AA-VERSION"}) {
    CHECK_MESSAGE(r.header(name) == captured_header(captured.request_headers, name).value_or("?"),
                  name << " on " << r.method << " " << r.path);
  }
  if (!r.body.empty()) CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
}

struct Registered {
  FakeNextcloud nextcloud;
  test_support::RunningApp app{test_support::nextcloud_config(nextcloud.url())};
  Registered() { nextcloud.set_app("127.0.0.1", app.port()); }
};

}  // namespace

TEST_CASE("registration: heartbeat, init with progress to 100, re-entrant enable, UI registered") {
  Registered r;
  auto heartbeat = r.nextcloud.heartbeat();
  CHECK(heartbeat.status == 200);
  CHECK(heartbeat.body == R"({"status":"ok"})");

  auto init = r.nextcloud.init();
  CHECK(init.status == 200);
  CHECK(nlohmann::json::parse(init.body).is_object());

  // progress 0, 50, 100; the last one only returns after Nextcloud called us back.
  REQUIRE(r.nextcloud.wait_for_request("PUT", "/ocs/v1.php/apps/app_api/ex-app/status", 10s, 3));
  r.app.app().jobs().drain();
  const auto captured_status = find_exchange("lifecycle.jsonl", 3);
  auto reports = r.nextcloud.requests_to("PUT", "/ocs/v1.php/apps/app_api/ex-app/status");
  REQUIRE(reports.size() == 3);
  std::vector<int> progress;
  for (const auto& report : reports) {
    CHECK(report.path == captured_status.path);  // ...?format=json
    check_app_api_headers(report, captured_status);
    auto body = report.json();
    REQUIRE(body.has_value());
    CHECK_FALSE(body->contains("error"));
    progress.push_back((*body)["progress"].get<int>());
  }
  CHECK(progress == std::vector<int>{0, 50, 100});

  // Nextcloud's callbacks made while it handled progress=100 were answered: the server served
  // them while its own outgoing call waited.
  auto callbacks = r.nextcloud.enable_results();
  REQUIRE(callbacks.size() == 2);
  CHECK(callbacks[0].path == "/heartbeat");
  CHECK(callbacks[0].status == 200);
  CHECK(callbacks[1].path == "/enabled?enabled=1");
  CHECK(callbacks[1].status == 200);
  CHECK(callbacks[1].body == R"({"error":""})");
  CHECK(r.app.app().lifecycle()->enabled());

  // The UI registration, in the captured order and shapes (ui.jsonl seq 1 to 5).
  const char* endpoints[] = {"top-menu", "script", "style", "initial-state", "settings"};
  auto all = r.nextcloud.requests();
  std::vector<FakeNextcloud::RecordedRequest> ui;
  for (const auto& req : all) {
    if (req.path.rfind("/ocs/v1.php/apps/app_api/api/v1/ui/", 0) == 0) ui.push_back(req);
  }
  REQUIRE(ui.size() == 5);
  for (int i = 0; i < 5; ++i) {
    const auto captured = find_exchange("ui.jsonl", i + 1);
    INFO("ui endpoint " << endpoints[i]);
    CHECK(ui[i].method == "POST");
    CHECK(ui[i].path == captured.path);
    check_app_api_headers(ui[i], captured);
    auto body = ui[i].json();
    REQUIRE(body.has_value());
    CHECK(keys_of(*body) == keys_of(*captured.request_json));
  }
  CHECK(*ui[0].json() == nlohmann::json::parse(R"({"name":"main","displayName":"Registre","icon":"img/app.svg","adminRequired":0})"));
  CHECK(*ui[1].json() == *find_exchange("ui.jsonl", 2).request_json);  // script: js/registre-main
  CHECK(*ui[2].json() == *find_exchange("ui.jsonl", 3).request_json);  // style: css/registre-style
  const auto state = *ui[3].json();
  CHECK(state["key"] == "registre-config");
  CHECK(state["value"]["baseUrl"] == "/index.php/apps/app_api/proxy/registre/");
  const auto form = (*ui[4].json())["formScheme"];
  CHECK(keys_of(form) == keys_of((*find_exchange("ui.jsonl", 5).request_json)["formScheme"]));
  CHECK(form["section_type"] == "admin");
  // The settings page strips "<appid>_" from form ids when saving (NEXTCLOUD.md §8).
  CHECK(form["id"].get<std::string>().find("registre_") == std::string::npos);
  for (const auto& field : form["fields"]) {
    CHECK(field.contains("id"));
    CHECK(field.contains("type"));
    CHECK_FALSE(field.value("sensitive", false));  // secrets stay out of declarative forms
  }

  // The registration calls were made during the status=100 call (after it arrived).
  std::size_t status_100_index = 0, top_menu_index = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto body = all[i].json();
    if (all[i].path.find("ex-app/status") != std::string::npos && body && (*body)["progress"] == 100) status_100_index = i;
    if (all[i].path.find("ui/top-menu") != std::string::npos) top_menu_index = i;
  }
  CHECK(top_menu_index > status_100_index);
}

TEST_CASE("disable removes the UI, enable registers it again") {
  Registered r;
  auto off = r.nextcloud.set_enabled(false);
  CHECK(off.status == 200);
  CHECK(off.body == R"({"error":""})");
  auto deletes = r.nextcloud.requests_to("DELETE", "/ocs/v1.php/apps/app_api/api/v1/ui/");
  REQUIRE(deletes.size() == 5);
  CHECK(deletes[0].path == "/ocs/v1.php/apps/app_api/api/v1/ui/top-menu?name=main&format=json");
  CHECK(deletes[1].path == "/ocs/v1.php/apps/app_api/api/v1/ui/script?format=json");
  CHECK(*deletes[1].json() == nlohmann::json::parse(R"({"type":"top_menu","name":"main","path":"js/registre-main"})"));
  CHECK(deletes[2].path.find("ui/style?type=top_menu&name=main&path=css/registre-style") != std::string::npos);
  CHECK(deletes[3].path.find("ui/initial-state?type=top_menu&name=main&key=registre-config") != std::string::npos);
  CHECK(deletes[4].path.find("ui/settings?formId=registre-admin") != std::string::npos);
  for (const auto& d : deletes) check_app_api_headers(d, find_exchange("ui.jsonl", 15));
  CHECK_FALSE(r.app.app().lifecycle()->enabled());

  r.nextcloud.clear();
  auto on = r.nextcloud.set_enabled(true);
  CHECK(on.body == R"({"error":""})");
  CHECK(r.nextcloud.requests_to("POST", "/ocs/v1.php/apps/app_api/api/v1/ui/").size() == 5);
}

TEST_CASE("an enable whose UI registration Nextcloud refuses answers a non-empty error") {
  Registered r;
  // Nextcloud answers the top-menu registration with its captured v1 failure (HTTP 200, OCS 996).
  r.nextcloud.answer_with("POST", "/ocs/v1.php/apps/app_api/api/v1/ui/top-menu", 26, "ui.jsonl");
  auto on = r.nextcloud.set_enabled(true);
  REQUIRE(on.status == 200);
  auto body = nlohmann::json::parse(on.body);
  CHECK_FALSE(body["error"].get<std::string>().empty());
  CHECK(body["error"].get<std::string>().find("996") != std::string::npos);
  CHECK_FALSE(r.app.app().lifecycle()->enabled());
  // It stopped at the failing step.
  CHECK(r.nextcloud.requests_to("POST", "/ocs/v1.php/apps/app_api/api/v1/ui/script").empty());
}

TEST_CASE("an init whose checks fail reports the error and the app then refuses to serve") {
  Registered r;
  // The storage volume disappears under the running service.
  std::filesystem::remove_all(r.app.storage_dir());
  auto init = r.nextcloud.init();
  CHECK(init.status == 200);
  REQUIRE(r.nextcloud.wait_for_request("PUT", "/ocs/v1.php/apps/app_api/ex-app/status", 10s, 2));
  r.app.app().jobs().drain();
  auto reports = r.nextcloud.requests_to("PUT", "/ocs/v1.php/apps/app_api/ex-app/status");
  REQUIRE(reports.size() == 2);
  CHECK((*reports[0].json())["progress"] == 0);
  auto failure = *reports[1].json();
  CHECK(failure["progress"].get<int>() < 100);
  CHECK(failure["error"].get<std::string>().find("not writable") != std::string::npos);
  CHECK(r.nextcloud.enable_results().empty());  // never reached 100
  CHECK_FALSE(r.app.app().lifecycle()->healthy());

  // Nextcloud leaves such an app listed as enabled: the app itself refuses work (503) ...
  auto me = r.nextcloud.proxy("GET", "/api/v1/me", "bob");
  CHECK(me.status == 503);
  CHECK(me.headers.find("Content-Type")->second == "application/problem+json");
  // ... and refuses to be enabled, while the heartbeat still answers.
  auto on = r.nextcloud.set_enabled(true);
  CHECK_FALSE(nlohmann::json::parse(on.body)["error"].get<std::string>().empty());
  CHECK(r.nextcloud.heartbeat().status == 200);
}

TEST_CASE("a credential Nextcloud refuses is not retried") {
  Registered r;
  r.nextcloud.fail_auth(true);
  CHECK(r.nextcloud.init().status == 200);
  REQUIRE(r.nextcloud.wait_for_request("PUT", "/ocs/v1.php/apps/app_api/ex-app/status", 10s, 1));
  r.app.app().jobs().drain();
  // One attempt only: a wrong secret counts as a brute-force attempt in Nextcloud.
  CHECK(r.nextcloud.requests().size() == 1);
}

TEST_CASE("a second init while one runs does not start another") {
  Registered r;
  CHECK(r.nextcloud.init().status == 200);
  CHECK(r.nextcloud.init().status == 200);
  REQUIRE(r.nextcloud.wait_for_request("PUT", "/ocs/v1.php/apps/app_api/ex-app/status", 10s, 3));
  r.app.app().jobs().drain();
  // Either the second init came while the first was queued or running (3 reports), or after it
  // finished (6 reports): never an interleaving of two runs.
  auto reports = r.nextcloud.requests_to("PUT", "/ocs/v1.php/apps/app_api/ex-app/status");
  REQUIRE((reports.size() == 3 || reports.size() == 6));
  for (std::size_t i = 0; i < reports.size(); ++i) {
    CHECK((*reports[i].json())["progress"] == std::vector<int>{0, 50, 100}[i % 3]);
  }
}
