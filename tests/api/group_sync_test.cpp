// Group sync and account reconciliation against the fake Nextcloud, whose answers all come from
// provisioning.jsonl: the dry run before the first sync, the captured provisioning calls (method,
// path, body, acting admin) and only for managed groups, who is left out (restricted, erased,
// not active), Nextcloud's errors (OCS v1 failures with HTTP 200 included), a second run with
// nothing to do, and the unlinking of members whose Nextcloud account was deleted.
#include <doctest/doctest.h>

#include <algorithm>

#include "crypto/sodium.hpp"
#include "fakes/fake_nextcloud.hpp"
#include "running_app.hpp"

using namespace registre;
using namespace registre::fakes;

namespace {

const std::string kOrg = "/api/v1/organizations/1";
const std::string kSync = "/admin/v1/organizations/1/group-sync";
constexpr const char* kProvisioning = "provisioning.jsonl";

struct Synced {
  FakeNextcloud nextcloud;
  test_support::RunningApp app{test_support::nextcloud_config(nextcloud.url())};
  std::int64_t lifetime = 0;

  Synced() {
    nextcloud.set_app("127.0.0.1", app.port());
    // admin is a Nextcloud administrator: its groups are the instance's ["admin"] (seq 9).
    nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, kProvisioning);
    send("POST", "/admin/v1/organizations", {{"slug", "amis"}, {"name", "Les Amis"}}, 201);
    lifetime =
        send("POST", kOrg + "/membership-types",
             {{"name", "Membre à vie"}, {"period", "lifetime"}, {"amountCents", 0}}, 201)["id"];
    app.app().jobs().drain();  // the periodic jobs' first runs, at start, are done
  }

  nlohmann::json send(const std::string& method, const std::string& path,
                      const nlohmann::json& body, int expected) {
    auto a = body.is_null()
                 ? nextcloud.proxy(method, path, "admin")
                 : nextcloud.proxy(method, path, "admin", body.dump(), "application/json");
    REQUIRE_MESSAGE(a.status == expected,
                    method << " " << path << " -> " << a.status << " " << a.body);
    return a.body.empty() ? nlohmann::json() : nlohmann::json::parse(a.body);
  }

  // An active member (a paid lifetime membership) whose record names `account`.
  std::int64_t active_member(const std::string& last_name, const std::string& account,
                             nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json body = {
        {"lastName", last_name}, {"admittedOn", "2020-01-01"}, {"nextcloudUser", account}};
    body.update(extra);
    const std::int64_t id = send("POST", kOrg + "/members", body, 201)["id"];
    send("POST", kOrg + "/members/" + std::to_string(id) + "/memberships",
         {{"typeId", lifetime}, {"startsOn", "2020-01-01"}, {"paidOn", "2020-01-01"}}, 201);
    return id;
  }
  nlohmann::json member(std::int64_t id) {
    return send("GET", kOrg + "/members/" + std::to_string(id), nullptr, 200);
  }

  // Calls the app with If-Match, which proxy() does not set: a captured proxied POST (proxy.jsonl
  // seq 5) as admin.
  FakeNextcloud::AppAnswer with_if_match(const std::string& method, const std::string& path,
                                         const std::string& etag, const std::string& body) {
    auto headers = FakeNextcloud::captured_headers(find_exchange("proxy.jsonl", 5));
    headers.erase("AUTHORIZATION-APP-API");
    headers.emplace("AUTHORIZATION-APP-API",
                    crypto::base64_encode(std::string("admin:") + FakeNextcloud::kSecret));
    headers.emplace("If-Match", etag);
    return nextcloud.raw(method, path, headers, body);
  }

  std::int64_t add_group(const nlohmann::json& body) {
    return send("POST", kSync + "/groups", body, 201)["id"];
  }
  nlohmann::json preview() { return send("POST", kSync + "/preview", nullptr, 200)["groups"]; }
  nlohmann::json last_run() {
    auto runs = send("GET", kSync + "/runs", nullptr, 200)["items"];
    REQUIRE(!runs.empty());
    return runs[0];
  }
  void run_now() {
    send("POST", kSync + "/runs", nullptr, 202);
    app.app().jobs().drain();
  }
  std::vector<std::string> audit_actions() {
    std::vector<std::string> out;
    const auto page = send("GET", kOrg + "/audit?limit=200", nullptr, 200);
    for (const auto& e : page["items"])
      out.push_back(e["action"]);
    return out;
  }

  // Requests the app sent to the provisioning API that change something.
  std::vector<FakeNextcloud::RecordedRequest> provisioning_writes() const {
    std::vector<FakeNextcloud::RecordedRequest> out;
    for (const auto& r : nextcloud.requests()) {
      if ((r.method == "POST" || r.method == "DELETE") && r.path.starts_with("/ocs/v2.php/cloud/"))
        out.push_back(r);
    }
    return out;
  }
};

std::string without_query(const std::string& path) {
  return path.substr(0, path.find('?'));
}

size_t count(const std::vector<std::string>& list, const std::string& value) {
  return static_cast<size_t>(std::count(list.begin(), list.end(), value));
}

}  // namespace

TEST_CASE(
    "group sync: a dry run first, then exactly the captured provisioning calls, for managed groups "
    "only") {
  Synced s;
  const auto bob = s.active_member("Martin", "bob");
  s.active_member("Restreinte", "carol", {{"restricted", true}});  // GDPR Art. 18: left out
  s.send("POST", kOrg + "/members", {{"lastName", "Candidat"}, {"nextcloudUser", "dave"}},
         201);  // applicant
  const auto erin = s.active_member("Efface", "erin");
  // erin is erased: her row is gone, and so is her account from every wanted set.
  const auto etag = s.nextcloud.proxy("GET", kOrg + "/members/" + std::to_string(erin), "admin");
  auto erased = s.with_if_match("POST", kOrg + "/members/" + std::to_string(erin) + "/erasure",
                                etag.headers.find("ETag")->second, "{}");
  REQUIRE_MESSAGE(erased.status == 200, erased.body);

  const auto team = s.add_group(
      {{"kind", "active_members"}, {"groupId", "registre-team"}, {"displayName", "Registre team"}});
  // A second managed group, never confirmed: the dry run shows it, no run touches it.
  s.send("POST", kOrg + "/fields", {{"key", "bureau"}, {"label", "Bureau"}, {"type", "boolean"}},
         201);
  s.add_group({{"kind", "board"}, {"fieldKey", "bureau"}, {"groupId", "registre-board"}});
  s.send("POST", kSync + "/groups", {{"kind", "active_members"}, {"groupId", "registre-team"}},
         409);  // managed
  CHECK(s.send("POST", kSync + "/groups",
               {{"kind", "board"}, {"fieldKey", "nope"}, {"groupId", "b2"}},
               422)["errors"][0]["field"] == "fieldKey");

  // No sync before a dry run showed the group.
  const std::string confirm = kSync + "/groups/" + std::to_string(team) + "/confirmation";
  s.send("POST", confirm, nullptr, 409);
  s.app.app().jobs().drain();
  CHECK(s.app.app().group_sync().run_all().value() == 0);  // nothing confirmed: nothing run

  // The group does not exist yet in Nextcloud (seq 19: 404 "The requested group could not be
  // found").
  s.nextcloud.answer_with("GET", "/ocs/v2.php/cloud/groups/registre-team/users", 19, kProvisioning);
  s.nextcloud.clear();
  const auto preview = s.preview();
  REQUIRE(preview.size() == 2);
  CHECK(preview[0]["groupId"] == "registre-team");
  CHECK(preview[0]["confirmed"] == false);
  CHECK(preview[0]["toCreate"] == true);
  CHECK(preview[0]["toAdd"] == nlohmann::json::parse(R"([{"userId":"bob","memberNumber":1}])"));
  CHECK(preview[0]["toRemove"].empty());
  CHECK(preview[1]["groupId"] == "registre-board");
  CHECK(preview[1]["toAdd"].empty());  // nobody's "bureau" box is ticked
  // The dry run only read.
  CHECK(s.provisioning_writes().empty());
  CHECK(s.nextcloud.requests_to("GET", "/ocs/v2.php/cloud/groups/").size() == 2);

  // Confirmed: the first sync runs at once (queued), acting as the confirming administrator.
  s.nextcloud.clear();
  CHECK(s.send("POST", confirm, nullptr, 200)["confirmedAt"].is_string());
  s.app.app().jobs().drain();
  const auto writes = s.provisioning_writes();
  REQUIRE(writes.size() == 2);
  const auto create = find_exchange(kProvisioning, 11);  // POST cloud/groups, group + display name
  const auto add = find_exchange(kProvisioning, 14);     // POST cloud/users/bob/groups
  CHECK(writes[0].method == create.method);
  CHECK(without_query(writes[0].path) == without_query(create.path));
  CHECK(writes[0].json() == create.request_json);
  CHECK(writes[1].method == add.method);
  CHECK(without_query(writes[1].path) == without_query(add.path));
  CHECK(writes[1].json() == add.request_json);
  for (const auto& w : writes) {
    CHECK(w.header("AUTHORIZATION-APP-API") ==
          captured_header(add.request_headers, "AUTHORIZATION-APP-API"));
    CHECK(w.header("OCS-APIRequest") == "true");
  }
  // Nothing about the restricted, the applicant or the erased, and nothing about the other group.
  for (const auto& r : s.nextcloud.requests()) {
    for (const char* absent : {"carol", "dave", "erin", "registre-board", "/cloud/groups/admin"}) {
      CHECK_MESSAGE(r.path.find(absent) == std::string::npos, r.method << " " << r.path);
      CHECK_MESSAGE(r.body.find(absent) == std::string::npos, r.method << " " << r.body);
    }
  }
  auto run = s.last_run();
  CHECK(run["trigger"] == "admin");
  CHECK(run["errorCount"] == 0);
  REQUIRE(run["groups"].size() == 1);  // the confirmed group only
  CHECK(run["groups"][0]["created"] == true);
  CHECK(run["groups"][0]["added"] == 1);
  CHECK(run["groups"][0]["removed"] == 0);
  auto actions = s.audit_actions();
  CHECK(count(actions, "group_sync.group_created") == 1);
  CHECK(count(actions, "group_sync.user_added") == 1);
  CHECK(count(actions, "group_sync.previewed") == 2);
  CHECK(count(actions, "group_sync.group_confirmed") == 1);

  // Nextcloud now holds bob (seq 15: users ["bob"]). A second run changes nothing.
  s.nextcloud.clear_overrides();
  s.nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, kProvisioning);
  s.nextcloud.clear();
  s.run_now();
  CHECK(s.provisioning_writes().empty());
  CHECK(s.nextcloud.requests_to("GET", "/ocs/v2.php/cloud/groups/registre-team/users").size() == 1);
  CHECK(s.last_run()["groups"][0]["added"] == 0);
  // The scheduled run skips the group without calling Nextcloud: nothing changed in the register.
  s.nextcloud.clear();
  CHECK(s.app.app().group_sync().run_all().value() == 1);
  CHECK(s.nextcloud.requests().empty());
  CHECK(s.last_run()["groups"][0]["skipped"] == true);
  CHECK(bob == 1);

  // Removing the group stops managing it; the Nextcloud group is not deleted.
  s.nextcloud.clear();
  s.send("DELETE", kSync + "/groups/" + std::to_string(team), nullptr, 204);
  s.send("DELETE", kSync + "/groups/" + std::to_string(team), nullptr, 404);
  s.run_now();
  CHECK(s.nextcloud.requests_to("DELETE", "/ocs/v2.php/cloud/groups").empty());
  CHECK(s.provisioning_writes().empty());
  CHECK(s.send("GET", kSync + "/groups", nullptr, 200)["items"].size() == 1);
}

TEST_CASE(
    "group sync: removes accounts no longer wanted, and reports Nextcloud's errors without "
    "crashing") {
  Synced s;
  // bob is in the group (seq 15) but his record is now restricted: he must leave it.
  s.active_member("Martin", "bob", {{"restricted", true}});
  const auto zoe = s.active_member("Zoe", "zoe");  // an account Nextcloud does not know
  const auto team = s.add_group({{"kind", "active_members"}, {"groupId", "registre-team"}});
  s.preview();
  s.nextcloud.clear();
  // The add fails the OCS v1 way: HTTP 200 with statuscode 404 "User does not exist" (seq 22).
  s.nextcloud.answer_with("POST", "/ocs/v2.php/cloud/users/zoe/groups", 22, kProvisioning);
  s.send("POST", kSync + "/groups/" + std::to_string(team) + "/confirmation", nullptr, 200);
  s.app.app().jobs().drain();

  const auto remove = find_exchange(kProvisioning, 17);  // DELETE cloud/users/bob/groups?groupid=
  const auto deletes = s.nextcloud.requests_to("DELETE", "/ocs/v2.php/cloud/users/");
  REQUIRE(deletes.size() == 1);
  CHECK(without_query(deletes[0].path) == without_query(remove.path));
  CHECK(deletes[0].path.find("groupid=registre-team") != std::string::npos);
  CHECK(deletes[0].body.empty());
  REQUIRE(s.nextcloud.requests_to("POST", "/ocs/v2.php/cloud/users/zoe/groups").size() == 1);

  auto run = s.last_run();
  CHECK(run["errorCount"] == 1);
  const auto& group = run["groups"][0];
  CHECK(group["removed"] == 1);
  CHECK(group["added"] == 0);
  REQUIRE(group["errors"].size() == 1);
  CHECK(group["errors"][0]["operation"] == "add");
  CHECK(group["errors"][0]["httpStatus"] == 200);
  CHECK(group["errors"][0]["ocsStatus"] == 404);
  CHECK(group["errors"][0]["memberNumber"] == s.member(zoe)["number"]);
  CHECK(count(s.audit_actions(), "group_sync.user_removed") == 1);
  CHECK(count(s.audit_actions(), "group_sync.user_added") == 0);

  // The failed add is retried by the next scheduled run (the group was not complete), once.
  s.nextcloud.clear();
  CHECK(s.app.app().group_sync().run_all().value() == 1);
  CHECK(s.nextcloud.requests_to("POST", "/ocs/v2.php/cloud/users/zoe/groups").size() == 1);
  // The fake still lists bob (seq 15): removing him again is the same diff, not a duplicate of
  // a change Nextcloud accepted; in Nextcloud he would be gone.
  CHECK(s.last_run()["trigger"] == "schedule");
}

TEST_CASE(
    "group sync: a group that already exists (statuscode 102, HTTP 200 on v1) counts as created") {
  Synced s;
  s.active_member("Martin", "bob");
  const auto team =
      s.add_group({{"kind", "role"}, {"role", "treasurer"}, {"groupId", "registre-team"}});
  s.send("POST", "/admin/v1/organizations/1/roles",
         {{"principalType", "user"}, {"principalId", "bob"}, {"role", "treasurer"}}, 201);
  s.nextcloud.answer_with("GET", "/ocs/v2.php/cloud/groups/registre-team/users", 19,
                          kProvisioning);                                          // 404
  s.nextcloud.answer_with("POST", "/ocs/v2.php/cloud/groups", 13, kProvisioning);  // v1: 200 + 102
  const auto preview = s.preview();
  CHECK(preview[0]["toAdd"] == nlohmann::json::parse(R"([{"userId":"bob","memberNumber":null}])"));
  s.nextcloud.clear();
  s.send("POST", kSync + "/groups/" + std::to_string(team) + "/confirmation", nullptr, 200);
  s.app.app().jobs().drain();
  CHECK(s.nextcloud.requests_to("POST", "/ocs/v2.php/cloud/groups").size() == 1);
  CHECK(s.nextcloud.requests_to("POST", "/ocs/v2.php/cloud/users/bob/groups").size() == 1);
  auto run = s.last_run();
  CHECK(run["errorCount"] == 0);
  CHECK(run["groups"][0]["kind"] == "role");
  CHECK(run["groups"][0]["added"] == 1);
}

TEST_CASE(
    "group sync: Nextcloud refusing the app stops the run, reports it, and pauses the schedule") {
  Synced s;
  s.active_member("Martin", "bob");
  const auto team = s.add_group({{"kind", "active_members"}, {"groupId", "registre-team"}});
  s.preview();
  s.nextcloud.clear();
  s.nextcloud.fail_auth(true);  // every call: the captured 401 "AppAPI authentication failed"
  s.send("POST", kSync + "/groups/" + std::to_string(team) + "/confirmation", nullptr, 200);
  s.app.app().jobs().drain();
  s.nextcloud.fail_auth(false);
  // One call for the group, refused; nothing after it.
  CHECK(s.nextcloud.requests_to("GET", "/ocs/v2.php/cloud/groups/registre-team/users").size() == 1);
  CHECK(s.provisioning_writes().empty());
  auto run = s.last_run();
  CHECK(run["errorCount"] == 1);
  CHECK(run["groups"][0]["errors"][0]["operation"] == "list");
  // Never a retry loop after a refusal: the scheduled runs wait.
  s.nextcloud.clear();
  CHECK(s.app.app().group_sync().run_all().value() == 0);
  CHECK(s.nextcloud.requests().empty());
}

TEST_CASE(
    "account reconciliation: unlinks a member whose account was deleted, not when the list fails") {
  Synced s;
  const auto bob = s.active_member("Martin", "bob");
  const auto ghost = s.active_member("Fantome", "ghost");  // no such account in Nextcloud
  const auto before = s.nextcloud.proxy("GET", kOrg + "/members/" + std::to_string(ghost), "admin");
  const std::string version_before = before.headers.find("ETag")->second;

  // The user list fails the OCS v1 way (seq 36: HTTP 200, statuscode 996): nothing is unlinked.
  s.nextcloud.answer_with("GET", "/ocs/v1.php/apps/app_api/api/v1/users", 36, kProvisioning);
  s.nextcloud.clear();
  auto skipped = s.app.app().group_sync().reconcile_accounts();
  REQUIRE(skipped);
  CHECK_FALSE(skipped.value().has_value());
  CHECK(s.nextcloud.requests_to("GET", "/ocs/v1.php/apps/app_api/api/v1/users").size() == 1);
  CHECK(s.member(ghost)["nextcloudUser"] == "ghost");

  // The list as captured (seq 30: ["admin","bob"]).
  s.nextcloud.clear_overrides();
  s.nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, kProvisioning);
  auto unlinked = s.app.app().group_sync().reconcile_accounts();
  REQUIRE(unlinked);
  CHECK(unlinked.value() == std::optional<std::size_t>(1));
  CHECK(s.member(ghost)["nextcloudUser"].is_null());
  CHECK(s.member(bob)["nextcloudUser"] == "bob");
  const auto after = s.nextcloud.proxy("GET", kOrg + "/members/" + std::to_string(ghost), "admin");
  CHECK(after.headers.find("ETag")->second != version_before);  // a stale If-Match now gets 412
  CHECK(count(s.audit_actions(), "member.nextcloud_account_unlinked") == 1);
  // Nothing left to unlink.
  CHECK(s.app.app().group_sync().reconcile_accounts().value() == std::optional<std::size_t>(0));
}
