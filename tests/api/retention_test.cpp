// The retention engine over real HTTP (standalone mode, the local administrator): defaults and
// rules (refused ones leave nothing behind), settings, previews and their approvals, runs that
// erase only what was approved, reports whose hash is chained into the audit log, legal holds,
// the explanation for one member, reviews and notices.
//
// The app runs on the real clock: dates are relative to today (in UTC; the organisation's day in
// Europe/Paris may differ by one, so every date here is days away from any boundary). The
// background jobs are stopped; the daily job is called directly (RetentionService::tick).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "crypto/sodium.hpp"
#include "domain/calendar_date.hpp"
#include "running_app.hpp"

using namespace registre;

namespace {

std::string iso(std::chrono::sys_days day) { return domain::format_iso(std::chrono::year_month_day{day}); }

std::chrono::sys_days today_utc() {
  return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
}

// A date `n` days from today (negative: in the past).
std::string days_from_today(int n) {
  return iso(today_utc() + std::chrono::days{n});
}

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();
  const std::string org = "/api/v1/organizations/1";
  const std::string base = org + "/retention";

  Api() {
    // The daily job would run at any minute once a rule exists and its time has come: stopped
    // (after the start's jobs), so that only the tests' runs act, and tick() when a test says so.
    app.app().jobs().drain();
    app.app().jobs().stop();
    send("PUT", base + "/settings",
         {{"runAt", "00:00"}, {"requireApproval", true}, {"noticeDays", 14}, {"batchSize", 2}},
         200);
  }

  struct Answer {
    int status = 0;
    nlohmann::json body;
    std::string content_type;
    std::string etag;
  };
  Answer raw(const std::string& method, const std::string& path, const nlohmann::json& body,
             httplib::Headers headers = {}) {
    httplib::Result res =
        method == "POST"
            ? client.Post(path, headers, body.is_null() ? "" : body.dump(), "application/json")
        : method == "PUT" ? client.Put(path, headers, body.dump(), "application/json")
                          : client.Get(path, headers);
    REQUIRE(res);
    Answer a{res->status, nlohmann::json(), res->get_header_value("Content-Type"),
             res->get_header_value("ETag")};
    if (!res->body.empty() && a.content_type.find("json") != std::string::npos)
      a.body = nlohmann::json::parse(res->body);
    return a;
  }
  nlohmann::json send(const std::string& method, const std::string& path,
                      const nlohmann::json& body, int expected, httplib::Headers headers = {}) {
    const Answer a = raw(method, path, body, std::move(headers));
    REQUIRE_MESSAGE(a.status == expected,
                    method << " " << path << " -> " << a.status << " " << a.body.dump());
    return a.body;
  }
  nlohmann::json get(const std::string& path, int expected = 200) {
    return send("GET", path, nullptr, expected);
  }
  nlohmann::json post(const std::string& path, const nlohmann::json& body, int expected = 201) {
    return send("POST", path, body, expected);
  }

  nlohmann::json member(const std::string& last_name, std::optional<std::string> admitted,
                        std::optional<std::string> left) {
    nlohmann::json body = {{"lastName", last_name}};
    if (admitted) body["admittedOn"] = *admitted;
    if (left) body["leftOn"] = *left;
    return post(org + "/members", body);
  }
  std::string member_path(const nlohmann::json& m) {
    return org + "/members/" + std::to_string(m["id"].get<int>());
  }

  nlohmann::json rule(const std::string& subject, const std::string& trigger, int amount,
                      const std::string& unit, const std::string& action, int expected = 201) {
    return post(base + "/rules",
                {{"subject", subject},
                 {"trigger", trigger},
                 {"delayAmount", amount},
                 {"delayUnit", unit},
                 {"action", action},
                 {"description", "Règle de test : " + subject + " " + action + "."}},
                expected);
  }

  nlohmann::json preview() { return get(base + "/preview"); }
  nlohmann::json approve(const nlohmann::json& preview, int expected = 201) {
    return post(base + "/approvals",
                {{"on", preview["asOf"]}, {"previewHash", preview["previewHash"]}}, expected);
  }
  nlohmann::json run() { return post(base + "/runs", nullptr); }
};

// The field names of a problem's `errors`.
std::set<std::string> fields_of(const nlohmann::json& problem) {
  std::set<std::string> out;
  for (const auto& e : problem.value("errors", nlohmann::json::array()))
    out.insert(e["field"].get<std::string>());
  return out;
}

// The items of a preview's rule `rule_id`, by member id.
std::map<int, nlohmann::json> preview_items(const nlohmann::json& preview, int rule_id) {
  std::map<int, nlohmann::json> out;
  for (const auto& r : preview["rules"]) {
    if (r["rule"]["id"] != rule_id) continue;
    for (const auto& i : r["items"])
      if (i["memberId"].is_number()) out[i["memberId"].get<int>()] = i;
  }
  return out;
}

// The outcome of each of a run's items, by target id.
std::map<int, std::string> outcomes(const nlohmann::json& run) {
  std::map<int, std::string> out;
  for (const auto& i : run["items"])
    out[i["targetId"].get<int>()] = i["outcome"].is_null() ? "" : i["outcome"].get<std::string>();
  return out;
}

// The explanation a member's retention gives for rule `rule_id`.
nlohmann::json explanation(const nlohmann::json& list, int rule_id) {
  for (const auto& e : list["items"])
    if (e["rule"]["id"] == rule_id) return e;
  return nullptr;
}

}  // namespace

TEST_CASE("retention defaults are adopted or refused; a refused rule leaves nothing behind") {
  Api api;
  CHECK(api.get(api.base + "/rules")["items"].empty());
  const auto defaults = api.get(api.base + "/defaults")["items"];
  REQUIRE(defaults.size() == 8);
  for (const auto& d : defaults) {
    CHECK(d["state"] == "open");
    CHECK(d["ruleId"].is_null());
  }

  const auto adopted = api.raw("POST", api.base + "/defaults/former-members/adoption", nullptr);
  REQUIRE(adopted.status == 201);
  CHECK(adopted.etag == "\"1\"");
  const auto& rule = adopted.body;
  CHECK(rule["subject"] == "former_members");
  CHECK(rule["trigger"] == "date_left");
  CHECK(rule["delayAmount"] == 1);
  CHECK(rule["delayUnit"] == "years");
  CHECK(rule["action"] == "anonymise");
  CHECK(rule["enabled"] == true);
  CHECK(rule["preset"] == "former-members");
  CHECK(rule["version"] == 1);
  CHECK_FALSE(rule["description"].get<std::string>().empty());
  const int rule_id = rule["id"];
  api.post(api.base + "/defaults/former-members/adoption", nullptr, 409);  // once only
  api.post(api.base + "/defaults/no-such-default/adoption", nullptr, 404);

  CHECK(api.post(api.base + "/defaults/applicants/refusal", nullptr, 200) ==
        nlohmann::json({{"key", "applicants"}, {"state", "refused"}}));
  api.post(api.base + "/defaults/former-members/refusal", nullptr,
           409);  // adopted: disable it instead
  std::map<std::string, nlohmann::json> by_key;
  // Held in a variable: a range-for over a member of a temporary would read a dead object.
  const auto defaults_now = api.get(api.base + "/defaults");
  for (const auto& d : defaults_now["items"])
    by_key[d["key"]] = d;
  CHECK(by_key["former-members"]["state"] == "adopted");
  CHECK(by_key["former-members"]["ruleId"] == rule_id);
  CHECK(by_key["applicants"]["state"] == "refused");
  CHECK(by_key["applicants"]["ruleId"].is_null());
  CHECK(by_key["lapsed-members"]["state"] == "open");

  const auto rules_before = api.get(api.base + "/rules");
  REQUIRE(rules_before["items"].size() == 1);

  // Refused, each naming its field.
  const nlohmann::json valid = {
      {"subject", "former_members"}, {"trigger", "date_left"}, {"delayAmount", 2},
      {"delayUnit", "years"},        {"action", "review"},     {"description", "Revue."}};
  auto patched = [&](const nlohmann::json& patch) {
    nlohmann::json b = valid;
    b.merge_patch(patch);
    return b;
  };
  auto with = [&](const char* field, nlohmann::json value) {
    return patched({{field, std::move(value)}});
  };
  CHECK(fields_of(api.post(api.base + "/rules", with("delayAmount", 0), 422)) ==
        std::set<std::string>{"delayAmount"});
  CHECK(fields_of(api.post(api.base + "/rules", with("delayAmount", 101), 422)) ==
        std::set<std::string>{"delayAmount"});  // more than 100 years
  CHECK(fields_of(api.post(api.base + "/rules", with("subject", "volunteers"), 422)) ==
        std::set<std::string>{"subject"});
  CHECK(fields_of(api.post(api.base + "/rules", with("trigger", "application_date"), 422)) ==
        std::set<std::string>{"trigger"});  // applicants only
  CHECK(fields_of(api.post(api.base + "/rules",
                           patched({{"action", "anonymise"},
                                    {"subject", "closed_requests"},
                                    {"trigger", "closing_date"}}),
                           422)) ==
        std::set<std::string>{"action"});  // a closed request is only erased
  CHECK(fields_of(api.post(api.base + "/rules", with("description", ""), 422)) ==
        std::set<std::string>{"description"});
  CHECK(fields_of(api.post(api.base + "/rules", with("colour", "red"), 422)).count("colour"));
  {
    nlohmann::json missing = valid;
    missing.erase("trigger");
    CHECK(fields_of(api.post(api.base + "/rules", missing, 422)).count("trigger"));
  }
  // Erasing former members a year after they left, while they are anonymised a year after: a
  // contradiction, named on the action.
  const auto conflict =
      api.raw("POST", api.base + "/rules", patched({{"action", "erase"}, {"delayAmount", 1}}));
  CHECK(conflict.status == 409);
  CHECK(conflict.content_type.rfind("application/problem+json", 0) == 0);
  CHECK(conflict.body["type"] == "urn:registre:problem:conflict");
  CHECK(fields_of(conflict.body) == std::set<std::string>{"action"});
  CHECK(conflict.body["detail"].get<std::string>().find(std::to_string(rule_id)) !=
        std::string::npos);
  // Another anonymisation, even later, contradicts it too: a member is anonymised once.
  CHECK(api.raw("POST", api.base + "/rules", with("action", "anonymise")).status == 409);
  // A review before the anonymisation is an escalation; after it, a contradiction.
  CHECK(api.raw("POST", api.base + "/rules", with("delayAmount", 2)).status == 409);
  CHECK(api.get(api.base + "/rules") == rules_before);  // nothing stored

  // Changes: If-Match required, stale refused, then the rule disabled.
  const std::string path = api.base + "/rules/" + std::to_string(rule_id);
  CHECK(api.raw("PUT", path, {{"enabled", false}}).status == 428);
  CHECK(api.raw("PUT", path, {{"enabled", false}}, {{"If-Match", "\"7\""}}).status == 412);
  CHECK(fields_of(api.send("PUT", path, {{"delayUnit", "weeks"}}, 422, {{"If-Match", "\"1\""}})) ==
        std::set<std::string>{"delayUnit"});
  api.send("PUT", api.base + "/rules/999", {{"enabled", false}}, 404, {{"If-Match", "\"1\""}});
  const auto disabled = api.raw("PUT", path, {{"enabled", false}}, {{"If-Match", "\"1\""}});
  REQUIRE(disabled.status == 200);
  CHECK(disabled.etag == "\"2\"");
  CHECK(disabled.body["enabled"] == false);
  CHECK(disabled.body["version"] == 2);
  CHECK(disabled.body["subject"] == "former_members");  // absent fields kept
  CHECK(api.raw("PUT", path, {{"enabled", true}}, {{"If-Match", "\"1\""}}).status == 412);
  // A disabled rule contradicts nothing; enabling it again then contradicts the new one.
  const auto erase =
      api.post(api.base + "/rules", patched({{"action", "erase"}, {"delayAmount", 1}}));
  const auto again = api.raw("PUT", path, {{"enabled", true}}, {{"If-Match", "\"2\""}});
  CHECK(again.status == 409);
  CHECK(fields_of(again.body) == std::set<std::string>{"action"});
  CHECK(api.get(api.base + "/rules")["items"].size() == 2);
  CHECK(erase["preset"].is_null());
}

TEST_CASE("retention settings are read and changed whole; bad values are named") {
  Api api;  // sets runAt 00:00 and batchSize 2
  CHECK(api.get(api.base + "/settings") ==
        nlohmann::json(
            {{"runAt", "00:00"}, {"requireApproval", true}, {"noticeDays", 14}, {"batchSize", 2}}));
  const auto bad = api.send(
      "PUT", api.base + "/settings",
      {{"runAt", "25:00"}, {"requireApproval", true}, {"noticeDays", 91}, {"batchSize", 0}}, 422);
  CHECK(fields_of(bad) == std::set<std::string>{"runAt", "noticeDays", "batchSize"});
  CHECK(fields_of(api.send(
            "PUT", api.base + "/settings",
            {{"runAt", "3h"}, {"requireApproval", true}, {"noticeDays", -1}, {"batchSize", 1001}},
            422)) == std::set<std::string>{"runAt", "noticeDays", "batchSize"});
  CHECK(fields_of(api.send(
            "PUT", api.base + "/settings",
            {{"runAt", "04:30"}, {"requireApproval", "yes"}, {"noticeDays", 7}, {"batchSize", 10}},
            422)) == std::set<std::string>{"requireApproval"});
  CHECK(fields_of(api.send("PUT", api.base + "/settings", {{"runAt", "04:30"}}, 422)) ==
        std::set<std::string>{"requireApproval", "noticeDays", "batchSize"});
  api.send("PUT", api.base + "/settings", nullptr, 400);
  CHECK(api.get(api.base + "/settings")["runAt"] == "00:00");  // unchanged
  const nlohmann::json changed = {
      {"runAt", "04:30"}, {"requireApproval", false}, {"noticeDays", 0}, {"batchSize", 1000}};
  CHECK(api.send("PUT", api.base + "/settings", changed, 200) == changed);
  CHECK(api.get(api.base + "/settings") == changed);
  CHECK(api.get(api.base + "/preview")["approvalRequired"] == false);
}

TEST_CASE("a retention run erases former members only once a preview of them is approved") {
  Api api;
  const std::string left = days_from_today(-10);
  const auto a = api.member("Ancien-A", days_from_today(-400), left);
  const auto b = api.member("Ancien-B", days_from_today(-400), left);
  const auto c = api.member("Ancien-C", days_from_today(-400), left);
  const auto active = api.member("Actif", days_from_today(-400), std::nullopt);  // lapsed: no dues
  CHECK(a["status"] == "former");
  const int rule = api.rule("former_members", "date_left", 1, "days", "erase")["id"];

  // Due, but awaiting approval (required by default).
  const auto first = api.preview();
  CHECK(first["approvalRequired"] == true);
  CHECK(first["asOf"].get<std::string>().size() == 10);
  const std::string hash = first["previewHash"];
  CHECK(hash.size() == 64);
  CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
  auto items = preview_items(first, rule);
  REQUIRE(items.size() == 3);
  for (const auto& m : {a, b, c}) {
    const auto& item = items[m["id"].get<int>()];
    CHECK(item["state"] == "awaiting-approval");
    CHECK(item["targetKind"] == "member");
    CHECK(item["triggerDate"] == left);
    CHECK(item["heldUntil"].is_null());
    CHECK(item["reference"].get<std::string>().rfind("member:", 0) == 0);
  }
  CHECK(items.count(active["id"].get<int>()) == 0);
  CHECK(first["rules"][0]["counts"]["awaiting-approval"] == 3);
  CHECK(api.preview()["previewHash"] == hash);  // the same list, the same hash

  // A run now reports them, and touches none.
  const auto unapproved = api.run();
  CHECK(unapproved["status"] == "completed");
  for (const auto& [id, outcome] : outcomes(unapproved))
    CHECK(outcome == "awaiting-approval");
  CHECK(outcomes(unapproved).size() == 3);
  for (const auto& m : {a, b, c})
    api.get(api.member_path(m));

  // A wrong or stale hash is refused; the current one is approved.
  CHECK(fields_of(api.approve({{"asOf", first["asOf"]}, {"previewHash", std::string(64, 'f')}},
                              409)) == std::set<std::string>{"previewHash"});
  CHECK(fields_of(api.approve({{"asOf", "soon"}, {"previewHash", "abc"}}, 422)) ==
        std::set<std::string>{"on", "previewHash"});
  const auto d = api.member("Ancien-D", days_from_today(-400), left);
  api.approve(first, 409);  // D is due now too: the preview seen is stale
  const auto second = api.preview();
  CHECK(second["previewHash"] != hash);
  CHECK(preview_items(second, rule).size() == 4);
  const auto approval = api.approve(second);
  CHECK(approval["items"] == 4);
  CHECK(approval["asOf"] == second["asOf"]);
  for (const auto& [id, item] : preview_items(api.preview(), rule))
    CHECK(item["state"] == "approved");

  // The run erases them, in batches of two.
  const auto done = api.run();
  CHECK(done["status"] == "completed");
  const auto done_outcomes = outcomes(done);
  REQUIRE(done_outcomes.size() == 4);
  for (const auto& [id, outcome] : done_outcomes)
    CHECK(outcome == "erased");
  for (const auto& m : {a, b, c, d})
    api.get(api.member_path(m), 404);
  api.get(api.member_path(active));
  CHECK(preview_items(api.preview(), rule).empty());

  // The report: stored as hashed, its BLAKE2b-256 is the run's reportHash, chained into the audit
  // log.
  const int run_id = done["id"];
  const auto stored = api.get(api.base + "/runs/" + std::to_string(run_id));
  const std::string report = stored["report"];
  const std::string report_hash = stored["reportHash"];
  CHECK(crypto::blake2b_256_hex(report) == report_hash);
  CHECK(report_hash == done["reportHash"]);
  const auto parsed = nlohmann::json::parse(report);
  CHECK(parsed["format"] == "registre-retention-report-v1");
  CHECK(parsed["runId"] == run_id);
  REQUIRE(parsed["rules"].size() == 1);
  CHECK(parsed["rules"][0]["counts"]["erased"] == 4);
  CHECK(report.find("Ancien") == std::string::npos);  // pseudonymous references only
  const auto audit = api.get(api.org + "/audit?action=retention.run.completed");
  bool chained = false;
  for (const auto& e : audit["items"]) {
    if (e["subject"] != "retention_run:" + std::to_string(run_id)) continue;
    for (const auto& f : e["fields"])
      chained = chained || f == "reportHash:" + report_hash;
  }
  CHECK(chained);
  CHECK(api.get(api.org + "/audit?action=member.erased")["items"].size() == 4);
  CHECK(api.get("/admin/v1/audit/verify")["intact"] == true);

  // Runs and notices.
  std::set<int> run_ids;
  const auto runs = api.get(api.base + "/runs");
  for (const auto& r : runs["items"])
    run_ids.insert(r["id"].get<int>());
  CHECK(run_ids.count(run_id));
  CHECK(run_ids.count(unapproved["id"].get<int>()));
  api.get(api.base + "/runs/999", 404);
  bool noticed = false;
  const auto notices = api.get(api.base + "/notices");
  for (const auto& n : notices["items"]) {
    if (n["kind"] == "completed" && n["runId"] == run_id) {
      noticed = true;
      CHECK(n["counts"] == nlohmann::json({{"erased", 4}}));
    }
  }
  CHECK(noticed);
}

TEST_CASE("a legal hold keeps a member out of retention until released; explanations say why") {
  Api api;
  const auto held = api.member("Retenu", days_from_today(-400), days_from_today(-60));
  const auto recent = api.member("Recent", days_from_today(-400), days_from_today(-5));
  const auto lapsed = api.member("Sanscotisation", days_from_today(-400), std::nullopt);
  CHECK(lapsed["status"] == "lapsed");
  const int rule = api.rule("former_members", "date_left", 30, "days", "erase")["id"];

  // Holds: bad input named, unknown members 404, then placed.
  const std::string until = days_from_today(30);
  CHECK(fields_of(api.post(api.member_path(held) + "/holds", {{"reason", ""}, {"until", "bientôt"}},
                           422)) == std::set<std::string>{"reason", "until"});
  CHECK(fields_of(api.post(api.member_path(held) + "/holds",
                           {{"reason", "Litige"}, {"until", days_from_today(-3)}}, 422)) ==
        std::set<std::string>{"until"});  // already past
  api.post(api.org + "/members/999999/holds", {{"reason", "Litige"}, {"until", until}}, 404);
  const auto hold =
      api.post(api.member_path(held) + "/holds", {{"reason", "Litige en cours"}, {"until", until}});
  CHECK(hold["memberId"] == held["id"]);
  CHECK(hold["until"] == until);
  CHECK(hold["reason"] == "Litige en cours");
  CHECK(hold["releasedAt"].is_null());
  const auto holds = api.get(api.base + "/holds")["items"];
  REQUIRE(holds.size() == 1);
  CHECK(holds[0]["id"] == hold["id"]);

  // The preview shows it held; the explanation says why, for each member.
  const auto preview = api.preview();
  auto items = preview_items(preview, rule);
  REQUIRE(items.size() == 1);  // the recent one is not due yet
  CHECK(items[held["id"].get<int>()]["state"] == "held");
  CHECK(items[held["id"].get<int>()]["heldUntil"] == until);
  CHECK(items[held["id"].get<int>()]["holdId"] == hold["id"]);
  const auto why_held = explanation(api.get(api.member_path(held) + "/retention"), rule);
  CHECK(why_held["reason"] == "held");
  CHECK(why_held["due"] == false);
  CHECK(why_held["hold"]["id"] == hold["id"]);
  const auto why_recent = explanation(api.get(api.member_path(recent) + "/retention"), rule);
  CHECK(why_recent["reason"] == "not-yet-due");
  CHECK(why_recent["dueOn"] == days_from_today(25));
  CHECK(explanation(api.get(api.member_path(recent) + "/retention?on=" + days_from_today(40)),
                    rule)["reason"] == "due");
  CHECK(explanation(api.get(api.member_path(lapsed) + "/retention"), rule)["reason"] ==
        "not-in-subject");
  CHECK(fields_of(api.get(api.member_path(lapsed) + "/retention?on=soon", 422)) ==
        std::set<std::string>{"on"});
  api.get(api.org + "/members/999999/retention", 404);

  // Approving holds nothing held; the run leaves the member.
  CHECK(api.approve(preview)["items"] == 0);
  const auto run = api.run();
  CHECK(outcomes(run)[held["id"].get<int>()] == "held");
  api.get(api.member_path(held));

  // Released: due again, awaiting a fresh approval, then erased by the next run.
  const std::string release =
      api.base + "/holds/" + std::to_string(hold["id"].get<int>()) + "/release";
  CHECK(api.post(release, nullptr, 200) ==
        nlohmann::json({{"id", hold["id"]}, {"released", true}}));
  api.post(release, nullptr, 409);
  api.post(api.base + "/holds/999/release", nullptr, 404);
  CHECK(api.get(api.base + "/holds")["items"].empty());
  CHECK(explanation(api.get(api.member_path(held) + "/retention"), rule)["reason"] == "due");
  const auto fresh = api.preview();
  CHECK(fresh["previewHash"] != preview["previewHash"]);
  CHECK(preview_items(fresh, rule)[held["id"].get<int>()]["state"] == "awaiting-approval");
  api.approve(preview, 409);  // the preview with the hold is stale
  CHECK(api.approve(fresh)["items"] == 1);
  CHECK(outcomes(api.run())[held["id"].get<int>()] == "erased");
  api.get(api.member_path(held), 404);
  api.get(api.member_path(recent));
  CHECK(api.get("/admin/v1/audit/verify")["intact"] == true);
}

TEST_CASE("a review rule puts lapsed members to a decision: keep with a hold, or erase") {
  Api api;
  const auto kept = api.member("Garde", days_from_today(-400), std::nullopt);
  const auto erased = api.member("Efface", days_from_today(-400), std::nullopt);
  const auto newcomer = api.member("Nouveau", days_from_today(-2), std::nullopt);
  const int rule = api.rule("lapsed_members", "end_of_last_membership", 30, "days", "review")["id"];

  // A review needs no approval: due at once, and a run opens the reviews.
  const auto items = preview_items(api.preview(), rule);
  REQUIRE(items.size() == 2);
  for (const auto& [id, item] : items)
    CHECK(item["state"] == "due");
  CHECK(items.count(newcomer["id"].get<int>()) == 0);
  const auto run = api.run();
  CHECK(outcomes(run)[kept["id"].get<int>()] == "review-opened");
  CHECK(outcomes(run)[erased["id"].get<int>()] == "review-opened");
  api.get(api.member_path(kept));
  api.get(api.member_path(erased));
  const auto reviews = api.get(api.base + "/reviews")["items"];
  REQUIRE(reviews.size() == 2);
  std::map<int, int> review_of;  // member -> review
  for (const auto& r : reviews) {
    CHECK(r["ruleId"] == rule);
    CHECK(r["decision"].is_null());
    review_of[r["memberId"].get<int>()] = r["id"].get<int>();
  }
  // A second run finds them already open.
  CHECK(outcomes(api.run())[kept["id"].get<int>()] == "review-already-open");
  CHECK(api.get(api.base + "/reviews")["items"].size() == 2);

  const auto decide = [&](const nlohmann::json& member) {
    return api.base + "/reviews/" + std::to_string(review_of[member["id"].get<int>()]) +
           "/decision";
  };
  CHECK(fields_of(api.post(decide(kept), {{"decision", "keep"}}, 422)) ==
        std::set<std::string>{"reason", "until"});
  CHECK(fields_of(api.post(decide(kept), {{"decision", "maybe"}}, 422)) ==
        std::set<std::string>{"decision"});
  CHECK(fields_of(api.post(
            decide(kept),
            {{"decision", "keep"}, {"reason", "Bénévole"}, {"until", days_from_today(-3)}}, 422)) ==
        std::set<std::string>{"until"});
  api.post(api.base + "/reviews/999/decision", {{"decision", "erase"}}, 404);

  const std::string until = days_from_today(365);
  const auto keep = api.post(
      decide(kept), {{"decision", "keep"}, {"reason", "Bénévole actif"}, {"until", until}}, 200);
  CHECK(keep["decision"] == "keep");
  CHECK(keep["decidedBy"] == "user:admin");
  api.post(decide(kept), {{"decision", "erase"}}, 409);  // decided once
  bool hold_placed = false;
  const auto holds_now = api.get(api.base + "/holds");
  for (const auto& h : holds_now["items"])
    hold_placed = hold_placed || (h["memberId"] == kept["id"] && h["until"] == until &&
                                  h["reason"] == "Bénévole actif");
  CHECK(hold_placed);

  const auto erase = api.post(decide(erased), {{"decision", "erase"}}, 200);
  CHECK(erase["decision"] == "erase");
  api.get(api.member_path(erased), 404);
  api.get(api.member_path(kept));

  CHECK(api.get(api.base + "/reviews")["items"].empty());
  CHECK(api.get(api.base + "/reviews?status=all")["items"].size() == 2);
  CHECK(fields_of(api.get(api.base + "/reviews?status=closed", 422)) ==
        std::set<std::string>{"status"});

  // The kept member is held from now on: the next run opens no review on them.
  CHECK(outcomes(api.run())[kept["id"].get<int>()] == "held");
  CHECK(api.get(api.base + "/reviews")["items"].empty());

  // Every run with items left a "completed" notice with its counts.
  bool noticed = false;
  const auto notices = api.get(api.base + "/notices");
  for (const auto& n : notices["items"]) {
    if (n["kind"] == "completed" && n["runId"] == run["id"]) {
      noticed = true;
      CHECK(n["counts"] == nlohmann::json({{"review-opened", 2}}));
    }
  }
  CHECK(noticed);
  CHECK(api.get("/admin/v1/audit/verify")["intact"] == true);
}

TEST_CASE("the daily retention job runs once a day, for organisations with an enabled rule") {
  Api api;  // runAt 00:00: the job's time has come whenever the test runs
  auto& retention = api.app.app().retention();
  auto ticked = retention.tick();
  REQUIRE(ticked);
  CHECK(ticked.value() == 0);  // no rule, nothing to run
  CHECK(api.get(api.base + "/runs")["items"].empty());

  const auto due = api.member("Parti", days_from_today(-400), days_from_today(-20));
  const auto soon = api.member("Bientot", days_from_today(-400), days_from_today(-5));
  const int rule = api.rule("former_members", "date_left", 10, "days", "erase")["id"];
  ticked = retention.tick();
  REQUIRE(ticked);
  CHECK(ticked.value() == 1);
  const auto runs = api.get(api.base + "/runs")["items"];
  REQUIRE(runs.size() == 1);
  CHECK(runs[0]["startedBy"] == "system");
  CHECK(runs[0]["status"] == "completed");
  const auto run = api.get(api.base + "/runs/" + std::to_string(runs[0]["id"].get<int>()));
  CHECK(outcomes(run) == std::map<int, std::string>{{due["id"].get<int>(), "awaiting-approval"}});
  CHECK(crypto::blake2b_256_hex(run["report"].get<std::string>()) == run["reportHash"]);
  api.get(api.member_path(due));  // not approved: kept

  ticked = retention.tick();  // once a day
  REQUIRE(ticked);
  CHECK(ticked.value() == 0);
  CHECK(api.get(api.base + "/runs")["items"].size() == 1);

  // Managers are told of the run, and of what falls due within noticeDays (14): the other member.
  const auto notices = api.get(api.base + "/notices");
  std::map<std::string, nlohmann::json> by_kind;
  for (const auto& n : notices["items"])
    by_kind[n["kind"]] = n;
  CHECK(by_kind["completed"]["runId"] == runs[0]["id"]);
  CHECK(by_kind["completed"]["counts"] == nlohmann::json({{"awaiting-approval", 1}}));
  CHECK(by_kind["upcoming"]["counts"] == nlohmann::json({{std::to_string(rule), 1}}));
  CHECK(by_kind["upcoming"]["horizon"] > runs[0]["asOf"]);
  CHECK(explanation(api.get(api.member_path(soon) + "/retention"), rule)["reason"] ==
        "not-yet-due");
}
