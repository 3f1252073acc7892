// Erasure (GDPR Art. 17) and sealed sensitive values over real HTTP (standalone mode, the local
// administrator): after an erasure and a checkpoint of the write-ahead log, the member's name,
// e-mail and sensitive value are nowhere in the storage directory's files, nor in the logs.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "core/log.hpp"
#include "running_app.hpp"

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
    if (res->body.empty() ||
        res->get_header_value("Content-Type").find("json") == std::string::npos)
      return {};
    return nlohmann::json::parse(res->body);
  }
  nlohmann::json post(const std::string& path, const nlohmann::json& body, int expected = 201) {
    return send("POST", path, body, expected);
  }
  nlohmann::json get(const std::string& path, int expected = 200) {
    return send("GET", path, nullptr, expected);
  }
  std::string member_path(int id) {
    return "/api/v1/organizations/1/members/" + std::to_string(id);
  }
  nlohmann::json erase(int id, int version, const nlohmann::json& body, int expected) {
    return send("POST", member_path(id) + "/erasure", body, expected,
                {{"If-Match", "\"" + std::to_string(version) + "\""}});
  }
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Every file under `dir` whose bytes contain `needle` (case-insensitively: the search index keeps
// folded, lower-case words).
std::vector<std::string> files_containing(const std::string& dir, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (lower(bytes.str()).find(lower(needle)) != std::string::npos)
      out.push_back(entry.path().string());
  }
  return out;
}

struct CapturedLogs {
  std::mutex mutex;
  std::string text;
  CapturedLogs() {
    log::set_level(log::Level::debug);
    log::set_sink([this](const std::string& line) {
      std::lock_guard lock(mutex);
      text += line + "\n";
    });
  }
  ~CapturedLogs() {
    log::set_sink(nullptr);
    log::set_level(log::Level::info);
  }
  bool contains(const std::string& needle) {
    std::lock_guard lock(mutex);
    return lower(text).find(lower(needle)) != std::string::npos;
  }
};

void checkpoint(const std::string& storage_dir) {
  SQLite::Database db(storage_dir + "/registre.sqlite3", SQLite::OPEN_READWRITE);
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace

TEST_CASE("an erased member leaves no byte of their name, e-mail or sensitive values behind") {
  CapturedLogs logs;
  Api api;
  const std::string first = "Zorblaxine", last = "Quuxworthington",
                    email = "zorblaxine.quux@exemple.org";
  const std::string health = "Asthmevraimentrare", reference = "CHQ-Quuxworthington",
                    evidence = "Files/Zorblaxine.pdf";
  api.post(
      "/api/v1/organizations/1/fields",
      {{"key", "sante"}, {"label", "Santé"}, {"type", "text"}, {"classification", "sensitive"}});
  api.post("/api/v1/organizations/1/fields",
           {{"key", "club"}, {"label", "Club"}, {"type", "text"}});
  const auto member = api.post("/api/v1/organizations/1/members",
                               {{"firstName", first},
                                {"lastName", last},
                                {"email", email},
                                {"phone", "06 12 34 56 78"},
                                {"notes", "Voisin de " + last},
                                {"admittedOn", "2024-09-01"},
                                {"custom", {{"sante", health}, {"club", "Échecs"}}}});
  const int id = member["id"];
  CHECK(member["custom"]["sante"] == health);  // shown to the manager who wrote it
  const auto other =
      api.post("/api/v1/organizations/1/members",
               {{"lastName", "Durand"}, {"householdId", id}, {"custom", {{"sante", "Rien"}}}});

  // Sealed: the register's database never holds the sensitive value in clear.
  checkpoint(api.app.storage_dir());
  CHECK(files_containing(api.app.storage_dir(), health).empty());
  CHECK(api.get(api.member_path(id))["custom"]["sante"] == health);
  // An update of another field keeps the sealed value.
  const auto updated =
      api.send("PUT", api.member_path(id), {{"city", "Lyon"}}, 200, {{"If-Match", "\"1\""}});
  CHECK(updated["custom"]["sante"] == health);
  CHECK(updated["custom"]["club"] == "Échecs");
  // Sensitive fields cannot be filtered on: the database cannot read them.
  const auto refused = api.get("/api/v1/organizations/1/members?field_sante=x", 422);
  CHECK(refused["errors"][0]["field"] == "field_sante");

  const auto type =
      api.post("/api/v1/organizations/1/membership-types",
               {{"name", "Annuelle"}, {"period", "calendar_year"}, {"amountCents", 2500}});
  api.post(api.member_path(id) + "/memberships", {{"typeId", type["id"]},
                                                  {"startsOn", "2025-01-01"},
                                                  {"paidOn", "2025-01-10"},
                                                  {"paymentMethod", "cheque"},
                                                  {"reference", reference}});
  const auto purpose = api.post("/api/v1/organizations/1/purposes", {{"preset", "newsletter"}});
  api.post(api.member_path(id) + "/consents", {{"purposeId", purpose["id"]},
                                               {"decision", "given"},
                                               {"channel", "paper"},
                                               {"evidence", evidence}});
  api.post(api.member_path(id) + "/links", nlohmann::json::object());
  const auto request =
      api.post("/api/v1/organizations/1/requests",
               {{"kind", "erasure"}, {"memberId", id}, {"receivedOn", "2026-11-01"}});
  const auto access =
      api.post("/api/v1/organizations/1/requests", {{"kind", "access"}, {"memberId", id}});
  CHECK(files_containing(api.app.storage_dir(), last).size() > 0);  // the scan finds what is there

  // Refusals change nothing: a stale version, a request of another kind, an unknown request.
  api.erase(id, 1, nlohmann::json::object(), 412);
  CHECK(api.erase(id, 2, {{"subjectRequestId", access["id"]}}, 422)["errors"][0]["field"] ==
        "subjectRequestId");
  CHECK(api.erase(id, 2, {{"subjectRequestId", 999}}, 422)["errors"][0]["field"] ==
        "subjectRequestId");
  api.send("POST", api.member_path(id) + "/erasure", nlohmann::json::object(), 428);
  CHECK(api.get(api.member_path(id))["lastName"] == last);

  const auto receipt = api.erase(id, 2, {{"subjectRequestId", request["id"]}}, 200);
  CHECK(receipt["memberNumber"] == member["number"]);
  CHECK(receipt["membershipsAnonymised"] == 1);
  CHECK(receipt["consentEvidenceDeleted"] == 1);
  CHECK(receipt["publicLinksDeleted"] == 1);
  CHECK(receipt["householdsFreed"] == 1);
  CHECK(receipt["subjectRequestId"] == request["id"]);

  // The record is gone; what must stay, stays.
  api.get(api.member_path(id), 404);
  CHECK(api.get(api.member_path(other["id"]))["householdId"].is_null());
  CHECK(api.get(api.member_path(other["id"]))["custom"]["sante"] ==
        "Rien");  // another member's key is intact
  CHECK(api.get("/api/v1/organizations/1/members?q=" + last)["items"].empty());
  const auto totals = api.get("/api/v1/organizations/1/dues/totals");
  CHECK(totals.dump().find("2500") != std::string::npos);  // the anonymous accounting line counts
  CHECK(api.get("/admin/v1/organizations/1/ledger/verify")["intact"] == true);
  const auto audit = api.get("/api/v1/organizations/1/audit?action=member.erased");
  REQUIRE(audit["items"].size() == 1);
  const auto& fields = audit["items"][0]["fields"];
  CHECK(std::find(fields.begin(), fields.end(),
                  "subjectRequest:" + std::to_string(request["id"].get<int>())) != fields.end());
  CHECK(api.get("/api/v1/organizations/1/requests/" +
                std::to_string(request["id"].get<int>()))["memberId"]
            .is_null());
  // Numbers are not given again, not even the highest one.
  const auto highest = api.post("/api/v1/organizations/1/members", {{"lastName", "Dernier"}});
  api.erase(highest["id"], 1, nlohmann::json::object(), 200);
  const auto next = api.post("/api/v1/organizations/1/members", {{"lastName", "Suivant"}});
  CHECK(next["number"].get<int>() == highest["number"].get<int>() + 1);

  checkpoint(api.app.storage_dir());
  for (const std::string& needle : {first, last, email, health, reference, evidence}) {
    CAPTURE(needle);
    CHECK(files_containing(api.app.storage_dir(), needle).empty());
    CHECK_FALSE(logs.contains(needle));
  }
  // Erasing again: the member is not found, nothing else happens.
  api.erase(id, 2, nlohmann::json::object(), 404);
}

TEST_CASE("a member erased by a retention rule leaves no byte behind either") {
  CapturedLogs logs;
  Api api;
  const std::string first = "Plonquette", last = "Vrazzlemoor", email = "plonquette.vrazz@exemple.org";
  const std::string health = "Diabetevraimentrare", reference = "VIR-Vrazzlemoor",
                    evidence = "Files/Plonquette.pdf", note = "Ancienne trésorière Vrazzlemoor";
  api.post("/api/v1/organizations/1/fields",
           {{"key", "sante"}, {"label", "Santé"}, {"type", "text"}, {"classification", "sensitive"}});
  const auto member = api.post("/api/v1/organizations/1/members",
                               {{"firstName", first},
                                {"lastName", last},
                                {"email", email},
                                {"notes", note},
                                {"admittedOn", "2020-09-01"},
                                {"leftOn", "2024-06-30"},
                                {"custom", {{"sante", health}}}});
  const int id = member["id"];
  CHECK(member["status"] == "former");
  const auto type = api.post("/api/v1/organizations/1/membership-types",
                             {{"name", "Annuelle"}, {"period", "calendar_year"}, {"amountCents", 2500}});
  api.post(api.member_path(id) + "/memberships", {{"typeId", type["id"]},
                                                  {"startsOn", "2023-01-01"},
                                                  {"paidOn", "2023-01-10"},
                                                  {"paymentMethod", "transfer"},
                                                  {"reference", reference}});
  const auto purpose = api.post("/api/v1/organizations/1/purposes", {{"preset", "newsletter"}});
  api.post(api.member_path(id) + "/consents",
           {{"purposeId", purpose["id"]}, {"decision", "given"}, {"channel", "paper"}, {"evidence", evidence}});
  api.post(api.member_path(id) + "/links", nlohmann::json::object());
  const auto kept = api.post("/api/v1/organizations/1/members", {{"lastName", "Toujours"}});
  checkpoint(api.app.storage_dir());
  CHECK(files_containing(api.app.storage_dir(), last).size() > 0);

  api.send("PUT", "/api/v1/organizations/1/retention/settings",
           {{"runAt", "03:00"}, {"requireApproval", false}, {"noticeDays", 14}, {"batchSize", 100}}, 200);
  api.post("/api/v1/organizations/1/retention/rules", {{"subject", "former_members"},
                                                       {"trigger", "date_left"},
                                                       {"delayAmount", 1},
                                                       {"delayUnit", "years"},
                                                       {"action", "erase"},
                                                       {"description", "Effacés un an après leur départ."}});
  const auto run = api.post("/api/v1/organizations/1/retention/runs", nlohmann::json::object());
  REQUIRE(run["items"].size() == 1);
  CHECK(run["items"][0]["outcome"] == "erased");
  api.get(api.member_path(id), 404);
  api.get(api.member_path(kept["id"]));
  CHECK(api.get("/api/v1/organizations/1/dues/totals").dump().find("2500") != std::string::npos);

  checkpoint(api.app.storage_dir());
  for (const std::string& needle : {first, last, email, health, reference, evidence, note}) {
    CAPTURE(needle);
    CHECK(files_containing(api.app.storage_dir(), needle).empty());
    CHECK_FALSE(logs.contains(needle));
  }
}
