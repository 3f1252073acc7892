// Notifications to managers through AppAPI, against the fake Nextcloud playing the captured
// traffic (provisioning.jsonl seq 15: a group's members; seq 35/36: a notification sent or
// refused).
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <set>

#include "fakes/fake_nextcloud.hpp"
#include "running_app.hpp"
#include "store/transaction.hpp"

using namespace registre;
using namespace registre::fakes;

namespace {

constexpr const char* kNotificationPath = "/ocs/v1.php/apps/app_api/api/v1/notification";

std::string today_utc() {
  return format_utc(SystemClock().now()).substr(0, 10);
}
std::string days_from_today(int days) {
  return format_utc(SystemClock().now() + std::chrono::days(days)).substr(0, 10);
}

// Every key path of a JSON object ("params.subject_params.link"), to compare shapes.
void key_paths(const nlohmann::json& j, const std::string& prefix, std::set<std::string>& out) {
  if (!j.is_object()) return;
  for (const auto& [k, v] : j.items()) {
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    out.insert(path);
    // Rich parameters are keyed by placeholder names, which differ from the capture's: compare
    // the shape of one of them instead.
    if (k == "rich_subject_params" || k == "rich_message_params") {
      for (const auto& [name, param] : v.items())
        key_paths(param, path + ".*", out);
    } else {
      key_paths(v, path, out);
    }
  }
}
std::set<std::string> key_paths(const nlohmann::json& j) {
  std::set<std::string> out;
  key_paths(j, "", out);
  return out;
}

void exec(Application& app, const std::string& sql) {
  auto lease = app.database().acquire();
  REQUIRE(lease);
  lease->db().exec(sql);
}

// Organisation 1 with managers: bob directly, admin directly, and the group registre-team (whose
// only member, in the capture, is bob); carol is only a treasurer.
void seed_organization(Application& app) {
  exec(app,
       "INSERT INTO organizations (id, slug, name, legal_form, timezone, created_at) VALUES"
       " (1, 'velo', 'Les Amis du Vélo', 'association', 'UTC', '2026-01-01T00:00:00.000Z');"
       "INSERT INTO role_grants (organization_id, principal_type, principal_id, role, granted_at, "
       "granted_by)"
       " VALUES (1, 'user', 'bob', 'manager', '2026-01-01', 'user:admin'),"
       "        (1, 'user', 'admin', 'manager', '2026-01-01', 'user:admin'),"
       "        (1, 'group', 'registre-team', 'manager', '2026-01-01', 'user:admin'),"
       "        (1, 'user', 'carol', 'treasurer', '2026-01-01', 'user:admin');");
}

void add_request(Application& app, int id, const std::string& due_on) {
  exec(app,
       "INSERT INTO subject_requests (id, organization_id, kind, received_on, due_on, status,"
       " created_at, created_by, updated_at) VALUES (" +
           std::to_string(id) + ", 1, 'access', '2026-01-01', '" + due_on +
           "', 'open', '2026-01-01T00:00:00.000Z', 'user:bob', '2026-01-01T00:00:00.000Z')");
}

std::string user_of(const FakeNextcloud::RecordedRequest& r) {
  // The captured header values for bob (seq 35) and admin (seq 15): the recipient is the user in
  // it.
  static const auto bob = captured_header(find_exchange("provisioning.jsonl", 35).request_headers,
                                          "AUTHORIZATION-APP-API")
                              .value();
  static const auto admin = captured_header(find_exchange("provisioning.jsonl", 15).request_headers,
                                            "AUTHORIZATION-APP-API")
                                .value();
  const auto auth = r.header("AUTHORIZATION-APP-API");
  if (auth == bob) return "bob";
  if (auth == admin) return "admin";
  return "other:" + auth;
}

struct Connected {
  FakeNextcloud nextcloud;
  test_support::RunningApp app{test_support::nextcloud_config(nextcloud.url())};
  Connected() {
    app.app().jobs().drain();  // the job's first pass (empty database) is over: runs below are ours
    nextcloud.clear();
  }
  services::NotificationRunReport run() {
    REQUIRE(app.app().notifications() != nullptr);
    auto report = app.app().notifications()->run();
    REQUIRE(report);
    return report.value();
  }
};

}  // namespace

TEST_CASE("a request nearing its deadline reaches each manager once, in the captured shape") {
  Connected c;
  seed_organization(c.app.app());
  add_request(c.app.app(), 12, days_from_today(3));   // due in 3 days: notified
  add_request(c.app.app(), 13, days_from_today(30));  // a month ahead: not yet

  auto report = c.run();
  CHECK(report.sent == 2);
  CHECK(report.failed == 0);
  CHECK_FALSE(report.stopped);

  // The group's members were asked as the administrator who made the grant (captured seq 15).
  const auto captured_group = find_exchange("provisioning.jsonl", 15);
  auto group_calls = c.nextcloud.requests_to("GET", "/ocs/v2.php/cloud/groups/registre-team/users");
  REQUIRE(group_calls.size() == 1);
  CHECK(group_calls[0].path == captured_group.path);
  CHECK(user_of(group_calls[0]) == "admin");

  const auto captured = find_exchange("provisioning.jsonl", 35);
  auto sent = c.nextcloud.requests_to("POST", kNotificationPath);
  REQUIRE(sent.size() == 2);
  std::set<std::string> recipients;
  for (const auto& r : sent) {
    recipients.insert(user_of(r));
    CHECK(r.path == captured.path);  // ...?format=json
    for (const char* name :
         {"EX-APP-ID", "EX-APP-VERSION", "OCS-APIRequest", "Accept", "AA-VERSION"})
      CHECK_MESSAGE(r.header(name) == captured_header(captured.request_headers, name).value_or("?"),
                    name);
    CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
    auto body = r.json();
    REQUIRE(body);
    CHECK(key_paths(*body) == key_paths(*captured.request_json));
    const auto& subject = (*body)["params"]["subject_params"];
    CHECK((*body)["params"]["object_id"] == "1:12@" + days_from_today(3));
    CHECK(subject["rich_subject"] ==
          "La demande de droits {request} doit recevoir une réponse au plus tard le {date}");
    CHECK(subject["rich_subject_params"]["request"]["name"] == "#12");
    CHECK(subject["link"] ==
          c.nextcloud.url() +
              "/index.php/apps/app_api/embedded/registre/main#/organizations/1/requests/12");
    CHECK(subject["rich_message_params"]["organization"]["name"] == "Les Amis du Vélo");
  }
  // bob is a manager twice (directly and through the group) and hears it once; carol, a
  // treasurer, not at all.
  CHECK(recipients == std::set<std::string>{"admin", "bob"});

  // The next run sends nothing; nor does a new service over the same database (a restart).
  c.nextcloud.clear();
  CHECK(c.run().sent == 0);
  nextcloud::OcsClientOptions options;
  options.base_url = c.nextcloud.url();
  options.app_id = "registre";
  options.app_version = "0.1.0";
  options.secret = FakeNextcloud::kSecret;
  nextcloud::OcsClient client(options);
  nextcloud::AppApiNotifications channel(client);
  SystemClock clock;
  services::NotificationOptions notify;
  notify.nextcloud_url = c.nextcloud.url();
  services::NotificationService restarted(c.app.app().database(), clock, channel, notify);
  restarted.add_source("subject requests", services::subject_requests_source(7));
  auto again = restarted.run();
  REQUIRE(again);
  CHECK(again->sent == 0);
  CHECK(c.nextcloud.requests_to("POST", kNotificationPath).empty());

  // An extension moves the deadline: the managers hear of the new one.
  exec(c.app.app(), "UPDATE subject_requests SET due_on = '" + days_from_today(5) +
                        "', status = 'extended', extension_months = 1, extension_reason = 'complex'"
                        " WHERE id = 12");
  CHECK(c.run().sent == 2);
}

TEST_CASE("a send Nextcloud refuses is retried at the next run, and only until it succeeds") {
  Connected c;
  seed_organization(c.app.app());
  add_request(c.app.app(), 7, today_utc());
  // Nextcloud answers the captured OCS failure (HTTP 200, statuscode 996: seq 36).
  c.nextcloud.answer_with("POST", kNotificationPath, 36, "provisioning.jsonl");
  auto failed = c.run();
  CHECK(failed.sent == 0);
  CHECK(failed.failed == 2);
  CHECK_FALSE(failed.stopped);  // an OCS failure is not a refusal of the credentials
  c.nextcloud.clear_overrides();
  c.nextcloud.clear();
  auto retried = c.run();
  CHECK(retried.sent == 2);
  CHECK(c.nextcloud.requests_to("POST", kNotificationPath).size() == 2);
  CHECK(c.run().sent == 0);

  auto lease = c.app.app().database().acquire();
  REQUIRE(lease);
  SQLite::Statement q(lease->db(),
                      "SELECT recipient, attempts, sent_at IS NOT NULL, last_error IS NULL"
                      " FROM notifications_sent ORDER BY recipient");
  for (const char* recipient : {"admin", "bob"}) {
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getString() == recipient);
    CHECK(q.getColumn(1).getInt() == 2);
    CHECK(q.getColumn(2).getInt() == 1);
    CHECK(q.getColumn(3).getInt() == 1);
  }
}

TEST_CASE("credentials refused: the run stops at once and tries again later") {
  Connected c;
  seed_organization(c.app.app());
  add_request(c.app.app(), 7, today_utc());
  c.nextcloud.fail_auth(true);  // the captured 401 "AppAPI authentication failed"
  auto stopped = c.run();
  CHECK(stopped.stopped);
  CHECK(stopped.sent == 0);
  // One notification tried, not one per manager: a wrong secret counts as a brute-force attempt.
  CHECK(c.nextcloud.requests_to("POST", kNotificationPath).size() == 1);
  c.nextcloud.fail_auth(false);
  CHECK(c.run().sent == 2);
}

TEST_CASE("imports are announced to whoever ran them; retention notices to every manager") {
  Connected c;
  seed_organization(c.app.app());
  const std::string now = format_utc(SystemClock().now());
  const std::string two_days_ago = format_utc(SystemClock().now() - std::chrono::days(2));
  exec(c.app.app(),
       "INSERT INTO import_batches (id, organization_id, file_name, file_hash, imported_at, "
       "imported_by,"
       " created, updated, unchanged, skipped) VALUES"
       " (5, 1, 'adherents.csv', 'h', '" +
           now +
           "', 'user:bob', 10, 2, 3, 1),"
           " (4, 1, 'old.csv', 'h', '" +
           two_days_ago +
           "', 'user:bob', 1, 0, 0, 0);"
           "INSERT INTO retention_notices (id, organization_id, kind, run_id, horizon, counts, "
           "created_at)"
           " VALUES (3, 1, 'upcoming', NULL, '" +
           days_from_today(14) + "', '{\"1\":4,\"2\":1}', '" + now + "');");
  CHECK(c.run().sent == 3);
  auto sent = c.nextcloud.requests_to("POST", kNotificationPath);
  REQUIRE(sent.size() == 3);
  std::multiset<std::string> seen;
  for (const auto& r : sent) {
    const auto body = r.json().value();
    const std::string kind = body["params"]["object"];
    seen.insert(kind + ">" + user_of(r));
    const auto& subject = body["params"]["subject_params"];
    if (kind == "import_finished") {
      CHECK(subject["rich_subject_params"]["created"]["name"] == "10");
      CHECK(subject["link"].get<std::string>().ends_with("#/organizations/1/imports/5"));
      CHECK(body.dump().find("adherents.csv") == std::string::npos);  // no file name
    } else {
      CHECK(kind == "retention_upcoming");
      CHECK(subject["rich_subject_params"]["count"]["name"] == "5");
      CHECK(subject["link"].get<std::string>().ends_with("#/organizations/1/retention"));
    }
  }
  CHECK(seen == std::multiset<std::string>{"import_finished>bob", "retention_upcoming>admin",
                                           "retention_upcoming>bob"});
}

TEST_CASE("standalone mode has no notifications, and starts without them") {
  test_support::RunningApp app{test_support::standalone_config()};
  CHECK(app.app().notifications() == nullptr);
  app.app().jobs().drain();
}
