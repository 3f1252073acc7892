// The access package (GDPR Art. 15, 20) over real HTTP: every part of a member's data in one
// document that validates against docs/access-package.schema.json, the same document inside
// the ZIP with its CSV files, audited; other organisations' members and staff without the
// manager role get nothing.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "crypto/sodium.hpp"
#include "fakes/fake_nextcloud.hpp"
#include "running_app.hpp"
#include "test_support/openapi_validator.hpp"
#include "test_support/zip_reader.hpp"

using namespace registre;

namespace {

const test_support::OpenApi& package_schema() {
  static const test_support::OpenApi schema = [] {
    const std::string path = REGISTRE_SOURCE_DIR "/docs/access-package.schema.json";
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return test_support::OpenApi::from_json_schema(nlohmann::json::parse(text.str()), path);
  }();
  return schema;
}

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();

  nlohmann::json call(const std::string& method, const std::string& path,
                      const nlohmann::json& body, int expected) {
    httplib::Result res = method == "POST"  ? client.Post(path, body.dump(), "application/json")
                          : method == "PUT" ? client.Put(path, {{"If-Match", "\"1\""}}, body.dump(),
                                                         "application/json")
                                            : client.Get(path);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == expected,
                    method << " " << path << " -> " << res->status << " " << res->body);
    return nlohmann::json::parse(res->body);
  }
  httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) {
    auto res = client.Get(path, headers);
    REQUIRE(res);
    return res;
  }
  std::vector<nlohmann::json> audit(const std::string& action) {
    const auto page =
        call("GET", "/api/v1/organizations/1/audit?limit=500&action=" + action, nullptr, 200);
    return {page["items"].begin(), page["items"].end()};
  }
};

// A member with something in every part of the package; returns their id.
struct Seeded {
  std::int64_t id = 0, number = 0, household_number = 0;
  std::string token;
};

Seeded seed_member(Api& api) {
  const std::string org = "/api/v1/organizations/1";
  for (
      const char* definition :
      {R"({"key":"licence","label":"N° de licence","type":"text","classification":"identity"})",
       R"({"key":"allergies","label":"Allergies","type":"long_text","classification":"sensitive"})",
       R"({"key":"skills","label":"Compétences","type":"multiple_choice","choices":["cuisine","jardin"]})"}) {
    api.call("POST", org + "/fields", nlohmann::json::parse(definition), 201);
  }
  Seeded s;
  const auto head =
      api.call("POST", org + "/members", {{"lastName", "Dupré"}, {"firstName", "Marc"}}, 201);
  s.household_number = head["number"].get<std::int64_t>();
  const auto member = api.call("POST", org + "/members",
                               {{"firstName", "Élise"},
                                {"lastName", "Dupré"},
                                {"email", "elise@asso.fr"},
                                {"notes", "=1+1 appelle le soir"},  // a formula, for the CSV guard
                                {"householdId", head["id"]},
                                {"custom",
                                 {{"licence", "L-42"},
                                  {"allergies", "arachides"},
                                  {"skills", nlohmann::json::array({"cuisine"})}}}},
                               201);
  s.id = member["id"].get<std::int64_t>();
  s.number = member["number"].get<std::int64_t>();
  const std::string path = org + "/members/" + std::to_string(s.id);

  const auto yearly =
      api.call("POST", org + "/membership-types",
               {{"name", "Annuelle"}, {"period", "calendar_year"}, {"amountCents", 2500}}, 201);
  api.call("POST", path + "/memberships",
           {{"typeId", yearly["id"]},
            {"startsOn", "2025-01-01"},
            {"amountCents", 2500},
            {"paidOn", "2025-01-05"},
            {"paymentMethod", "cheque"},
            {"reference", "CHQ 0042"}},
           201);
  const auto newsletter = api.call("POST", org + "/purposes", {{"preset", "newsletter"}}, 201);
  api.call("POST", path + "/consents",
           {{"purposeId", newsletter["id"]},
            {"decision", "given"},
            {"channel", "paper"},
            {"evidence", "Registre/Formulaires/elise.pdf"}},
           201);
  api.call("POST", path + "/consents",
           {{"purposeId", newsletter["id"]}, {"decision", "withdrawn"}, {"channel", "web"}}, 201);
  api.call("POST", org + "/requests", {{"kind", "access"}, {"memberId", s.id}}, 201);
  s.token = api.call("POST", path + "/links", nlohmann::json::object(), 201).value("token", "");
  // Provenance: a file that updates the member by number.
  const std::string csv = "Numéro;Nom;Ville\r\n" + std::to_string(s.number) + ";Dupré;Lyon\r\n";
  auto imported =
      api.client.Post(org + "/imports?mode=apply&fileName=adherents.csv", csv, "text/csv");
  REQUIRE(imported);
  REQUIRE_MESSAGE(imported->status == 201, imported->body);
  for (int i = 0; i < 3; ++i)
    api.call("GET", path, nullptr, 200);
  return s;
}

std::string package_path(std::int64_t member_id, const std::string& query = "") {
  return "/api/v1/organizations/1/members/" + std::to_string(member_id) + "/access-package" + query;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines)
    out += "\n  " + l;
  return out;
}

}  // namespace

TEST_CASE("the package holds every part of the member's data and validates against its schema") {
  Api api;
  const auto seeded = seed_member(api);
  auto res = api.get(package_path(seeded.id));
  REQUIRE_MESSAGE(res->status == 200, res->body);
  CHECK(res->get_header_value("Content-Type").rfind("application/json", 0) == 0);
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  const std::string disposition = res->get_header_value("Content-Disposition");
  CHECK(disposition.rfind(
            "attachment; filename=\"registre-access-" + std::to_string(seeded.number) + "-", 0) ==
        0);
  CHECK(disposition.find("Dupr") == std::string::npos);  // no name in the file name
  const auto doc = nlohmann::json::parse(res->body);
  const auto violations = package_schema().validate_document(doc);
  CHECK_MESSAGE(violations.empty(), joined(violations));

  CHECK(doc["format"] == "registre-access-package");
  CHECK(doc["organization"]["id"] == 1);
  const auto& member = doc["member"];
  CHECK(member["number"] == seeded.number);
  CHECK(member["email"] == "elise@asso.fr");
  CHECK(member["city"] == "Lyon");                   // from the import
  CHECK(member["notes"] == "=1+1 appelle le soir");  // notes are the member's data too
  CHECK(member["household"]["number"] == seeded.household_number);

  std::map<std::string, nlohmann::json> custom;
  for (const auto& f : doc["customFields"])
    custom[f["key"].get<std::string>()] = f;
  REQUIRE(custom.size() == 3);
  CHECK(custom["allergies"]["value"] == "arachides");  // sensitive values included
  CHECK(custom["allergies"]["classification"] == "sensitive");
  CHECK(custom["licence"]["label"] == "N° de licence");
  CHECK(custom["skills"]["type"] == "multiple_choice");
  CHECK(custom["skills"]["value"] == nlohmann::json::array({"cuisine"}));

  REQUIRE(doc["memberships"].size() == 1);
  CHECK(doc["memberships"][0]["type"]["name"] == "Annuelle");
  CHECK(doc["memberships"][0]["paidOn"] == "2025-01-05");
  CHECK(doc["memberships"][0]["paymentMethod"] == "cheque");
  CHECK(doc["memberships"][0]["amountCents"] == 2500);

  REQUIRE(doc["consents"].size() == 2);
  const auto& given = doc["consents"][0];
  CHECK(given["decision"] == "given");
  CHECK(given["channel"] == "paper");
  CHECK(given["evidence"] == "Registre/Formulaires/elise.pdf");
  CHECK(given["purpose"]["key"] == "newsletter");
  CHECK(given["version"]["number"] == 1);
  CHECK_FALSE(given["version"]["textFr"].get<std::string>().empty());
  CHECK_FALSE(given["version"]["textEn"].get<std::string>().empty());
  CHECK(given["version"]["textHash"].get<std::string>().size() == 64);
  CHECK(doc["consents"][1]["decision"] == "withdrawn");
  CHECK(doc["consents"][1]["evidence"].is_null());

  REQUIRE(doc["requests"].size() == 1);
  CHECK(doc["requests"][0]["kind"] == "access");

  std::map<std::string, int> actions;
  for (const auto& e : doc["accessLog"]) {
    ++actions[e["action"].get<std::string>()];
    CHECK(e["actor"] == "user:admin");
  }
  CHECK(actions["member.read"] == 3);
  CHECK(actions["member.created"] == 1);
  CHECK(actions["consent.recorded"] == 2);
  CHECK(actions["member.package_exported"] == 0);  // this export is audited after the snapshot

  REQUIRE(doc["imports"].size() == 1);
  CHECK(doc["imports"][0]["fileName"] == "adherents.csv");
  CHECK(doc["imports"][0]["outcome"] == "updated");

  REQUIRE(doc["publicLinks"].size() == 1);
  CHECK(doc["publicLinks"][0]["revokedAt"].is_null());
  REQUIRE_FALSE(seeded.token.empty());
  CHECK(res->body.find(seeded.token) == std::string::npos);
  CHECK(res->body.find("token") == std::string::npos);

  // Audited once, naming the parts, never values.
  const auto exported = api.audit("member.package_exported");
  REQUIRE(exported.size() == 1);
  CHECK(exported[0]["fields"].size() == 9);
  CHECK(exported[0]["subject"].get<std::string>().rfind("member:", 0) == 0);
  // The next package lists the first export among the accesses.
  const auto again = api.call("GET", package_path(seeded.id), nullptr, 200);
  CHECK(again["accessLog"].back()["action"] == "member.package_exported");
}

TEST_CASE("the ZIP holds package.json, equal to the JSON document, and one CSV per part") {
  Api api;
  const auto seeded = seed_member(api);
  auto json_answer = nlohmann::json::parse(api.get(package_path(seeded.id))->body);
  auto res = api.get(package_path(seeded.id, "?format=zip"), {{"Accept-Language", "fr-FR"}});
  REQUIRE_MESSAGE(res->status == 200, res->body);
  CHECK(res->get_header_value("Content-Type") == "application/zip");
  CHECK(res->get_header_value("Content-Disposition").find(".zip\"") != std::string::npos);
  const auto files = test_support::read_zip(res->body);
  std::map<std::string, std::string> by_name;
  std::vector<std::string> names;
  for (const auto& f : files) {
    names.push_back(f.name);
    by_name[f.name] = f.content;
  }
  CHECK(names == std::vector<std::string>{"package.json", "member.csv", "custom_fields.csv",
                                          "memberships.csv", "consents.csv", "requests.csv",
                                          "access_log.csv", "imports.csv", "public_links.csv"});

  // Equal to the JSON route's document, but for the time and the export that came in between.
  auto zipped = nlohmann::json::parse(by_name["package.json"]);
  CHECK(package_schema().validate_document(zipped).empty());
  REQUIRE(zipped["accessLog"].back()["action"] == "member.package_exported");
  zipped["accessLog"].erase(zipped["accessLog"].size() - 1);
  zipped.erase("generatedAt");
  json_answer.erase("generatedAt");
  CHECK(zipped == json_answer);

  const std::string bom = "\xEF\xBB\xBF";
  for (const auto& file : by_name) {
    const auto& name = file.first;  // not a structured binding: clang 14 cannot capture those
    const auto& content = file.second;
    if (name == "package.json") continue;
    CHECK_MESSAGE(content.rfind(bom, 0) == 0, name << " has no BOM");
  }
  const std::string& member_csv = by_name["member.csv"];
  CHECK(member_csv.rfind(bom + "Numéro;Nom;Prénom;", 0) == 0);           // French headers, ';'
  CHECK(member_csv.find("'=1+1 appelle le soir") != std::string::npos);  // formula guard
  CHECK(member_csv.find(";Élise;") != std::string::npos);
  CHECK(by_name["custom_fields.csv"].find("arachides") != std::string::npos);
  CHECK(by_name["memberships.csv"].find("CHQ 0042") != std::string::npos);
  CHECK(by_name["consents.csv"].find("Registre/Formulaires/elise.pdf") != std::string::npos);
  CHECK(by_name["imports.csv"].find("adherents.csv") != std::string::npos);
  CHECK(by_name["access_log.csv"].find("member.read") != std::string::npos);
  // One line per item after the header.
  auto lines = [](const std::string& csv) {
    std::size_t n = 0;
    for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2))
      ++n;
    return n;
  };
  CHECK(lines(by_name["requests.csv"]) == 2);
  CHECK(lines(by_name["public_links.csv"]) == 2);
}

TEST_CASE("a member of another organisation is not found; a wrong format is refused") {
  Api api;
  api.call("POST", "/admin/v1/organizations", {{"slug", "autre"}, {"name", "Autre"}}, 201);
  const auto stranger =
      api.call("POST", "/api/v1/organizations/2/members", {{"lastName", "Autre"}}, 201);
  const auto id = stranger["id"].get<std::int64_t>();
  auto res = api.get(package_path(id));
  CHECK(res->status == 404);
  CHECK(res->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
  CHECK(api.get(package_path(999999))->status == 404);
  const auto own = api.call("POST", "/api/v1/organizations/1/members", {{"lastName", "Ici"}}, 201);
  CHECK(api.get(package_path(own["id"].get<std::int64_t>(), "?format=xml"))->status == 422);
  CHECK(api.get(package_path(own["id"].get<std::int64_t>(), "?colour=blue"))->status == 422);
  CHECK(api.audit("member.package_exported").empty());
}

TEST_CASE("behind Nextcloud: a viewer gets 403, the member downloads their own package") {
  fakes::FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());
  nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, "provisioning.jsonl");
  for (const char* uid : {"carol", "dave", "erin", "gina"}) {
    nextcloud.answer_with("GET", std::string("/ocs/v2.php/cloud/users/") + uid + "/groups", 7,
                          "provisioning.jsonl");
  }
  auto must = [](const fakes::FakeNextcloud::AppAnswer& a, int status) {
    REQUIRE_MESSAGE(a.status == status,
                    a.method << " " << a.path << " -> " << a.status << " " << a.body);
    return a.body.empty() ? nlohmann::json() : nlohmann::json::parse(a.body);
  };
  must(nextcloud.proxy("POST", "/admin/v1/organizations", "admin",
                       R"({"slug":"amis","name":"Les Amis"})", "application/json"),
       201);
  for (auto [uid, role] : {std::pair{"carol", "viewer"}, std::pair{"dave", "treasurer"},
                           std::pair{"erin", "manager"}}) {
    must(nextcloud.proxy("POST", "/admin/v1/organizations/1/roles", "admin",
                         std::string(R"({"principalType":"user","principalId":")") + uid +
                             R"(","role":")" + role + R"("})",
                         "application/json"),
         201);
  }
  must(nextcloud.proxy("POST", "/api/v1/organizations/1/members", "erin",
                       R"({"lastName":"Martin"})", "application/json"),
       201);
  const auto gina =
      must(nextcloud.proxy("POST", "/api/v1/organizations/1/members", "erin",
                           R"({"lastName":"Gina","nextcloudUser":"gina","notes":"à rappeler"})",
                           "application/json"),
           201);
  const std::string staff = package_path(gina["id"].get<std::int64_t>());
  must(nextcloud.proxy("GET", staff, "carol"), 403);  // viewer
  must(nextcloud.proxy("GET", staff, "dave"), 403);   // treasurer
  must(nextcloud.proxy("GET", staff, "gina"), 403);   // the member uses her own route
  must(nextcloud.proxy("GET", staff, "erin"), 200);   // manager

  const auto own =
      must(nextcloud.proxy("GET", "/api/v1/organizations/1/me/access-package", "gina"), 200);
  CHECK(package_schema().validate_document(own).empty());
  CHECK(own["member"]["number"] == gina["number"]);
  CHECK(own["member"]["notes"] == "à rappeler");
  CHECK(own["accessLog"].back()["action"] == "member.package_exported");  // erin's export
  CHECK(own["accessLog"].back()["actor"] == "user:erin");
  const auto zip =
      nextcloud.proxy("GET", "/api/v1/organizations/1/me/access-package?format=zip", "gina");
  REQUIRE(zip.status == 200);
  CHECK(test_support::read_zip(zip.body).size() == 9);
  must(nextcloud.proxy("GET", "/api/v1/organizations/1/me/access-package", "carol"), 403);
  app.app().jobs().drain();
}
