// Purposes, consents and the ledger over real HTTP (standalone mode, the local administrator),
// and `registre-server verify-ledger` on the same storage after the rows were edited with sqlite3.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <set>

#include "running_app.hpp"
#include "test_support/run_command.hpp"

using namespace registre;

namespace {

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();

  nlohmann::json send(const std::string& method, const std::string& path,
                      const nlohmann::json& body, int expected, httplib::Headers headers = {}) {
    httplib::Result res =
        method == "POST"  ? client.Post(path, headers, body.dump(), "application/json")
        : method == "PUT" ? client.Put(path, headers, body.dump(), "application/json")
                          : client.Get(path, headers);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == expected,
                    method << " " << path << " -> " << res->status << " " << res->body);
    return res->body.empty() ? nlohmann::json() : nlohmann::json::parse(res->body);
  }
  nlohmann::json post(const std::string& path, const nlohmann::json& body, int expected = 201) {
    return send("POST", path, body, expected);
  }
  nlohmann::json get(const std::string& path, int expected = 200, httplib::Headers headers = {}) {
    return send("GET", path, nullptr, expected, std::move(headers));
  }
  int new_member(const std::string& last_name, int organization = 1) {
    return post("/api/v1/organizations/" + std::to_string(organization) + "/members",
                {{"lastName", last_name}})["id"];
  }
  std::string consents_of(int member) {
    return "/api/v1/organizations/1/members/" + std::to_string(member) + "/consents";
  }
  std::size_t ledger_size(int member) {
    return get(consents_of(member) + "/history")["items"].size();
  }
  std::string state(int member, int purpose) {
    const auto current = get(consents_of(member));
    for (const auto& line : current["items"]) {
      if (line["purposeId"] == purpose) return line["state"].get<std::string>();
    }
    return "absent";
  }
};

std::set<std::string> fields_of(const nlohmann::json& problem) {
  std::set<std::string> out;
  for (const auto& e : problem["errors"])
    out.insert(e["field"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("presets are offered in French and English") {
  Api api;
  auto fr = api.get("/api/v1/purpose-presets", 200, {{"Accept-Language", "fr-FR,fr;q=0.9"}});
  CHECK(fr["language"] == "fr");
  REQUIRE(fr["items"].size() == 5);
  std::set<std::string> keys;
  for (const auto& p : fr["items"])
    keys.insert(p["key"].get<std::string>());
  CHECK(keys == std::set<std::string>{"newsletter", "image_rights", "directory",
                                      "federation_transfer", "fundraising"});
  CHECK(fr["items"][1]["title"] == "Droit à l'image");
  auto en = api.get("/api/v1/purpose-presets?lang=en", 200, {{"Accept-Language", "fr"}});
  CHECK(en["language"] == "en");
  CHECK(en["items"][1]["title"] == "Photos and video");
  CHECK(en["items"][1]["textFr"] ==
        fr["items"][1]["textFr"]);  // both texts always: a version has both
  CHECK(fields_of(api.get("/api/v1/purpose-presets?lang=de", 422)) ==
        std::set<std::string>{"lang"});
}

TEST_CASE("purposes: adopt a preset, create one, refuse bad ones naming the fields") {
  Api api;
  const std::string purposes = "/api/v1/organizations/1/purposes";
  auto image = api.post(purposes, {{"preset", "image_rights"}, {"language", "en"}});
  CHECK(image["key"] == "image_rights");
  CHECK(image["title"] == "Photos and video");
  CHECK(image["legalBasis"] == "consent");
  CHECK(image["currentVersion"]["number"] == 1);
  CHECK(image["currentVersion"]["textHash"].get<std::string>().size() == 64);
  auto own = api.post(purposes, {{"key", "ag-vote"},
                                 {"title", "Vote électronique"},
                                 {"legalBasis", "contract"},
                                 {"dataCategories", {"identité"}},
                                 {"recipients", {"le prestataire de vote"}},
                                 {"retention", "Jusqu'à l'AG suivante."}});
  CHECK(own["currentVersion"].is_null());
  CHECK(api.get(purposes)["items"].size() == 2);

  CHECK(api.post(purposes, {{"preset", "image_rights"}}, 409)["type"] ==
        "urn:registre:problem:conflict");  // key taken
  CHECK(fields_of(api.post(purposes, {{"preset", "lottery"}}, 422)) ==
        std::set<std::string>{"preset"});
  CHECK(fields_of(api.post(purposes, {{"preset", "newsletter"}, {"title", "x"}}, 422)) ==
        std::set<std::string>{"title"});
  // Shape first (unknown fields, types, texts in pairs), then the values, each all at once.
  auto bad_shape = api.post(purposes,
                            {{"key", "ok"},
                             {"title", "Ok"},
                             {"legalBasis", "consent"},
                             {"dataCategories", "identité"},
                             {"textFr", "Seulement en français"},
                             {"colour", 1}},
                            422);
  CHECK(fields_of(bad_shape) == std::set<std::string>{"dataCategories", "textEn", "colour"});
  auto bad_values = api.post(
      purposes, {{"key", "Bad Key"}, {"title", ""}, {"legalBasis", "whim"}, {"recipients", {""}}},
      422);
  CHECK(fields_of(bad_values) == std::set<std::string>{"key", "title", "legalBasis", "recipients"});
  auto fr = api.send("POST", purposes, {{"key", "x"}, {"title", "X"}, {"legalBasis", "whim"}}, 422,
                     {{"Accept-Language", "fr"}});
  CHECK(fr["errors"][0]["message"].get<std::string>().find("L'une de consent") == 0);
  CHECK(api.get(purposes)["items"].size() == 2);  // nothing created by the refusals
}

TEST_CASE(
    "consents: record, current state, history; re-consent after a new text; retired purposes") {
  Api api;
  const std::string purposes = "/api/v1/organizations/1/purposes";
  const int newsletter = api.post(purposes, {{"preset", "newsletter"}})["id"];
  const int v1 =
      api.get(purposes + "/" + std::to_string(newsletter) + "/versions")["items"][0]["id"];
  const int alice = api.new_member("Arnaud");
  const int bruno = api.new_member("Bernard");
  CHECK(api.state(alice, newsletter) == "none");

  auto given = api.post(api.consents_of(alice), {{"purposeId", newsletter},
                                                 {"decision", "given"},
                                                 {"channel", "paper"},
                                                 {"evidence", "Registre/Formulaires/2026-03.pdf"}});
  CHECK(given["versionId"] == v1);
  CHECK(given["seq"] == 1);
  CHECK(given["recordedBy"] == "user:admin");
  CHECK_FALSE(given.contains("memberPseudonym"));
  api.post(api.consents_of(bruno), {{"purposeId", newsletter},
                                    {"decision", "given"},
                                    {"channel", "form"},
                                    {"evidence", nullptr}});
  CHECK(api.state(alice, newsletter) == "given");

  // A new text: both are to be asked again.
  const std::string versions = purposes + "/" + std::to_string(newsletter) + "/versions";
  auto v2 = api.post(versions,
                     {{"textFr", "Nouvelle lettre mensuelle."}, {"textEn", "New monthly letter."}});
  CHECK(v2["number"] == 2);
  CHECK(api.state(alice, newsletter) == "to_renew");
  const std::string renewals = purposes + "/" + std::to_string(newsletter) + "/renewals";
  auto to_ask = api.get(renewals)["items"];
  REQUIRE(to_ask.size() == 2);
  CHECK(to_ask[0]["lastName"] == "Arnaud");
  CHECK(to_ask[0]["consent"]["versionId"] == v1);
  api.post(api.consents_of(alice),
           {{"purposeId", newsletter}, {"decision", "given"}, {"channel", "web"}});
  api.post(api.consents_of(bruno),
           {{"purposeId", newsletter}, {"decision", "withdrawn"}, {"channel", "api"}});
  CHECK(api.get(renewals)["items"].empty());
  CHECK(api.state(alice, newsletter) == "given");
  CHECK(api.state(bruno, newsletter) == "withdrawn");
  auto history = api.get(api.consents_of(alice) + "/history")["items"];
  REQUIRE(history.size() == 2);
  CHECK(history[0]["evidence"] == "Registre/Formulaires/2026-03.pdf");
  CHECK(history[1]["prevHash"] == api.get(api.consents_of(bruno) + "/history")["items"][0]["hash"]);

  // Retiring the purpose (If-Match): no new decisions.
  const std::string purpose_path = purposes + "/" + std::to_string(newsletter);
  auto purpose = api.get(purposes)["items"][0];
  api.send("PUT", purpose_path, {{"active", false}}, 428);
  api.send("PUT", purpose_path, {{"active", false}}, 412, {{"If-Match", "\"9\""}});
  auto retired =
      api.send("PUT", purpose_path, {{"active", false}}, 200,
               {{"If-Match", "\"" + std::to_string(purpose["version"].get<int>()) + "\""}});
  CHECK(retired["active"] == false);
  const auto before = api.ledger_size(alice);
  auto refused =
      api.post(api.consents_of(alice),
               {{"purposeId", newsletter}, {"decision", "withdrawn"}, {"channel", "web"}}, 422);
  CHECK(fields_of(refused) == std::set<std::string>{"purposeId"});
  CHECK(refused["type"] == "urn:registre:problem:invalid");
  api.post(versions, {{"textFr", "Encore."}, {"textEn", "Again."}}, 409);
  CHECK(api.ledger_size(alice) == before);
  CHECK(api.state(alice, newsletter) ==
        "given");  // a retired purpose still shows the member's decision
}

TEST_CASE("bad consent input: problem+json naming the field, nothing recorded") {
  Api api;
  const int newsletter =
      api.post("/api/v1/organizations/1/purposes", {{"preset", "newsletter"}})["id"];
  const int directory =
      api.post("/api/v1/organizations/1/purposes", {{"preset", "directory"}})["id"];
  const int other_version = api.get("/api/v1/organizations/1/purposes/" +
                                    std::to_string(directory) + "/versions")["items"][0]["id"];
  const int alice = api.new_member("Arnaud");
  auto refused = [&](const nlohmann::json& body, const std::set<std::string>& fields) {
    auto problem = api.post(api.consents_of(alice), body, 422);
    CHECK_MESSAGE(fields_of(problem) == fields, body.dump());
  };
  refused({{"purposeId", 999}, {"decision", "given"}, {"channel", "web"}}, {"purposeId"});
  refused({{"purposeId", newsletter},
           {"versionId", other_version},
           {"decision", "given"},
           {"channel", "web"}},
          {"versionId"});
  refused(
      {{"purposeId", newsletter}, {"versionId", 999}, {"decision", "given"}, {"channel", "web"}},
      {"versionId"});
  refused({{"purposeId", newsletter}, {"decision", "yes"}, {"channel", "carrier pigeon"}},
          {"decision", "channel"});
  refused({{"decision", "given"}, {"channel", "web"}, {"at", "2020-01-01"}}, {"purposeId", "at"});
  refused({{"purposeId", newsletter},
           {"decision", "given"},
           {"channel", "web"},
           {"evidence", std::string(501, 'e')}},
          {"evidence"});
  api.post(api.consents_of(alice), nlohmann::json::array(), 400);

  // A member of another organisation, named through this one: not found here.
  api.post("/admin/v1/organizations", {{"slug", "autre"}, {"name", "Autre"}});
  const int stranger = api.new_member("Étranger", 2);
  auto missing =
      api.post(api.consents_of(stranger),
               {{"purposeId", newsletter}, {"decision", "given"}, {"channel", "web"}}, 404);
  CHECK(missing["status"] == 404);
  CHECK(fields_of(missing) == std::set<std::string>{"memberId"});
  api.get(api.consents_of(stranger), 404);
  // Organisation 2's purpose cannot be decided through a member of organisation 1.
  const int theirs = api.post("/api/v1/organizations/2/purposes", {{"preset", "newsletter"}})["id"];
  refused({{"purposeId", theirs}, {"decision", "given"}, {"channel", "web"}}, {"purposeId"});

  CHECK(api.ledger_size(alice) == 0);
  CHECK(api.get("/admin/v1/organizations/1/ledger/verify")["eventsChecked"] == 0);
  CHECK(api.get("/admin/v1/organizations/2/ledger/verify")["eventsChecked"] == 0);
}

TEST_CASE("every consent change and read is audited, with no name in the log") {
  Api api;
  const int newsletter =
      api.post("/api/v1/organizations/1/purposes", {{"preset", "newsletter"}})["id"];
  const int alice = api.new_member("Arnaud-Unique");
  api.post(api.consents_of(alice),
           {{"purposeId", newsletter}, {"decision", "given"}, {"channel", "web"}});
  api.get(api.consents_of(alice));
  api.get(api.consents_of(alice) + "/history");
  std::set<std::string> actions;
  const auto audit = api.get("/api/v1/organizations/1/audit?limit=500");
  for (const auto& e : audit["items"]) {
    actions.insert(e["action"].get<std::string>());
    CHECK(e.dump().find("Arnaud-Unique") == std::string::npos);
  }
  for (const char* action :
       {"purpose.created", "consent.recorded", "consent.read", "consent.history_read"}) {
    CHECK_MESSAGE(actions.count(action), action);
  }
}

TEST_CASE(
    "the ledger: admin verification names the first broken event, and so does verify-ledger") {
  Api api;
  const int newsletter =
      api.post("/api/v1/organizations/1/purposes", {{"preset", "newsletter"}})["id"];
  const int alice = api.new_member("Arnaud");
  std::vector<int> ids;
  for (const char* decision : {"given", "withdrawn", "given", "refused"}) {
    ids.push_back(
        api.post(api.consents_of(alice),
                 {{"purposeId", newsletter}, {"decision", decision}, {"channel", "web"}})["id"]);
  }
  auto verified = api.get("/admin/v1/organizations/1/ledger/verify");
  CHECK(verified["intact"] == true);
  CHECK(verified["eventsChecked"] == 4);
  CHECK(verified["firstBrokenEventId"].is_null());

  // A checkpoint, exported with the public key that verifies it.
  auto checkpoint =
      api.post("/admin/v1/organizations/1/ledger/checkpoints", nlohmann::json::object());
  CHECK(checkpoint["seq"] == 4);
  CHECK(api.post("/admin/v1/organizations/1/ledger/checkpoints", nlohmann::json::object(),
                 200)["id"] == checkpoint["id"]);
  auto exported = api.get("/admin/v1/organizations/1/ledger/checkpoints");
  CHECK(exported["algorithm"] == "Ed25519");
  CHECK(exported["publicKey"] == checkpoint["publicKey"]);
  CHECK(exported["items"].size() == 1);
  CHECK(api.get("/admin/v1/organizations/1/ledger/verify")["checkpointsChecked"] == 1);
  api.get("/admin/v1/organizations/99/ledger/verify", 404);

  const std::string storage = api.app.storage_dir();
  const std::string verify =
      std::string(REGISTRE_SERVER_BINARY) + " verify-ledger --storage '" + storage + "'";
  auto clean = test_support::run_command(verify);
  CHECK_MESSAGE(clean.status == 0, clean.output);
  CHECK(clean.output.find("organisation 1 (") != std::string::npos);
  CHECK(clean.output.find("4 events, 1 checkpoints: intact") != std::string::npos);

  // Someone with the file turns the withdrawal (third event... second) into a consent.
  const std::string sql =
      "DROP TRIGGER consent_events_are_append_only; UPDATE consent_events SET decision = 'given' "
      "WHERE id = " +
      std::to_string(ids[1]) + ";";
  REQUIRE(std::system(("sqlite3 '" + storage + "/registre.sqlite3' \"" + sql + "\"").c_str()) == 0);
  auto broken = api.get("/admin/v1/organizations/1/ledger/verify");
  CHECK(broken["intact"] == false);
  CHECK(broken["firstBrokenEventId"] == ids[1]);
  CHECK(broken["firstBrokenSeq"] == 2);
  CHECK(broken["problem"] == "hash");
  auto tampered = test_support::run_command(verify);
  CHECK_MESSAGE(tampered.status == 1, tampered.output);
  CHECK(tampered.output.find("first broken event: id " + std::to_string(ids[1]) +
                             " (seq 2, hash)") != std::string::npos);
  CHECK(tampered.output.find("Arnaud") == std::string::npos);
  CHECK(test_support::run_command(verify + " --organization 42").status == 2);
  CHECK(test_support::run_command(std::string(REGISTRE_SERVER_BINARY) +
                                  " verify-ledger --storage /nonexistent-registre")
            .status == 2);
}
