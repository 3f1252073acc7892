// Incoming Nextcloud webhooks and Nextcloud Forms applications, over real HTTP against the fake
// Nextcloud playing the captured traffic (webhooks.jsonl, forms.jsonl).
#include <doctest/doctest.h>

#include <set>

#include "fakes/fake_nextcloud.hpp"
#include "running_app.hpp"
#include "store/inbox_store.hpp"

using namespace registre;
using namespace registre::fakes;
using namespace std::chrono_literals;

namespace {

constexpr const char* kFormEvent = "OCA\\Forms\\Events\\FormSubmittedEvent";
constexpr const char* kWebhooks = "/ocs/v2.php/apps/webhook_listeners/api/v1/webhooks";
constexpr const char* kSubmissions = "/ocs/v2.php/apps/forms/api/v3/forms/2/submissions";

std::set<std::string> keys_of(const nlohmann::json& object) {
  std::set<std::string> keys;
  for (const auto& [k, v] : object.items())
    keys.insert(k);
  return keys;
}

struct Setup {
  FakeNextcloud nextcloud{{"lifecycle.jsonl", "ui.jsonl", "provisioning.jsonl", "auth-errors.jsonl",
                           "forms.jsonl", "webhooks.jsonl"}};
  test_support::RunningApp app{test_support::nextcloud_config(nextcloud.url())};
  std::int64_t purpose = 0;

  Setup() {
    nextcloud.set_app("127.0.0.1", app.port());
    // admin is in group admin (provisioning seq 9); bob is in none (seq 7).
    nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, "provisioning.jsonl");
  }

  nlohmann::json call(const std::string& method, const std::string& path, const std::string& user,
                      int expected, const nlohmann::json& body = nullptr) {
    auto a = nextcloud.proxy(method, path, user, body.is_null() ? "" : body.dump(),
                             body.is_null() ? "" : "application/json");
    REQUIRE_MESSAGE(a.status == expected,
                    method << " " << path << " -> " << a.status << " " << a.body);
    return a.body.empty() ? nlohmann::json() : nlohmann::json::parse(a.body);
  }

  // Organisation 1 managed by bob (the form's owner in the capture), purpose 1 with a text.
  void organisation() {
    call("POST", "/admin/v1/organizations", "admin", 201, {{"slug", "amis"}, {"name", "Les Amis"}});
    call("POST", "/admin/v1/organizations/1/roles", "admin", 201,
         {{"principalType", "user"}, {"principalId", "bob"}, {"role", "manager"}});
    purpose = call("POST", "/api/v1/organizations/1/purposes", "bob", 201,
                   {{"preset", "newsletter"}})["id"]
                  .get<std::int64_t>();
  }

  // The captured form (forms.jsonl seq 4-8): question 4 "Name", 5 "Email", 6 the consent box.
  nlohmann::json map_form(const nlohmann::json& fields) {
    return call("POST", "/api/v1/organizations/1/forms", "bob", 201,
                {{"formId", 2}, {"fields", fields}, {"consents", {{"6", purpose}}}});
  }

  FakeNextcloud::AppAnswer deliver() {
    return nextcloud.deliver("forms.jsonl", 12, "/webhooks/nextcloud");
  }

  nlohmann::json applications() {
    return call("GET", "/api/v1/organizations/1/applications", "bob", 200)["items"];
  }
  nlohmann::json members() {
    return call("GET", "/api/v1/organizations/1/members", "bob", 200)["items"];
  }
  std::vector<store::InboxEntry> inbox() {
    auto lease = app.app().database().acquire();
    REQUIRE(lease);
    auto entries = store::inbox_entries(lease->db());
    REQUIRE(entries);
    return entries.value();
  }
};

}  // namespace

TEST_CASE(
    "webhooks: enable registers the Forms webhook once, in the captured shape; disable removes "
    "them") {
  Setup s;
  s.nextcloud.enable_webhook_registry();
  // Left over by an earlier version or a crash: a duplicate and a stale uri of ours, and another
  // app's webhook that is none of our business.
  s.nextcloud.preregister_webhook(*find_exchange("forms.jsonl", 1).request_json, "registre");
  s.nextcloud.preregister_webhook(
      {{"httpMethod", "POST"}, {"uri", "/webhooks/nextcloud"}, {"event", kFormEvent}}, "registre");
  s.nextcloud.preregister_webhook(
      {{"httpMethod", "POST"}, {"uri", "/webhooks/nextcloud"}, {"event", kFormEvent}}, "registre");
  s.nextcloud.preregister_webhook(
      {{"httpMethod", "POST"}, {"uri", "/hooks"}, {"event", kFormEvent}}, "other_app");

  for (int round = 0; round < 3; ++round) {
    auto on = s.nextcloud.set_enabled(true);
    REQUIRE(on.status == 200);
    CHECK(on.body == R"({"error":""})");
  }
  auto hooks = s.nextcloud.registered_webhooks();
  int ours = 0, others = 0;
  for (const auto& h : hooks) {
    if (h["appId"] == "registre") {
      ++ours;
      CHECK(h["uri"] == "/webhooks/nextcloud");
      CHECK(h["event"] == kFormEvent);
    } else {
      ++others;
    }
  }
  CHECK(ours == 1);    // three enables, duplicates and the stale one removed: exactly one
  CHECK(others == 1);  // another app's webhook is left alone

  // The calls, compared with the captured ones.
  const auto captured_list = find_exchange("webhooks.jsonl", 11);
  const auto captured_post = find_exchange("forms.jsonl", 1);
  for (const auto& r : s.nextcloud.requests_to("GET", kWebhooks))
    CHECK(r.path == captured_list.path);
  auto posts = s.nextcloud.requests_to("POST", kWebhooks);
  REQUIRE(posts.size() == 0);  // the pre-registered one of the right shape was kept
  auto deletes = s.nextcloud.requests_to("DELETE", kWebhooks);
  CHECK(deletes.size() == 2);
  for (const auto& d : deletes) {
    CHECK(d.header("AUTHORIZATION-APP-API") ==
          captured_header(find_exchange("webhooks.jsonl", 34).request_headers,
                          "AUTHORIZATION-APP-API"));
  }

  // Disable: everything of ours goes, with the captured call.
  s.nextcloud.clear();
  CHECK(s.nextcloud.set_enabled(false).body == R"({"error":""})");
  auto removed = s.nextcloud.requests_to("DELETE", std::string(kWebhooks) + "/byappid/");
  REQUIRE(removed.size() == 1);
  CHECK(removed[0].path == find_exchange("webhooks.jsonl", 36).path);
  CHECK(s.nextcloud.registered_webhooks().size() == 1);

  // Enable again from nothing: one registration, with every key of the captured body.
  s.nextcloud.clear();
  CHECK(s.nextcloud.set_enabled(true).body == R"({"error":""})");
  posts = s.nextcloud.requests_to("POST", kWebhooks);
  REQUIRE(posts.size() == 1);
  CHECK(posts[0].path == captured_post.path);
  CHECK(posts[0].header("AUTHORIZATION-APP-API") ==
        captured_header(captured_post.request_headers, "AUTHORIZATION-APP-API"));  // empty user
  CHECK(posts[0].header("Content-Type").rfind("application/json", 0) == 0);
  auto body = *posts[0].json();
  for (const auto& key : keys_of(*captured_post.request_json))
    CHECK(body.contains(key));
  CHECK(keys_of(body) == std::set<std::string>{"httpMethod", "uri", "event", "eventFilter",
                                               "userIdFilter", "headers", "authMethod",
                                               "authData"});
  CHECK(body["httpMethod"] == "POST");
  CHECK(body["uri"] == "/webhooks/nextcloud");
  CHECK(body["event"] == kFormEvent);
  CHECK(body["userIdFilter"] == "");
  CHECK(body["authMethod"] == "none");
  CHECK(body["authData"].is_null());
}

TEST_CASE("webhooks: without Forms (400 for the event class) the app is still enabled") {
  Setup s;
  s.nextcloud.enable_webhook_registry({kFormEvent});
  auto on = s.nextcloud.set_enabled(true);
  CHECK(on.body == R"({"error":""})");
  CHECK(s.app.app().lifecycle()->enabled());
  CHECK(s.nextcloud.requests_to("POST", kWebhooks).size() == 1);
  CHECK(s.nextcloud.registered_webhooks().empty());
}

TEST_CASE(
    "forms: the captured submission becomes an applicant with its consent; a second delivery is a "
    "no-op") {
  Setup s;
  s.organisation();
  auto mapping = s.map_form({{"4", "name"}, {"5", "email"}});
  CHECK(mapping["ownerId"] == "bob");  // the caller, who owns the form

  // The captured delivery has no Content-Type: it is read anyway, and acknowledged at once.
  const auto delivery = find_exchange("forms.jsonl", 12);
  REQUIRE_FALSE(captured_header(delivery.request_headers, "Content-Type").has_value());
  const auto started = std::chrono::steady_clock::now();
  auto first = s.deliver();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE(first.status == 200);
  CHECK(nlohmann::json::parse(first.body) == nlohmann::json{{"status", "accepted"}});
  CHECK(elapsed < 1s);
  MESSAGE("delivery acknowledged in "
          << std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count() << " us");
  s.app.app().jobs().drain();

  // The answers were read from Forms as the form's owner, as captured (forms.jsonl seq 13).
  auto reads = s.nextcloud.requests_to("GET", kSubmissions);
  REQUIRE(reads.size() == 1);
  const auto captured_read = find_exchange("forms.jsonl", 13);
  CHECK(reads[0].path == captured_read.path);
  CHECK(reads[0].header("AUTHORIZATION-APP-API") ==
        captured_header(captured_read.request_headers, "AUTHORIZATION-APP-API"));

  auto apps = s.applications();
  REQUIRE(apps.size() == 1);
  CHECK(apps[0]["status"] == "created");
  CHECK(apps[0]["formId"] == 2);
  CHECK(apps[0]["submissionId"] == 2);
  CHECK(apps[0]["problems"].empty());
  const auto member_id = apps[0]["memberId"].get<std::int64_t>();
  auto member =
      s.call("GET", "/api/v1/organizations/1/members/" + std::to_string(member_id), "bob", 200);
  CHECK(member["firstName"] == "Bob");
  CHECK(member["lastName"] == "Builder");
  CHECK(member["email"] == "bob@example.org");
  CHECK(member["status"] == "applicant");
  auto history = s.call(
      "GET", "/api/v1/organizations/1/members/" + std::to_string(member_id) + "/consents/history",
      "bob", 200)["items"];
  REQUIRE(history.size() == 1);
  CHECK(history[0]["purposeId"] == s.purpose);
  CHECK(history[0]["decision"] == "given");
  CHECK(history[0]["channel"] == "form");
  CHECK(history[0]["evidence"] == "forms/2/submissions/2");

  // The same delivery again: nothing read, nothing created.
  auto second = s.deliver();
  REQUIRE(second.status == 200);
  CHECK(nlohmann::json::parse(second.body) == nlohmann::json{{"status", "duplicate"}});
  s.app.app().jobs().drain();
  CHECK(s.nextcloud.requests_to("GET", kSubmissions).size() == 1);
  CHECK(s.members().size() == 1);
  CHECK(s.applications().size() == 1);
  auto entries = s.inbox();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].status == "done");
  CHECK_FALSE(entries[0].body.has_value());  // the raw delivery is gone once handled

  // The creation is audited.
  auto audit = s.call("GET", "/api/v1/organizations/1/audit", "bob", 200)["items"];
  std::set<std::string> actions;
  for (const auto& e : audit)
    actions.insert(e["action"].get<std::string>());
  CHECK(actions.count("application.created") == 1);
  CHECK(actions.count("form_mapping.created") == 1);
  CHECK(actions.count("member.created") == 1);
}

TEST_CASE("forms: malformed and unknown deliveries change nothing") {
  Setup s;
  s.organisation();
  s.map_form({{"4", "name"}, {"5", "email"}});

  // A captured delivery of an event Registre does not handle (webhooks.jsonl seq 26).
  auto unknown = s.nextcloud.deliver("webhooks.jsonl", 26, "/webhooks/nextcloud");
  CHECK(unknown.status == 200);
  CHECK(nlohmann::json::parse(unknown.body) == nlohmann::json{{"status", "ignored"}});
  // Captured headers with bodies Nextcloud would not send.
  for (std::string body :
       {std::string("{not json"), std::string(""), std::string("[1,2]"),
        std::string(R"({"event":{"class":"OCA\\Forms\\Events\\FormSubmittedEvent"}})"),
        std::string("\xff\xfe{}"), std::string(70 * 1024, '[')}) {
    auto a = s.nextcloud.deliver("forms.jsonl", 12, "/webhooks/nextcloud", body);
    CHECK_MESSAGE((a.status == 400 || a.status == 413), a.status << " " << a.body);
    CHECK(a.headers.find("Content-Type")->second == "application/problem+json");
  }
  s.app.app().jobs().drain();
  CHECK(s.nextcloud.requests_to("GET", kSubmissions).empty());
  CHECK(s.applications().empty());
  CHECK(s.members().empty());
  for (const auto& e : s.inbox()) {
    CHECK(e.status == "rejected");
    CHECK_FALSE(e.body.has_value());  // no content kept: it may name someone
    CHECK(e.reason.has_value());
  }
}

TEST_CASE("forms: a proxied browser request cannot pose as a delivery") {
  Setup s;
  s.organisation();
  auto a = s.nextcloud.proxy("POST", "/webhooks/nextcloud", "admin",
                             *find_exchange("forms.jsonl", 12).request_body, "application/json");
  CHECK(a.status == 403);
  CHECK(s.inbox().empty());
}

TEST_CASE(
    "forms: Forms answering 404 is retried a bounded number of times, then the application fails "
    "without a member") {
  Setup s;
  s.organisation();
  s.map_form({{"4", "name"}, {"5", "email"}});
  // A captured OCS v2 404 (webhooks.jsonl seq 14) for the submissions list.
  s.nextcloud.answer_with("GET", kSubmissions, 14, "webhooks.jsonl");
  s.app.app().inbox().set_retry_policy(3, 0s);
  REQUIRE(s.deliver().status == 200);
  s.app.app().jobs().drain();
  CHECK(s.applications()[0]["status"] == "pending");
  for (int i = 0; i < 3; ++i)
    REQUIRE(s.app.app().inbox().process_due());
  CHECK(s.nextcloud.requests_to("GET", kSubmissions).size() == 3);
  auto apps = s.applications();
  REQUIRE(apps.size() == 1);
  CHECK(apps[0]["status"] == "failed");
  CHECK(apps[0]["memberId"].is_null());
  CHECK(apps[0]["problems"] == nlohmann::json::array({"forms-not-found"}));
  CHECK(apps[0]["attempts"] == 3);
  CHECK(s.members().empty());
  CHECK(s.inbox()[0].status == "failed");
}

TEST_CASE(
    "forms: answers that do not make a member wait for review, without a member, and can be "
    "dismissed") {
  Setup s;
  s.organisation();
  // No name question mapped: the application needs a look.
  s.map_form({{"5", "email"}, {"99", "phone"}});
  REQUIRE(s.deliver().status == 200);
  s.app.app().jobs().drain();
  auto apps = s.applications();
  REQUIRE(apps.size() == 1);
  CHECK(apps[0]["status"] == "needs_review");
  CHECK(apps[0]["memberId"].is_null());
  std::set<std::string> problems;
  for (const auto& p : apps[0]["problems"])
    problems.insert(p.get<std::string>());
  CHECK(problems == std::set<std::string>{"forms-no-name", "forms-unknown-question"});
  CHECK_FALSE(apps[0].contains("answers"));  // not in lists
  CHECK(s.members().empty());

  // Only the answers to mapped questions are kept, for the reviewer.
  const std::string one =
      "/api/v1/organizations/1/applications/" + std::to_string(apps[0]["id"].get<int>());
  auto detail = s.call("GET", one, "bob", 200);
  CHECK(keys_of(detail["answers"]) == std::set<std::string>{"5", "6"});
  CHECK(detail["answers"]["5"] == nlohmann::json::array({"bob@example.org"}));

  auto dismissed = s.call("POST", one + "/dismissal", "bob", 200);
  CHECK(dismissed["status"] == "rejected");
  CHECK(dismissed["answers"].is_null());
  CHECK(dismissed["resolvedBy"] == "user:bob");
  s.call("POST", one + "/dismissal", "bob", 409);

  // A member rule refusing an answer: the e-mail question filled with the name.
  Setup t;
  t.organisation();
  t.map_form({{"4", "email"}, {"5", "lastName"}});
  REQUIRE(t.deliver().status == 200);
  t.app.app().jobs().drain();
  auto refused = t.applications();
  REQUIRE(refused.size() == 1);
  CHECK(refused[0]["status"] == "needs_review");
  CHECK(refused[0]["memberId"].is_null());
  REQUIRE(refused[0]["problems"].size() >= 1);
  CHECK(refused[0]["problems"][0].get<std::string>().rfind("email:", 0) == 0);
  CHECK(t.members().empty());
}

TEST_CASE(
    "forms: mappings are the organisation's, and only an administrator maps another user's form") {
  Setup s;
  s.organisation();
  s.call("POST", "/api/v1/organizations/1/forms", "bob", 422,
         {{"formId", 2}, {"ownerId", "alice"}, {"fields", {{"4", "name"}}}});
  s.call("POST", "/api/v1/organizations/1/forms", "bob", 422,
         {{"formId", 2}, {"fields", {{"4", "nickname"}}}});
  s.call("POST", "/api/v1/organizations/1/forms", "bob", 422,
         {{"formId", 2}, {"fields", {{"4", "name"}}}, {"consents", {{"6", 999}}}});
  auto created = s.call("POST", "/api/v1/organizations/1/forms", "admin", 201,
                        {{"formId", 2}, {"ownerId", "alice"}, {"fields", {{"4", "name"}}}});
  s.call("POST", "/api/v1/organizations/1/forms", "admin", 409,
         {{"formId", 2}, {"ownerId", "alice"}, {"fields", {{"4", "name"}}}});
  const std::string path =
      "/api/v1/organizations/1/forms/" + std::to_string(created["id"].get<int>());
  auto a = s.nextcloud.proxy("PUT", path, "admin", R"({"ownerId":"bob"})", "application/json");
  CHECK(a.status == 428);
  httplib::Headers h;
  auto put = s.nextcloud.raw("PUT", path, h);  // no AppAPI headers at all
  CHECK(put.status == 401);

  // A delivery of bob's form is ignored while the mapping names alice: answers are not read.
  REQUIRE(s.deliver().status == 200);
  s.app.app().jobs().drain();
  CHECK(s.nextcloud.requests_to("GET", kSubmissions).empty());
  CHECK(s.inbox()[0].status == "ignored");
  CHECK(s.inbox()[0].reason == "forms-owner-mismatch");

  auto list = s.call("GET", "/api/v1/organizations/1/forms", "bob", 200)["items"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["fields"] == nlohmann::json{{"4", "name"}});
  s.call("DELETE", path, "bob", 204);
  CHECK(s.call("GET", "/api/v1/organizations/1/forms", "bob", 200)["items"].empty());
}
