// docs/openapi.yaml against the real service: every registered route is documented and every
// documented operation is registered; real answers (successes and the main errors, standalone
// and behind the fake Nextcloud) match the documented statuses, headers and schemas.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "fakes/fake_nextcloud.hpp"
#include "running_app.hpp"
#include "test_support/openapi_validator.hpp"

using namespace registre;
using namespace registre::fakes;
using registre::test_support::OpenApi;
using namespace std::chrono_literals;

namespace {

const OpenApi& spec() {
  static const OpenApi api = OpenApi::load(REGISTRE_SOURCE_DIR "/docs/openapi.yaml");
  return api;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines)
    out += "\n  " + l;
  return out;
}

std::string header_of(const httplib::Headers& headers, const std::string& name) {
  auto it = headers.find(name);  // httplib compares names case-insensitively
  return it == headers.end() ? "" : it->second;
}

// What one scenario saw: per documented operation, the statuses checked against the document.
struct Recorder {
  std::map<std::pair<std::string, std::string>, std::set<int>> seen;
  int checked = 0;

  void check(const std::string& method, const std::string& path, int status,
             const httplib::Headers& headers, const std::string& body) {
    OpenApi::Headers list(headers.begin(), headers.end());
    const auto violations =
        spec().check_response(method, path, status, header_of(headers, "Content-Type"), body, list);
    CHECK_MESSAGE(violations.empty(),
                  method << " " << path << " -> " << status << joined(violations));
    if (auto templated = spec().templated_path(method, path))
      seen[{method, *templated}].insert(status);
    ++checked;
  }
  void check(const FakeNextcloud::AppAnswer& a) {
    REQUIRE_MESSAGE(a.status != 0, a.method << " " << a.path << ": " << a.error);
    check(a.method, a.path, a.status, a.headers, a.body);
  }
};

struct Answer {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& name) const { return header_of(headers, name); }
};

// A client of the standalone service whose every answer is checked against the document.
struct Standalone {
  test_support::RunningApp app;
  httplib::Client client = app.client();
  Recorder& recorder;

  explicit Standalone(Recorder& r, Config config = test_support::standalone_config())
      : app(std::move(config)), recorder(r) {}

  Answer send(const std::string& method, const std::string& path, const std::string& body = "",
              httplib::Headers headers = {}, const std::string& content_type = "application/json") {
    auto call = [&]() -> httplib::Result {
      if (method == "POST") return client.Post(path, headers, body, content_type.c_str());
      if (method == "PUT") return client.Put(path, headers, body, content_type.c_str());
      if (method == "DELETE") return client.Delete(path, headers);
      return client.Get(path, headers);
    };
    httplib::Result res = call();
    REQUIRE_MESSAGE(res, method << " " << path << ": no answer");
    recorder.check(method, path, res->status, res->headers, res->body);
    return Answer{res->status, res->body, res->headers};
  }
  // Sends and checks that the answer has `status`.
  Answer expect(int status, const std::string& method, const std::string& path,
                const std::string& body = "", httplib::Headers headers = {},
                const std::string& content_type = "application/json") {
    Answer a = send(method, path, body, std::move(headers), content_type);
    CHECK_MESSAGE(a.status == status, method << " " << path << " -> " << a.status << " " << a.body);
    return a;
  }
};

httplib::Headers if_match(const std::string& etag) {
  return {{"If-Match", etag}};
}

// The request body is what the document says the operation takes (or, for `valid` false, is
// refused by the document as well as by the server).
void check_request(const std::string& method, const std::string& path, const std::string& body,
                   bool valid) {
  const auto violations = spec().check_request(method, path, "application/json", body);
  if (valid)
    CHECK_MESSAGE(violations.empty(), method << " " << path << " " << body << joined(violations));
  else
    CHECK_MESSAGE(!violations.empty(), "the document accepts what the server refuses: "
                                           << method << " " << path << " " << body);
}

void standalone_scenario(Recorder& recorder) {
  Standalone s(recorder);

  // Lifecycle and front end.
  s.expect(200, "GET", "/heartbeat");
  s.expect(403, "POST", "/init");  // the local administrator is not Nextcloud
  s.expect(403, "PUT", "/enabled?enabled=1");
  s.expect(200, "GET", "/");
  const auto script = s.expect(200, "GET", "/js/registre-main.js");
  s.expect(304, "GET", "/js/registre-main.js", "", {{"If-None-Match", script.header("ETag")}});
  // Nextcloud's ?v= is its own version: only a content hash in the name makes a file immutable.
  CHECK(s.expect(200, "GET", "/js/registre-main.js?v=0a1b2c").header("Cache-Control") == "no-cache");
  CHECK(s.expect(200, "GET", "/js/main.Ab3_x9Kq.js").header("Cache-Control") ==
        "public, max-age=31536000, immutable");
  s.expect(200, "GET", "/public/consent");
  s.expect(200, "GET", "/css/registre-style.css");
  s.expect(200, "GET", "/img/app.svg");
  s.expect(404, "GET", "/js/no-such-file.js");
  s.expect(404, "GET", "/l10n/xx.json");

  // Identity and organisations (the demo organisation is number 1).
  s.expect(200, "GET", "/api/v1/me");
  s.expect(200, "GET", "/api/v1/organizations");
  s.expect(200, "GET", "/admin/v1/organizations");
  const std::string new_org =
      R"({"slug":"amis-du-quartier","name":"Les Amis","legalForm":"association","timezone":"Europe/Paris","currency":"EUR"})";
  check_request("POST", "/admin/v1/organizations", new_org, true);
  const auto org = s.expect(201, "POST", "/admin/v1/organizations", new_org).json();
  s.expect(409, "POST", "/admin/v1/organizations",
           R"({"slug":"amis-du-quartier","name":"Encore"})");
  const std::string bad_org = R"({"slug":"Bad Slug","name":"","legalForm":"sarl","colour":"red"})";
  check_request("POST", "/admin/v1/organizations", bad_org, false);
  s.expect(422, "POST", "/admin/v1/organizations", bad_org);
  s.expect(400, "POST", "/admin/v1/organizations", "{");
  s.expect(413, "POST", "/admin/v1/organizations",
           R"({"slug":"big","name":")" + std::string(1100 * 1024, 'a') + R"("})");
  const std::string org_path = "/admin/v1/organizations/" + std::to_string(org["id"].get<int>());
  s.expect(428, "PUT", org_path, R"({"name":"Les Amis du quartier"})");
  check_request("PUT", org_path, R"({"name":"Les Amis du quartier"})", true);
  s.expect(200, "PUT", org_path, R"({"name":"Les Amis du quartier"})", if_match("\"1\""));
  s.expect(412, "PUT", org_path, R"({"archived":true})", if_match("\"1\""));
  s.expect(422, "PUT", org_path, R"({"archived":true})", if_match("yesterday"));
  check_request("PUT", org_path, R"({"name":42})", false);
  s.expect(422, "PUT", org_path, R"({"name":42})", if_match("\"2\""));
  s.expect(400, "PUT", org_path, "[", if_match("\"2\""));
  s.expect(404, "PUT", "/admin/v1/organizations/999", R"({"name":"Personne"})", if_match("\"1\""));
  s.expect(200, "PUT", org_path, R"({"archived":true})", if_match("W/\"2\""));

  // Role grants.
  s.expect(200, "GET", "/admin/v1/organizations/1/roles");
  const std::string grant_body =
      R"({"principalType":"group","principalId":"bureau","role":"manager"})";
  check_request("POST", "/admin/v1/organizations/1/roles", grant_body, true);
  const auto grant = s.expect(201, "POST", "/admin/v1/organizations/1/roles", grant_body).json();
  s.expect(409, "POST", "/admin/v1/organizations/1/roles", grant_body);
  const std::string bad_grant = R"({"principalType":"team","principalId":"","role":"boss"})";
  check_request("POST", "/admin/v1/organizations/1/roles", bad_grant, false);
  s.expect(422, "POST", "/admin/v1/organizations/1/roles", bad_grant);
  s.expect(400, "POST", "/admin/v1/organizations/1/roles", "null");
  s.expect(404, "POST", "/admin/v1/organizations/999/roles", grant_body);
  s.expect(404, "GET", "/admin/v1/organizations/999/roles");
  CHECK(s.expect(200, "GET", "/api/v1/organizations/1/roles").json()["items"].size() == 1);
  s.expect(404, "GET", "/api/v1/organizations/999/roles");
  const std::string grant_path =
      "/admin/v1/organizations/1/roles/" + std::to_string(grant["id"].get<int>());
  s.expect(204, "DELETE", grant_path);
  s.expect(404, "DELETE", grant_path);

  // Custom fields.
  const std::string fields = "/api/v1/organizations/1/fields";
  s.expect(200, "GET", fields);
  for (
      const std::string definition :
      {R"({"key":"licence","label":"N° de licence","type":"text","classification":"identity","required":false})",
       R"({"key":"allergies","label":"Allergies","type":"long_text","classification":"sensitive"})",
       R"({"key":"skills","label":"Compétences","type":"multiple_choice","choices":["cuisine","jardin"]})",
       R"({"key":"tshirt","label":"T-shirt","type":"single_choice","choices":["S","M","L"]})",
       R"({"key":"height","label":"Taille","type":"number"})",
       R"({"key":"newsletter","label":"Lettre","type":"boolean"})",
       R"({"key":"medical","label":"Certificat médical","type":"date","classification":"sensitive"})"}) {
    check_request("POST", fields, definition, true);
    s.expect(201, "POST", fields, definition);
  }
  s.expect(409, "POST", fields, R"({"key":"licence","label":"Encore","type":"text"})");
  const std::string bad_field =
      R"({"key":"Bad Key","label":"","type":"colour","classification":"secret"})";
  check_request("POST", fields, bad_field, false);
  s.expect(422, "POST", fields, bad_field);
  s.expect(422, "POST", fields,
           R"({"key":"menu","label":"Menu","type":"single_choice","choices":"a,b"})");
  s.expect(400, "POST", fields, "{");
  s.expect(404, "POST", "/api/v1/organizations/999/fields",
           R"({"key":"x","label":"X","type":"text"})");
  s.expect(404, "GET", "/api/v1/organizations/999/fields");
  CHECK(s.expect(200, "GET", fields).json()["items"].size() == 7);

  // Members.
  const std::string members = "/api/v1/organizations/1/members";
  const std::string full =
      R"({"firstName":"Hélène","lastName":"Dupont","email":"Helene.Dupont@Exemple.FR",
    "phone":"06 12 34 56 78","address":"1 rue de la Paix\nBâtiment B","postcode":"75 001","city":"Paris",
    "country":"fr","birthDate":"14/07/1980","nextcloudUser":"helene","notes":"Bénévole","admittedOn":"2024-01-10",
    "restricted":false,"custom":{"licence":"FFR-1","allergies":"arachide","skills":["jardin","cuisine"],
    "tshirt":"M","height":1.72,"newsletter":true,"medical":"01/09/2025"}})";
  check_request("POST", members, full, true);
  const auto admitted = s.expect(201, "POST", members, full);
  CHECK(admitted.header("Location") ==
        members + "/" + std::to_string(admitted.json()["id"].get<int>()));
  const auto head = admitted.json();
  const std::string child = R"({"firstName":null,"lastName":"Dupont","householdId":)" +
                            std::to_string(head["id"].get<int>()) + "}";
  check_request("POST", members, child, true);
  s.expect(201, "POST", members, child);
  httplib::Headers key{{"Idempotency-Key", "form-7f3a"}};
  const auto applicant = s.expect(201, "POST", members, R"({"lastName":"Petit"})", key).json();
  CHECK(s.expect(201, "POST", members, R"({"lastName":"Petit"})", key)
            .header("Idempotent-Replayed") == "true");
  s.expect(422, "POST", members, R"({"lastName":"Grand"})", key);
  const std::string bad_member =
      R"({"firstName":"Sans nom","colour":"blue","restricted":"yes","householdId":0})";
  check_request("POST", members, bad_member, false);
  s.expect(422, "POST", members, bad_member);
  check_request("POST", members, R"({"lastName":")" + std::string(101, 'x') + R"("})", false);
  s.expect(422, "POST", members, R"({"lastName":")" + std::string(101, 'x') + R"("})");
  s.expect(422, "POST", members,
           R"({"lastName":"A","email":"not-an-email","birthDate":"31/02/2000"})");
  s.expect(422, "POST", members,
           R"({"lastName":"A","custom":{"skills":["danse"],"shoe":42,"height":"grand"}})");
  s.expect(422, "POST", members, R"({"lastName":"A","custom":["licence"]})");
  s.expect(400, "POST", members, "{\"lastName\":\"\xff\"}");
  s.expect(404, "POST", "/api/v1/organizations/999/members", R"({"lastName":"Nulle part"})");
  s.expect(413, "POST", members,
           R"({"lastName":"A","notes":")" + std::string(1100 * 1024, 'n') + R"("})");

  const auto first_page = s.expect(200, "GET", members + "?count=true&limit=1&sort=number").json();
  CHECK(first_page["total"] == 3);
  REQUIRE(first_page["next"].is_string());
  s.expect(200, "GET",
           members + "?limit=1&sort=number&after=" + first_page["next"].get<std::string>());
  s.expect(200, "GET", members + "?q=helene&status=applicant,active,lapsed&sort=name");
  s.expect(200, "GET", members + "?status=former&sort=joined&count=false");
  s.expect(422, "GET", members + "?limit=0&sort=age&status=gone&after=@@&colour=1");
  s.expect(404, "GET", "/api/v1/organizations/999/members");

  const std::string admitted_path = members + "/" + std::to_string(head["id"].get<int>());
  const std::string applicant_path = members + "/" + std::to_string(applicant["id"].get<int>());
  s.expect(200, "GET", admitted_path);
  s.expect(404, "GET", members + "/999999");
  s.expect(428, "PUT", admitted_path, R"({"city":"Lille"})");
  const std::string change =
      R"({"city":"Lille","phone":null,"leftOn":"2026-01-31","custom":{"skills":null,"tshirt":"L"}})";
  check_request("PUT", admitted_path, change, true);
  s.expect(200, "PUT", admitted_path, change, if_match("\"1\""));
  s.expect(412, "PUT", admitted_path, R"({"city":"Lyon"})", if_match("\"1\""));
  check_request("PUT", admitted_path, R"({"lastName":null})", false);
  s.expect(422, "PUT", admitted_path, R"({"lastName":null})", if_match("\"2\""));
  s.expect(422, "PUT", admitted_path, R"({"city":"Lyon"})", if_match("\"two\""));
  s.expect(400, "PUT", admitted_path, "[1]", if_match("\"2\""));
  s.expect(404, "PUT", members + "/999999", R"({"city":"Lyon"})", if_match("\"1\""));

  s.expect(409, "DELETE", admitted_path, "", if_match("\"2\""));
  s.expect(428, "DELETE", applicant_path);
  s.expect(412, "DELETE", applicant_path, "", if_match("\"7\""));
  s.expect(422, "DELETE", applicant_path, "", if_match("*"));
  s.expect(204, "DELETE", applicant_path, "", if_match("\"1\""));
  s.expect(404, "DELETE", applicant_path, "", if_match("\"1\""));

  // Exports and the audit log.
  const std::string export_path = "/api/v1/organizations/1/export";
  CHECK(s.expect(200, "GET", export_path).header("Content-Type").rfind("text/csv", 0) == 0);
  s.expect(200, "GET",
           export_path + "?format=csv&separator=comma&status=active,lapsed,former&q=dupont");
  const auto exported = s.expect(200, "GET", export_path + "?format=json").json();
  REQUIRE_FALSE(exported["items"].empty());
  // Hélène (number 1) has a sensitive custom value and notes: withheld unless asked for.
  auto number_one = [](const nlohmann::json& page) {
    for (const auto& m : page["items"])
      if (m["number"] == 1) return m;
    return nlohmann::json();
  };
  CHECK_FALSE(number_one(exported).contains("notes"));
  CHECK_FALSE(number_one(exported)["custom"].contains("allergies"));
  CHECK(number_one(exported)["custom"]["licence"] == "FFR-1");
  const auto everything =
      s.expect(200, "GET", export_path + "?format=json&sensitive=true&restricted=true").json();
  CHECK(number_one(everything)["custom"]["allergies"] == "arachide");
  CHECK(number_one(everything)["notes"] == "Bénévole");
  s.expect(422, "GET", export_path + "?format=xml&separator=tab&status=gone&colour=1");
  s.expect(404, "GET", "/api/v1/organizations/999/export");
  const auto audit = s.expect(200, "GET", "/api/v1/organizations/1/audit").json();
  REQUIRE(audit["items"].size() > 2);
  s.expect(200, "GET",
           "/api/v1/organizations/1/audit?limit=2&before=" +
               std::to_string(audit["items"][0]["id"].get<int>()) + "&action=member.created");
  s.expect(422, "GET", "/api/v1/organizations/1/audit?limit=0&before=x");
  s.expect(404, "GET", "/api/v1/organizations/999/audit");
  CHECK(s.expect(200, "GET", "/admin/v1/audit/verify").json()["intact"] == true);

  // Nextcloud accounts (standalone: the local user only).
  CHECK(s.expect(200, "GET", "/api/v1/organizations/1/nextcloud-users?search=AD").json()["items"] ==
        nlohmann::json::array({"admin"}));
  s.expect(200, "GET", "/api/v1/organizations/1/nextcloud-users");
  s.expect(422, "GET", "/api/v1/organizations/1/nextcloud-users?search=" + std::string(101, 'a'));
}

void dues_scenario(Recorder& recorder) {
  Standalone s(recorder);
  const std::string types = "/api/v1/organizations/1/membership-types";
  s.expect(200, "GET", types);
  const std::string yearly_body =
      R"({"name":"Adhésion annuelle","period":"calendar_year","amountCents":2500})";
  check_request("POST", types, yearly_body, true);
  const auto yearly = s.expect(201, "POST", types, yearly_body).json();
  s.expect(
      201, "POST", types,
      R"({"name":"Saison","period":"season","seasonStartMonth":9,"rollingMonths":12,"amountCents":3000,"currency":"EUR"})");
  const auto lifetime =
      s.expect(201, "POST", types, R"({"name":"Membre à vie","period":"lifetime","amountCents":0})")
          .json();
  s.expect(409, "POST", types, yearly_body);
  const std::string bad_type = R"({"name":"","period":"weekly","amountCents":-5})";
  check_request("POST", types, bad_type, false);
  s.expect(422, "POST", types, bad_type);
  s.expect(400, "POST", types, "{");
  s.expect(404, "POST", "/api/v1/organizations/999/membership-types", yearly_body);
  s.expect(404, "GET", "/api/v1/organizations/999/membership-types");
  CHECK(s.expect(200, "GET", types).json()["items"].size() == 3);

  const auto admitted = s.expect(201, "POST", "/api/v1/organizations/1/members",
                                 R"({"lastName":"Moreau","admittedOn":"2024-09-01"})")
                            .json();
  const auto applicant =
      s.expect(201, "POST", "/api/v1/organizations/1/members", R"({"lastName":"Roux"})").json();
  const std::string admitted_dues = "/api/v1/organizations/1/members/" +
                                    std::to_string(admitted["id"].get<int>()) + "/memberships";
  const std::string applicant_path =
      "/api/v1/organizations/1/members/" + std::to_string(applicant["id"].get<int>());
  s.expect(200, "GET", admitted_dues);
  const std::string paid =
      R"({"typeId":)" + std::to_string(yearly["id"].get<int>()) +
      R"(,"startsOn":"01/01/2025","amountCents":2000,"paidOn":"2025-01-05","paymentMethod":"cheque","reference":"CHQ 0042"})";
  check_request("POST", admitted_dues, paid, true);
  CHECK(s.expect(201, "POST", admitted_dues, paid).json()["endsOn"] == "2025-12-31");
  const std::string unpaid = R"({"typeId":)" + std::to_string(lifetime["id"].get<int>()) +
                             R"(,"startsOn":"2025-03-01","paidOn":null})";
  check_request("POST", admitted_dues, unpaid, true);
  CHECK(s.expect(201, "POST", admitted_dues, unpaid).json()["endsOn"].is_null());
  s.expect(422, "POST", admitted_dues, R"({"typeId":999,"startsOn":"2025-01-01"})");
  const std::string bad_membership =
      R"({"typeId":0,"startsOn":"32/13/2026","paymentMethod":"bitcoin","colour":1})";
  check_request("POST", admitted_dues, bad_membership, false);
  s.expect(422, "POST", admitted_dues, bad_membership);
  s.expect(400, "POST", admitted_dues, "x");
  s.expect(404, "POST", "/api/v1/organizations/1/members/999999/memberships",
           R"({"typeId":1,"startsOn":"2025-01-01"})");
  CHECK(s.expect(200, "GET", admitted_dues).json()["items"].size() == 2);
  s.expect(404, "GET", "/api/v1/organizations/1/members/999999/memberships");

  // A member with dues recorded, even never admitted, has a history: no deletion.
  s.expect(201, "POST", applicant_path + "/memberships", unpaid);
  const auto etag = s.expect(200, "GET", applicant_path).header("ETag");
  s.expect(409, "DELETE", applicant_path, "", if_match(etag));

  s.expect(200, "GET", "/api/v1/organizations/1/dues/renewals");
  s.expect(200, "GET", "/api/v1/organizations/1/dues/renewals?within=366");
  s.expect(422, "GET", "/api/v1/organizations/1/dues/renewals?within=400");
  s.expect(404, "GET", "/api/v1/organizations/999/dues/renewals");
  CHECK_FALSE(s.expect(200, "GET", "/api/v1/organizations/1/dues/lapsed").json()["items"].empty());
  s.expect(200, "GET", "/api/v1/organizations/1/dues/lapsed?since=01/01/2025");
  s.expect(422, "GET", "/api/v1/organizations/1/dues/lapsed?since=soon");
  s.expect(404, "GET", "/api/v1/organizations/999/dues/lapsed");
  CHECK(s.expect(200, "GET", "/api/v1/organizations/1/dues/totals").json()["items"].size() == 2);
  s.expect(404, "GET", "/api/v1/organizations/999/dues/totals");
}

void import_scenario(Recorder& recorder) {
  Standalone s(recorder);
  s.client.set_read_timeout(120, 0);
  const std::string imports = "/api/v1/organizations/1/imports";
  const std::string csv =
      "Nom;Pr\xe9nom;Courriel;Code postal;Ville;Date d'adh\xe9sion\r\n"
      "Lef\xe8vre;H\xe9l\xe8ne;helene@asso.fr;75 011;Paris;01/09/2024\r\n"
      "\x8cuf;Jean;jean.oeuf@asso.fr;69001;Lyon;15/09/2025\r\n";
  const std::string with_error = "Nom,Courriel\nMartin,martin@asso.fr\nDurand,not-an-email\n";
  CHECK(spec().check_request("POST", imports, "text/csv", csv).empty());
  s.expect(200, "POST", imports + "?mode=preview&fileName=adherents.csv", csv, {}, "text/csv");
  s.expect(201, "POST", imports + "?mode=apply&fileName=adherents.csv", csv, {}, "text/csv");
  s.expect(201, "POST", imports + "?mode=apply", csv, {}, "text/csv");  // the same again: unchanged
  CHECK_FALSE(
      s.expect(200, "POST", imports + "?mode=apply", with_error, {}, "text/csv").json()["applied"]);
  s.expect(201, "POST", imports + "?mode=apply&skipInvalid=true", with_error, {}, "text/csv");
  s.expect(422, "POST", imports + "?mode=later&colour=blue", csv, {}, "text/csv");
  s.expect(422, "POST", imports + "?mode=preview", "Nom=Martin", {},
           "application/x-www-form-urlencoded");
  s.expect(422, "POST", imports + "?mode=preview", "Ville;Code postal\nParis;75001\n", {},
           "text/csv");
  s.expect(422, "POST", imports + "?mode=preview", "Nom;Ville\n\"Martin;Paris\n", {}, "text/csv");
  s.expect(422, "POST", imports + "?mode=preview", "", {}, "text/csv");
  s.expect(404, "POST", "/api/v1/organizations/999/imports?mode=preview", csv, {}, "text/csv");

  // Column choices, and a custom field read from its column.
  s.expect(201, "POST", "/api/v1/organizations/1/fields",
           R"({"key":"licence","label":"Licence","type":"text"})");
  const std::string custom = "Nom;Courriel;Mail perso;Licence\nRoux;roux@asso.fr;roux@perso.fr;FFR-1\n";
  const auto chosen =
      s.expect(200, "POST", imports + "?mode=preview&columns=Mail%20perso:email,%232:ignore", custom, {},
               "text/csv")
          .json();
  CHECK(chosen["columns"][3]["field"] == "custom.licence");
  s.expect(422, "POST", imports + "?mode=preview&columns=Mail%20perso:mail", custom, {}, "text/csv");

  // In the background: 202, then the status.
  const auto started =
      s.expect(202, "POST", imports + "?mode=apply&async=true", custom, {}, "text/csv").json();
  s.app.app().jobs().drain();
  const auto done = s.expect(200, "GET", started["statusUrl"].get<std::string>()).json();
  CHECK(done["state"] == "done");
  s.expect(422, "GET", started["statusUrl"].get<std::string>() + "?wait=true");
  s.expect(404, "GET", imports + "/0123456789abcdef0123456789abcdef");
  s.expect(404, "GET", "/api/v1/organizations/999/imports/" + started["id"].get<std::string>());
}

void consents_scenario(Recorder& recorder) {
  Standalone s(recorder);
  s.expect(200, "GET", "/api/v1/purpose-presets");
  s.expect(200, "GET", "/api/v1/purpose-presets?lang=en");
  s.expect(422, "GET", "/api/v1/purpose-presets?lang=de");

  const std::string purposes = "/api/v1/organizations/1/purposes";
  s.expect(200, "GET", purposes);
  const std::string adopt = R"({"preset":"newsletter","language":"fr"})";
  check_request("POST", purposes, adopt, true);
  const auto newsletter = s.expect(201, "POST", purposes, adopt).json();
  const std::string own =
      R"({"key":"ag-vote","title":"Vote électronique","description":"Vote à l'AG","legalBasis":"contract",
    "dataCategories":["identité"],"recipients":["prestataire"],"retention":"Un an.","textFr":"Texte.","textEn":"Text."})";
  check_request("POST", purposes, own, true);
  const auto vote = s.expect(201, "POST", purposes, own).json();
  s.expect(409, "POST", purposes, adopt);
  const std::string bad_purpose = R"({"key":"Bad Key","title":"","legalBasis":"whim","colour":1})";
  check_request("POST", purposes, bad_purpose, false);
  s.expect(422, "POST", purposes, bad_purpose);
  s.expect(400, "POST", purposes, "[");
  s.expect(404, "POST", "/api/v1/organizations/999/purposes", adopt);
  s.expect(404, "GET", "/api/v1/organizations/999/purposes");
  s.expect(413, "POST", purposes, R"({"key":"big","title":")" + std::string(1100 * 1024, 't') + R"("})");

  const std::string vote_path = purposes + "/" + std::to_string(vote["id"].get<int>());
  const std::string change = R"({"title":"Vote en ligne","recipients":[],"active":true})";
  check_request("PUT", vote_path, change, true);
  s.expect(428, "PUT", vote_path, change);
  s.expect(200, "PUT", vote_path, change, if_match("\"1\""));
  s.expect(412, "PUT", vote_path, change, if_match("\"1\""));
  check_request("PUT", vote_path, R"({"key":"other"})", false);
  s.expect(422, "PUT", vote_path, R"({"key":"other"})", if_match("\"2\""));
  s.expect(400, "PUT", vote_path, "1", if_match("\"2\""));
  s.expect(404, "PUT", purposes + "/999", change, if_match("\"1\""));

  const std::string newsletter_path = purposes + "/" + std::to_string(newsletter["id"].get<int>());
  s.expect(200, "GET", newsletter_path + "/versions");
  s.expect(404, "GET", purposes + "/999/versions");

  const auto member = s.expect(201, "POST", "/api/v1/organizations/1/members", R"({"lastName":"Arnaud","email":"a@asso.fr"})").json();
  const std::string consents = "/api/v1/organizations/1/members/" + std::to_string(member["id"].get<int>()) + "/consents";
  s.expect(200, "GET", consents);
  const std::string given = R"({"purposeId":)" + std::to_string(newsletter["id"].get<int>()) +
                            R"(,"decision":"given","channel":"paper","evidence":"Registre/Formulaires/a.pdf"})";
  check_request("POST", consents, given, true);
  s.expect(201, "POST", consents, given);
  const std::string bad_consent = R"({"purposeId":0,"decision":"yes","channel":"pigeon","at":"now"})";
  check_request("POST", consents, bad_consent, false);
  s.expect(422, "POST", consents, bad_consent);
  s.expect(422, "POST", consents, R"({"purposeId":999,"decision":"given","channel":"web"})");
  s.expect(400, "POST", consents, "null");
  s.expect(404, "POST", "/api/v1/organizations/1/members/999999/consents", given);
  s.expect(404, "GET", "/api/v1/organizations/1/members/999999/consents");
  s.expect(413, "POST", consents, R"({"evidence":")" + std::string(1100 * 1024, 'e') + R"("})");

  const std::string text = R"({"textFr":"Nouveau texte.","textEn":"New text."})";
  check_request("POST", newsletter_path + "/versions", text, true);
  s.expect(201, "POST", newsletter_path + "/versions", text);
  check_request("POST", newsletter_path + "/versions", R"({"textFr":""})", false);
  s.expect(422, "POST", newsletter_path + "/versions", R"({"textFr":""})");
  s.expect(400, "POST", newsletter_path + "/versions", "{");
  s.expect(404, "POST", purposes + "/999/versions", text);
  s.expect(413, "POST", newsletter_path + "/versions", R"({"textFr":")" + std::string(1100 * 1024, 't') + R"("})");
  CHECK(s.expect(200, "GET", newsletter_path + "/renewals").json()["items"].size() == 1);
  s.expect(404, "GET", purposes + "/999/renewals");
  CHECK(s.expect(200, "GET", newsletter_path + "/audience").json()["items"].size() == 1);
  s.expect(200, "GET", newsletter_path + "/audience?format=csv");
  s.expect(422, "GET", newsletter_path + "/audience?format=xml");
  s.expect(404, "GET", purposes + "/999/audience");
  CHECK(s.expect(200, "GET", consents).json()["items"][0]["state"] == "to_renew");
  s.expect(200, "GET", consents + "/history");
  s.expect(404, "GET", "/api/v1/organizations/1/members/999999/consents/history");

  s.expect(200, "PUT", vote_path, R"({"active":false})", if_match("\"2\""));

  // Erasure: refused without the version, or for a request that is not an erasure; then done.
  const auto gone = s.expect(201, "POST", "/api/v1/organizations/1/members", R"({"lastName":"Effacé"})").json();
  const std::string erasure = "/api/v1/organizations/1/members/" + std::to_string(gone["id"].get<int>()) + "/erasure";
  check_request("POST", erasure, R"({"subjectRequestId":1})", true);
  check_request("POST", erasure, R"({"subjectRequestId":"x"})", false);
  s.expect(428, "POST", erasure, "{}");
  s.expect(412, "POST", erasure, "{}", if_match("\"7\""));
  s.expect(422, "POST", erasure, R"({"subjectRequestId":999})", if_match("\"1\""));
  s.expect(400, "POST", erasure, "[", if_match("\"1\""));
  CHECK(s.expect(200, "POST", erasure, "{}", if_match("\"1\"")).json()["memberNumber"] == gone["number"]);
  s.expect(404, "POST", erasure, "{}", if_match("\"1\""));
  s.expect(409, "POST", vote_path + "/versions", text);

  const std::string processing_register = "/api/v1/organizations/1/processing-register";
  CHECK(s.expect(200, "GET", processing_register).json()["retiredActivities"].size() == 1);
  s.expect(200, "GET", processing_register + "?format=html&lang=en");
  s.expect(200, "GET", processing_register + "?format=markdown&lang=fr");
  s.expect(422, "GET", processing_register + "?format=pdf&colour=1");
  s.expect(404, "GET", "/api/v1/organizations/999/processing-register");

  CHECK(s.expect(200, "GET", "/admin/v1/organizations/1/ledger/verify").json()["intact"] == true);
  s.expect(404, "GET", "/admin/v1/organizations/999/ledger/verify");
  s.expect(200, "GET", "/admin/v1/organizations/1/ledger/checkpoints");
  s.expect(201, "POST", "/admin/v1/organizations/1/ledger/checkpoints");
  s.expect(200, "POST", "/admin/v1/organizations/1/ledger/checkpoints");
  s.expect(404, "POST", "/admin/v1/organizations/999/ledger/checkpoints");
  CHECK(s.expect(200, "GET", "/admin/v1/organizations/1/ledger/checkpoints").json()["items"].size() == 1);
  s.expect(404, "GET", "/admin/v1/organizations/999/ledger/checkpoints");
}

// The front end has no translation file yet: serve a copy of it with one.
void public_links_scenario(Recorder& recorder) {
  Standalone s(recorder);
  const auto newsletter =
      s.expect(201, "POST", "/api/v1/organizations/1/purposes", R"({"preset":"newsletter"})").json();
  const std::string purpose = std::to_string(newsletter["id"].get<int>());
  // The local administrator ("admin") is also this member: "my membership" applies to them.
  const auto member = s.expect(201, "POST", "/api/v1/organizations/1/members",
                               R"({"lastName":"Lien","nextcloudUser":"admin"})").json();
  const std::string links =
      "/api/v1/organizations/1/members/" + std::to_string(member["id"].get<int>()) + "/links";
  s.expect(200, "GET", links);
  check_request("POST", links, R"({"expiresInDays":7})", true);
  const auto link = s.expect(201, "POST", links, R"({"expiresInDays":7})").json();
  s.expect(201, "POST", links, "{}");
  check_request("POST", links, R"({"expiresInDays":400})", false);
  s.expect(422, "POST", links, R"({"expiresInDays":400})");
  s.expect(400, "POST", links, "[");
  s.expect(404, "POST", "/api/v1/organizations/1/members/999999/links", "{}");
  s.expect(404, "GET", "/api/v1/organizations/1/members/999999/links");

  const std::string page = "/" + link["path"].get<std::string>();
  s.expect(200, "GET", page);
  const std::string give = R"({"purposeId":)" + purpose + R"(,"decision":"given"})";
  check_request("POST", page, give, true);
  s.expect(201, "POST", page, give);
  check_request("POST", page, R"({"purposeId":1,"decision":"refused"})", false);
  s.expect(422, "POST", page, R"({"purposeId":)" + purpose + R"(,"decision":"refused"})");
  s.expect(422, "POST", page, R"({"purposeId":999,"decision":"given"})");
  s.expect(400, "POST", page, "null");
  s.expect(404, "GET", "/public/v1/consents/" + std::string(64, 'f'));
  s.expect(404, "POST", "/public/v1/consents/not-a-token", give);
  s.expect(200, "DELETE", links + "/" + std::to_string(link["id"].get<int>()));
  s.expect(404, "GET", page);
  s.expect(404, "DELETE", links + "/999");

  s.expect(200, "GET", "/api/v1/me/memberships");
  s.expect(200, "GET", "/api/v1/organizations/1/me/consents");
  const std::string withdraw = R"({"purposeId":)" + purpose + R"(,"decision":"withdrawn"})";
  check_request("POST", "/api/v1/organizations/1/me/consents", withdraw, true);
  s.expect(201, "POST", "/api/v1/organizations/1/me/consents", withdraw);
  s.expect(422, "POST", "/api/v1/organizations/1/me/consents", R"({"purposeId":999,"decision":"given"})");
  s.expect(400, "POST", "/api/v1/organizations/1/me/consents", "1");

  // Guessing: the limiter answers 429 with Retry-After once this address has failed enough.
  int status = 404;
  for (int i = 0; i < 40 && status == 404; ++i)
    status = s.send("GET", "/public/v1/consents/" + std::string(64, 'e')).status;
  CHECK(status == 429);
}

// The local administrator is also the member: both the managers' and the member's own route.
void access_package_scenario(Recorder& recorder) {
  Standalone s(recorder);
  const auto member = s.expect(201, "POST", "/api/v1/organizations/1/members",
                               R"({"lastName":"Portable","nextcloudUser":"admin"})")
                          .json();
  const std::string staff = "/api/v1/organizations/1/members/" +
                            std::to_string(member["id"].get<int>()) + "/access-package";
  s.expect(200, "GET", staff);
  s.expect(200, "GET", staff + "?format=zip");
  s.expect(422, "GET", staff + "?format=xml");
  s.expect(404, "GET", "/api/v1/organizations/1/members/999999/access-package");
  s.expect(404, "GET", "/api/v1/organizations/999/members/1/access-package");
  const std::string own = "/api/v1/organizations/1/me/access-package";
  s.expect(200, "GET", own);
  s.expect(200, "GET", own + "?format=zip");
  s.expect(422, "GET", own + "?colour=blue");
}

void subject_requests_scenario(Recorder& recorder) {
  Standalone s(recorder);
  const std::string requests = "/api/v1/organizations/1/requests";
  s.expect(200, "GET", requests);
  const std::string access = R"({"kind":"access","receivedOn":"2026-01-31","handler":"admin"})";
  check_request("POST", requests, access, true);
  const auto opened = s.expect(201, "POST", requests, access).json();
  CHECK(opened["dueOn"] == "2026-02-28");
  const auto member = s.expect(201, "POST", "/api/v1/organizations/1/members", R"({"lastName":"Dupont"})").json();
  s.expect(201, "POST", requests, R"({"kind":"erasure","memberId":)" + std::to_string(member["id"].get<int>()) + "}");
  const std::string bad = R"({"kind":"whim","receivedOn":"2999-01-01","memberId":999999,"colour":1})";
  check_request("POST", requests, bad, false);
  s.expect(422, "POST", requests, bad);
  s.expect(400, "POST", requests, "[");
  s.expect(404, "POST", "/api/v1/organizations/999/requests", access);
  s.expect(422, "GET", requests + "?status=closed");

  const std::string one = requests + "/" + std::to_string(opened["id"].get<int>());
  s.expect(200, "GET", one);
  s.expect(404, "GET", requests + "/999");
  const std::string assign = R"({"handler":"erin"})";
  check_request("PUT", one, assign, true);
  s.expect(428, "PUT", one, assign);
  s.expect(200, "PUT", one, assign, if_match("\"1\""));
  s.expect(412, "PUT", one, R"({"handler":null})", if_match("\"1\""));
  s.expect(422, "PUT", one, R"({"handler":""})", if_match("\"2\""));
  s.expect(404, "PUT", requests + "/999", assign, if_match("\"1\""));
  const std::string extension = R"({"extensionMonths":2,"reason":"Demande complexe : archives papier."})";
  check_request("POST", one + "/extension", extension, true);
  CHECK(s.expect(200, "POST", one + "/extension", extension).json()["dueOn"] == "2026-04-30");
  s.expect(422, "POST", one + "/extension", extension);  // once only
  s.expect(404, "POST", requests + "/999/extension", extension);
  const std::string closure = R"({"status":"closed","closureProof":"Copie envoyée par courriel le 2026-02-10."})";
  check_request("POST", one + "/closure", closure, true);
  s.expect(200, "POST", one + "/closure", closure);
  s.expect(422, "POST", one + "/closure", closure);  // already closed
  s.expect(400, "POST", one + "/closure", "null");
  s.expect(200, "GET", requests + "?status=all");
}

// Outgoing webhooks: a subscription to a loopback port where nothing listens (allowed
// explicitly), its changes and secret rotation, the delivery a new member causes, its log and a
// redelivery, then the unsubscription.
void webhooks_scenario(Recorder& recorder) {
  Standalone s(recorder);
  const std::string base = "/admin/v1/organizations/1/webhooks";
  s.expect(200, "GET", base);
  s.expect(404, "GET", "/admin/v1/organizations/999/webhooks");
  const std::string create =
      R"({"url":"http://127.0.0.1:9/hook","events":["member.created"],"allowPrivateTargets":true,"description":"CRM"})";
  check_request("POST", base, create, true);
  const auto created = s.expect(201, "POST", base, create);
  CHECK(created.json()["secret"].get<std::string>().rfind("whsec_", 0) == 0);
  CHECK(created.header("ETag") == "\"1\"");
  const std::string bad = R"({"url":"ftp://example.org/","events":["member.nope"],"colour":1})";
  check_request("POST", base, bad, false);
  s.expect(422, "POST", base, bad);
  s.expect(422, "POST", base, R"({"url":"http://127.0.0.1:9/hook","events":["member.created"]})");
  s.expect(400, "POST", base, "[");
  s.expect(404, "POST", "/admin/v1/organizations/999/webhooks", create);

  const std::string one = base + "/" + std::to_string(created.json()["id"].get<int>());
  CHECK_FALSE(s.expect(200, "GET", one).json().contains("secret"));
  s.expect(404, "GET", base + "/999");
  const std::string change = R"({"description":"CRM de l'association","scope":"contact"})";
  check_request("PUT", one, change, true);
  s.expect(428, "PUT", one, change);
  s.expect(200, "PUT", one, change, if_match("\"1\""));
  s.expect(412, "PUT", one, change, if_match("\"1\""));
  s.expect(422, "PUT", one, R"({"events":[]})", if_match("\"2\""));
  s.expect(404, "PUT", base + "/999", change, if_match("\"1\""));
  const auto rotated = s.expect(200, "POST", one + "/secret").json();
  CHECK(rotated["secret"] != created.json()["secret"]);
  s.expect(404, "POST", base + "/999/secret");

  s.expect(201, "POST", "/api/v1/organizations/1/members", R"({"lastName":"Dupont"})");
  const auto log = s.expect(200, "GET", one + "/deliveries").json();
  REQUIRE(log["items"].size() == 1);
  s.expect(200, "GET", one + "/deliveries?status=pending&limit=10");
  s.expect(422, "GET", one + "/deliveries?status=lost&limit=0");
  s.expect(404, "GET", base + "/999/deliveries");
  const std::string delivery = one + "/deliveries/" + std::to_string(log["items"][0]["id"].get<int>());
  s.expect(200, "GET", delivery);
  s.expect(404, "GET", one + "/deliveries/999");
  CHECK(s.expect(202, "POST", delivery + "/redelivery").json()["status"] == "pending");
  s.expect(404, "POST", one + "/deliveries/999/redelivery");
  s.expect(204, "DELETE", one);
  s.expect(404, "DELETE", one);
}

// Retention over the whole cycle: defaults, rules, settings, a hold, a preview approved, a run
// that erases one member and opens a review on another, and the review's decision.
void retention_scenario(Recorder& recorder) {
  Standalone s(recorder);
  // The daily job would run at any minute once a rule exists: stopped, so that only this
  // scenario's runs act.
  s.app.app().jobs().drain();
  s.app.app().jobs().stop();
  const std::string base = "/api/v1/organizations/1/retention";
  const std::string nowhere = "/api/v1/organizations/999/retention";
  const std::string settings =
      R"({"runAt":"00:00","requireApproval":true,"noticeDays":14,"batchSize":2})";
  check_request("PUT", base + "/settings", settings, true);
  s.expect(200, "PUT", base + "/settings", settings);
  s.expect(200, "GET", base + "/settings");
  s.expect(404, "GET", nowhere + "/settings");
  const std::string bad_settings =
      R"({"runAt":"24:00","requireApproval":"yes","noticeDays":-1,"batchSize":0})";
  check_request("PUT", base + "/settings", bad_settings, false);
  s.expect(422, "PUT", base + "/settings", bad_settings);
  s.expect(400, "PUT", base + "/settings", "{");
  s.expect(404, "PUT", nowhere + "/settings", settings);

  // Defaults.
  s.expect(200, "GET", base + "/defaults");
  s.expect(404, "GET", nowhere + "/defaults");
  const auto adopted = s.expect(201, "POST", base + "/defaults/former-members/adoption");
  CHECK(adopted.header("ETag") == "\"1\"");
  const std::string adopted_path =
      base + "/rules/" + std::to_string(adopted.json()["id"].get<int>());
  s.expect(409, "POST", base + "/defaults/former-members/adoption");
  s.expect(404, "POST", base + "/defaults/no-such-default/adoption");
  s.expect(404, "POST", nowhere + "/defaults/former-members/adoption");
  s.expect(200, "POST", base + "/defaults/applicants/refusal");
  s.expect(409, "POST", base + "/defaults/former-members/refusal");
  s.expect(404, "POST", base + "/defaults/no-such-default/refusal");

  // Rules.
  s.expect(200, "GET", base + "/rules");
  s.expect(404, "GET", nowhere + "/rules");
  const std::string review_rule =
      R"({"subject":"lapsed_members","trigger":"end_of_last_membership","delayAmount":1,"delayUnit":"days","action":"review","description":"Revue des membres sans cotisation."})";
  check_request("POST", base + "/rules", review_rule, true);
  s.expect(201, "POST", base + "/rules", review_rule);
  const std::string bad_rule =
      R"({"subject":"members","trigger":"date_left","delayAmount":0,"delayUnit":"weeks","action":"burn","description":"","colour":1})";
  check_request("POST", base + "/rules", bad_rule, false);
  s.expect(422, "POST", base + "/rules", bad_rule);
  const std::string erase_rule =
      R"({"subject":"former_members","trigger":"date_left","delayAmount":1,"delayUnit":"years","action":"erase","description":"Effacement un an après le départ."})";
  check_request("POST", base + "/rules", erase_rule, true);
  s.expect(409, "POST", base + "/rules", erase_rule);  // the adopted default anonymises them
  s.expect(400, "POST", base + "/rules", "[");
  s.expect(404, "POST", nowhere + "/rules", review_rule);
  s.expect(413, "POST", base + "/rules",
           R"({"description":")" + std::string(1100 * 1024, 'd') + R"("})");
  const std::string disable = R"({"enabled":false})";
  check_request("PUT", adopted_path, disable, true);
  s.expect(428, "PUT", adopted_path, disable);
  s.expect(200, "PUT", adopted_path, disable, if_match("\"1\""));
  s.expect(412, "PUT", adopted_path, disable, if_match("\"1\""));
  check_request("PUT", adopted_path, R"({"delayAmount":0})", false);
  s.expect(422, "PUT", adopted_path, R"({"delayAmount":0})", if_match("\"2\""));
  s.expect(400, "PUT", adopted_path, "1", if_match("\"2\""));
  s.expect(404, "PUT", base + "/rules/999", disable, if_match("\"1\""));
  s.expect(201, "POST", base + "/rules", erase_rule);
  s.expect(409, "PUT", adopted_path, R"({"enabled":true})", if_match("\"2\""));

  // A lapsed member (a review) and a former one (an erasure, once a hold on them is released).
  const auto lapsed = s.expect(201, "POST", "/api/v1/organizations/1/members",
                               R"({"lastName":"Sanscotisation","admittedOn":"2024-01-01"})")
                          .json();
  const auto former =
      s.expect(201, "POST", "/api/v1/organizations/1/members",
               R"({"lastName":"Parti","admittedOn":"2020-01-01","leftOn":"2024-01-01"})")
          .json();
  const std::string former_path =
      "/api/v1/organizations/1/members/" + std::to_string(former["id"].get<int>());
  s.expect(200, "GET", former_path + "/retention");
  s.expect(200, "GET", former_path + "/retention?on=2024-06-01");
  s.expect(422, "GET", former_path + "/retention?on=soon&colour=1");
  s.expect(404, "GET", "/api/v1/organizations/1/members/999999/retention");

  const std::string hold = R"({"reason":"Litige en cours","until":"2099-12-31"})";
  check_request("POST", former_path + "/holds", hold, true);
  const auto placed = s.expect(201, "POST", former_path + "/holds", hold).json();
  const std::string bad_hold = R"({"reason":"","until":"hier"})";
  check_request("POST", former_path + "/holds", bad_hold, false);
  s.expect(422, "POST", former_path + "/holds", bad_hold);
  s.expect(400, "POST", former_path + "/holds", "[");
  s.expect(404, "POST", "/api/v1/organizations/1/members/999999/holds", hold);
  CHECK(s.expect(200, "GET", base + "/holds").json()["items"].size() == 1);
  s.expect(404, "GET", nowhere + "/holds");
  CHECK(s.expect(200, "GET", base + "/preview").json()["rules"][1]["items"][0]["state"] == "held");
  const std::string release =
      base + "/holds/" + std::to_string(placed["id"].get<int>()) + "/release";
  s.expect(200, "POST", release);
  s.expect(409, "POST", release);
  s.expect(404, "POST", base + "/holds/999/release");

  // Preview and approval.
  const auto preview = s.expect(200, "GET", base + "/preview").json();
  s.expect(200, "GET", base + "/preview?on=2030-01-01");
  s.expect(422, "GET", base + "/preview?on=soon");
  s.expect(422, "GET", base + "/preview?colour=1");
  s.expect(404, "GET", nowhere + "/preview");
  const std::string approval =
      nlohmann::json{{"on", preview["asOf"]}, {"previewHash", preview["previewHash"]}}.dump();
  check_request("POST", base + "/approvals", approval, true);
  s.expect(409, "POST", base + "/approvals",
           nlohmann::json{{"on", preview["asOf"]}, {"previewHash", std::string(64, '0')}}.dump());
  const std::string bad_approval = R"({"on":"soon","previewHash":"abc"})";
  check_request("POST", base + "/approvals", bad_approval, false);
  s.expect(422, "POST", base + "/approvals", bad_approval);
  s.expect(400, "POST", base + "/approvals", "null");
  s.expect(404, "POST", nowhere + "/approvals", approval);
  CHECK(s.expect(201, "POST", base + "/approvals", approval).json()["items"] == 1);

  // The run.
  const auto run = s.expect(201, "POST", base + "/runs").json();
  s.expect(404, "POST", nowhere + "/runs");
  s.expect(404, "GET", former_path);
  s.expect(200, "GET", base + "/runs");
  s.expect(404, "GET", nowhere + "/runs");
  s.expect(200, "GET", base + "/runs/" + std::to_string(run["id"].get<int>()));
  s.expect(404, "GET", base + "/runs/999");
  CHECK_FALSE(s.expect(200, "GET", base + "/notices").json()["items"].empty());

  // The review the run opened on the lapsed member.
  const auto reviews = s.expect(200, "GET", base + "/reviews").json();
  REQUIRE(reviews["items"].size() == 1);
  CHECK(reviews["items"][0]["memberId"] == lapsed["id"]);
  s.expect(422, "GET", base + "/reviews?status=closed");
  const std::string decision =
      base + "/reviews/" + std::to_string(reviews["items"][0]["id"].get<int>()) + "/decision";
  const std::string keep = R"({"decision":"keep","reason":"Bénévole actif","until":"2099-12-31"})";
  check_request("POST", decision, keep, true);
  check_request("POST", decision, R"({"decision":"maybe"})", false);
  s.expect(422, "POST", decision, R"({"decision":"maybe"})");
  s.expect(422, "POST", decision, R"({"decision":"keep"})");  // keep needs reason and until
  s.expect(400, "POST", decision, "[");
  s.expect(404, "POST", base + "/reviews/999/decision", R"({"decision":"erase"})");
  s.expect(200, "POST", decision, keep);
  s.expect(409, "POST", decision, keep);
  CHECK(s.expect(200, "GET", base + "/reviews?status=all").json()["items"].size() == 1);
  CHECK(s.expect(200, "GET", "/admin/v1/audit/verify").json()["intact"] == true);
}

void translation_scenario(Recorder& recorder) {
  test_support::TempDir dir;
  const std::filesystem::path static_dir = dir.file("static");
  std::filesystem::copy(REGISTRE_SOURCE_DIR "/tests/fixtures/static-assets", static_dir,
                        std::filesystem::copy_options::recursive);
  std::filesystem::create_directories(static_dir / "l10n");
  std::ofstream(static_dir / "l10n" / "fr.json") << R"({"translations":{"Members":"Membres"}})";
  auto config = test_support::standalone_config();
  config.static_dir = static_dir.string();
  Standalone s(recorder, config);
  const auto fr = s.expect(200, "GET", "/l10n/fr.json");
  CHECK(fr.header("Content-Type") == "application/json");
  s.expect(304, "GET", "/l10n/fr.json", "", {{"If-None-Match", fr.header("ETag")}});
  s.expect(404, "GET", "/l10n/de.json");
}

struct Registered {
  FakeNextcloud nextcloud;
  test_support::RunningApp app{test_support::nextcloud_config(nextcloud.url())};
  Registered() { nextcloud.set_app("127.0.0.1", app.port()); }
};

httplib::Headers nextcloud_headers() {
  return FakeNextcloud::captured_headers(find_exchange("lifecycle.jsonl", 2));
}

FakeNextcloud::AppAnswer expect(Recorder& recorder, int status, const FakeNextcloud::AppAnswer& a) {
  CHECK_MESSAGE(a.status == status,
                a.method << " " << a.path << " -> " << a.status << " " << a.body);
  recorder.check(a);
  return a;
}

void nextcloud_scenario(Recorder& recorder) {
  Registered r;
  expect(recorder, 200, r.nextcloud.heartbeat());
  expect(recorder, 200, r.nextcloud.init());
  REQUIRE(r.nextcloud.wait_for_request("PUT", "/ocs/v1.php/apps/app_api/ex-app/status", 10s, 3));
  r.app.app().jobs().drain();
  for (const auto& callback : r.nextcloud.enable_results())
    recorder.check(callback);
  expect(recorder, 200, r.nextcloud.set_enabled(false));
  expect(recorder, 200, r.nextcloud.set_enabled(true));
  expect(recorder, 422, r.nextcloud.raw("PUT", "/enabled?enabled=yes", nextcloud_headers()));

  // No credential: 401 everywhere but the heartbeat.
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/init"},
           {"PUT", "/enabled?enabled=1"},
           {"GET", "/api/v1/me"},
           {"GET", "/api/v1/organizations"},
           {"GET", "/admin/v1/organizations"},
           {"GET", "/js/registre-main.js"},
           {"GET", "/api/v1/organizations/1/members"},
           {"DELETE", "/api/v1/organizations/1/members/1"}}) {
    expect(recorder, 401, r.nextcloud.raw(method, path, {}));
  }
  // A user without a role; Nextcloud itself on user routes; a user on the lifecycle routes.
  expect(recorder, 200, r.nextcloud.proxy("GET", "/api/v1/me", "bob"));
  expect(recorder, 200, r.nextcloud.proxy("GET", "/api/v1/organizations", "bob"));
  expect(recorder, 200, r.nextcloud.proxy("GET", "/css/registre-style.css", "bob"));
  expect(recorder, 403, r.nextcloud.proxy("GET", "/admin/v1/organizations", "bob"));
  expect(recorder, 403,
         r.nextcloud.proxy("POST", "/admin/v1/organizations", "bob", R"({"slug":"x","name":"X"})",
                           "application/json"));
  expect(recorder, 403, r.nextcloud.proxy("GET", "/api/v1/organizations/1/members", "bob"));
  expect(recorder, 403, r.nextcloud.proxy("GET", "/api/v1/me", ""));
  expect(recorder, 403, r.nextcloud.proxy("POST", "/init", "bob"));
  expect(recorder, 403, r.nextcloud.proxy("PUT", "/enabled?enabled=1", "bob"));
  expect(recorder, 404, r.nextcloud.proxy("GET", "/", "bob"));  // standalone only
  expect(recorder, 200,
         r.nextcloud.proxy("GET", "/img/app.svg", ""));  // public: anonymous visitors too

  // An organisation with a treasurer (dave): what the role allows and refuses.
  r.nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9,
                          "provisioning.jsonl");  // ["admin"]
  r.nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/dave/groups", 7,
                          "provisioning.jsonl");  // []
  expect(recorder, 201,
         r.nextcloud.proxy("POST", "/admin/v1/organizations", "admin",
                           R"({"slug":"amis","name":"Les Amis"})", "application/json"));
  expect(recorder, 201,
         r.nextcloud.proxy("POST", "/admin/v1/organizations/1/roles", "admin",
                           R"({"principalType":"user","principalId":"dave","role":"treasurer"})",
                           "application/json"));
  expect(recorder, 201,
         r.nextcloud.proxy("POST", "/api/v1/organizations/1/members", "admin",
                           R"({"lastName":"Martin"})", "application/json"));
  expect(recorder, 200,
         r.nextcloud.proxy("GET", "/api/v1/organizations/1/export?format=json", "dave"));
  expect(recorder, 403,
         r.nextcloud.proxy("GET", "/api/v1/organizations/1/export?format=json&sensitive=true",
                           "dave"));
  // Filtering on a sensitive field would tell the treasurer who holds a value.
  expect(recorder, 201,
         r.nextcloud.proxy("POST", "/api/v1/organizations/1/fields", "admin",
                           R"({"key":"sante","label":"Santé","type":"text","classification":"sensitive"})",
                           "application/json"));
  expect(recorder, 403, r.nextcloud.proxy("GET", "/api/v1/organizations/1/members?field_sante=asthme", "dave"));
  expect(recorder, 403,
         r.nextcloud.proxy("GET", "/api/v1/organizations/1/export?format=json&field_sante=asthme", "dave"));
  // Sealed with each member's key, sensitive values cannot be filtered on at all.
  expect(recorder, 422, r.nextcloud.proxy("GET", "/api/v1/organizations/1/members?field_sante=asthme", "admin"));
  expect(recorder, 403, r.nextcloud.proxy("GET", "/api/v1/organizations/1/audit", "dave"));
  expect(recorder, 403, r.nextcloud.proxy("GET", "/admin/v1/audit/verify", "dave"));
  expect(recorder, 200, r.nextcloud.proxy("GET", "/admin/v1/audit/verify", "admin"));
  expect(recorder, 403,
         r.nextcloud.proxy("GET", "/api/v1/organizations/1/nextcloud-users?search=b", "dave"));
  recorder.check(
      r.nextcloud.proxy("GET", "/api/v1/organizations/1/nextcloud-users?search=b", "admin"));
  expect(recorder, 403,
         r.nextcloud.proxy("POST", "/api/v1/organizations/1/members", "dave",
                           R"({"lastName":"Petit"})", "application/json"));
  expect(recorder, 200, r.nextcloud.proxy("GET", "/api/v1/organizations/1/members", "dave"));
  r.nextcloud.clear_overrides();

  // Nextcloud cannot say what a user's groups are: fail closed.
  r.nextcloud.fail_auth(true);
  expect(recorder, 502, r.nextcloud.proxy("GET", "/admin/v1/organizations", "carol"));
  expect(recorder, 502, r.nextcloud.proxy("GET", "/api/v1/organizations/1/members", "frank"));
  r.nextcloud.fail_auth(false);
}

// Group sync behind the fake Nextcloud: managed groups, the dry run, the confirmation (which
// queues the first run), a run on demand and the reports.
void group_sync_scenario(Recorder& recorder) {
  Registered r;
  r.nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, "provisioning.jsonl");
  auto as_admin = [&](int status, const std::string& method, const std::string& path,
                      const std::string& body = "") {
    return expect(recorder, status,
                  body.empty() ? r.nextcloud.proxy(method, path, "admin")
                               : r.nextcloud.proxy(method, path, "admin", body, "application/json"));
  };
  as_admin(201, "POST", "/admin/v1/organizations", R"({"slug":"amis","name":"Les Amis"})");
  const std::string base = "/admin/v1/organizations/1/group-sync";
  const std::string nowhere = "/admin/v1/organizations/999/group-sync";
  const std::string team = R"({"kind":"active_members","groupId":"registre-team","displayName":"Registre team"})";
  check_request("POST", base + "/groups", team, true);
  const auto added = nlohmann::json::parse(as_admin(201, "POST", base + "/groups", team).body);
  const std::string one = base + "/groups/" + std::to_string(added["id"].get<int>());
  as_admin(409, "POST", base + "/groups", team);
  const std::string bad = R"({"kind":"everyone","groupId":"","role":"president"})";
  check_request("POST", base + "/groups", bad, false);
  as_admin(422, "POST", base + "/groups", bad);
  as_admin(400, "POST", base + "/groups", "[");
  as_admin(404, "POST", nowhere + "/groups", team);
  as_admin(200, "GET", base + "/groups");
  as_admin(404, "GET", nowhere + "/groups");
  as_admin(409, "POST", one + "/confirmation");  // no dry run yet
  as_admin(200, "POST", base + "/preview");
  as_admin(404, "POST", nowhere + "/preview");
  as_admin(200, "POST", one + "/confirmation");
  as_admin(404, "POST", base + "/groups/999/confirmation");
  as_admin(202, "POST", base + "/runs");
  as_admin(404, "POST", nowhere + "/runs");
  r.app.app().jobs().drain();
  as_admin(200, "GET", base + "/runs");
  as_admin(404, "GET", nowhere + "/runs");
  as_admin(204, "DELETE", one);
  as_admin(404, "DELETE", one);
  // Without Nextcloud (standalone mode) there is nothing to sync.
  Standalone s(recorder);
  s.expect(201, "POST", base + "/groups", team);
  s.expect(503, "POST", base + "/preview");
}

// Nextcloud webhooks and Forms applications: the mappings' CRUD in standalone mode (If-Match),
// the delivery and the applications behind the fake Nextcloud with the captured Forms traffic.
void forms_scenario(Recorder& recorder) {
  {
    Standalone s(recorder);
    auto purpose = s.expect(201, "POST", "/api/v1/organizations/1/purposes", R"({"preset":"newsletter"})").json();
    const std::string body = R"({"formId":7,"fields":{"4":"name","5":"email"},"consents":{"6":)" +
                             std::to_string(purpose["id"].get<int>()) + "}}";
    check_request("POST", "/api/v1/organizations/1/forms", body, true);
    check_request("POST", "/api/v1/organizations/1/forms", R"({"formId":7,"fields":{"4":"nickname"}})", false);
    auto created = s.expect(201, "POST", "/api/v1/organizations/1/forms", body);
    s.expect(409, "POST", "/api/v1/organizations/1/forms", body);
    s.expect(422, "POST", "/api/v1/organizations/1/forms", R"({"formId":8,"fields":{"4":"nickname"}})");
    s.expect(200, "GET", "/api/v1/organizations/1/forms");
    const std::string one = "/api/v1/organizations/1/forms/" + std::to_string(created.json()["id"].get<int>());
    check_request("PUT", one, R"({"fields":{"4":"lastName","5":"email"}})", true);
    s.expect(428, "PUT", one, R"({"fields":{"4":"lastName"}})");
    s.expect(412, "PUT", one, R"({"fields":{"4":"lastName"}})", if_match("\"9\""));
    s.expect(200, "PUT", one, R"({"fields":{"4":"lastName","5":"email"}})", if_match(created.header("ETag")));
    s.expect(204, "DELETE", one);
    s.expect(404, "DELETE", one);
    s.expect(200, "GET", "/api/v1/organizations/1/applications");
    s.expect(422, "GET", "/api/v1/organizations/1/applications?status=waiting");
    s.expect(404, "GET", "/api/v1/organizations/1/applications/1");
  }
  FakeNextcloud nextcloud({"lifecycle.jsonl", "ui.jsonl", "provisioning.jsonl", "auth-errors.jsonl",
                           "forms.jsonl", "webhooks.jsonl"});
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());
  nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, "provisioning.jsonl");
  expect(recorder, 201, nextcloud.proxy("POST", "/admin/v1/organizations", "admin",
                                        R"({"slug":"amis","name":"Les Amis"})", "application/json"));
  // No name question mapped: the captured submission waits for a review.
  expect(recorder, 201, nextcloud.proxy("POST", "/api/v1/organizations/1/forms", "admin",
                                        R"({"formId":2,"ownerId":"bob","fields":{"5":"email"}})",
                                        "application/json"));
  expect(recorder, 200, nextcloud.deliver("forms.jsonl", 12, "/webhooks/nextcloud"));
  expect(recorder, 200, nextcloud.deliver("forms.jsonl", 12, "/webhooks/nextcloud"));  // duplicate
  expect(recorder, 200, nextcloud.deliver("webhooks.jsonl", 26, "/webhooks/nextcloud"));  // ignored
  expect(recorder, 400, nextcloud.deliver("forms.jsonl", 12, "/webhooks/nextcloud", "{"));
  expect(recorder, 413, nextcloud.deliver("forms.jsonl", 12, "/webhooks/nextcloud", std::string(65 * 1024 + 1, ' ')));
  expect(recorder, 403, nextcloud.proxy("POST", "/webhooks/nextcloud", "admin", "{}", "application/json"));
  expect(recorder, 401, nextcloud.raw("POST", "/webhooks/nextcloud", {}, "{}"));
  app.app().jobs().drain();
  auto list = expect(recorder, 200, nextcloud.proxy("GET", "/api/v1/organizations/1/applications?status=needs_review", "admin"));
  const auto id = nlohmann::json::parse(list.body)["items"].at(0)["id"].get<int>();
  const std::string one = "/api/v1/organizations/1/applications/" + std::to_string(id);
  expect(recorder, 200, nextcloud.proxy("GET", one, "admin"));
  expect(recorder, 200, nextcloud.proxy("POST", one + "/dismissal", "admin"));
  expect(recorder, 409, nextcloud.proxy("POST", one + "/dismissal", "admin"));
}

void unhealthy_scenario(Recorder& recorder) {
  Registered r;
  std::filesystem::remove_all(r.app.storage_dir());
  expect(recorder, 200, r.nextcloud.init());
  REQUIRE(r.nextcloud.wait_for_request("PUT", "/ocs/v1.php/apps/app_api/ex-app/status", 10s, 2));
  r.app.app().jobs().drain();
  REQUIRE_FALSE(r.app.app().lifecycle()->healthy());
  expect(recorder, 503, r.nextcloud.proxy("GET", "/api/v1/me", "bob"));
  expect(recorder, 503, r.nextcloud.proxy("GET", "/api/v1/organizations", "bob"));
  expect(recorder, 503, r.nextcloud.proxy("GET", "/js/registre-main.js", "bob"));
  expect(recorder, 200, r.nextcloud.heartbeat());
  auto refused = expect(recorder, 200, r.nextcloud.set_enabled(true));
  CHECK_FALSE(nlohmann::json::parse(refused.body)["error"].get<std::string>().empty());
}

// The documented template for a registered route's pattern: each (\d+) becomes {<thing>Id}, named
// after the collection before it (roles -> grantId), and each ([a-z-]+) {<thing>Key} (defaults ->
// defaultKey); the static files' pattern is one path per folder.
std::vector<std::string> templated_paths(const std::string& pattern, std::string& problem) {
  if (pattern == R"(/((?:js|css|img|l10n)/[A-Za-z0-9._/-]+))") {
    return {"/js/{asset}", "/css/{asset}", "/img/{asset}", "/l10n/{asset}"};
  }
  if (pattern == R"(/public/v1/consents/([^/]{1,200}))") return {"/public/v1/consents/{token}"};
  std::string out;
  std::size_t pos = 0;
  // Numeric ids, the random ids of background imports, and the keys of retention defaults.
  const std::string groups[] = {R"((\d+))", "([0-9a-f]{32})", "([a-z-]+)"};
  while (pos < pattern.size()) {
    std::string group;
    for (const auto& g : groups) {
      if (pattern.compare(pos, g.size(), g) == 0) group = g;
    }
    if (!group.empty()) {
      const auto slash = out.find_last_of('/', out.size() - 2);
      std::string collection = out.substr(slash + 1, out.size() - slash - 2);
      std::string name;
      if (collection == "roles") {
        name = "grant";
      } else {
        if (collection.size() > 3 && collection.compare(collection.size() - 3, 3, "ies") == 0)
          collection.replace(collection.size() - 3, 3, "y");  // deliveries -> delivery
        else if (!collection.empty() && collection.back() == 's')
          collection.pop_back();
        bool upper = false;
        for (char c : collection) {
          if (c == '-') {
            upper = true;
            continue;
          }
          name.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                               : c);
          upper = false;
        }
      }
      out += "{" + name + (group == "([a-z-]+)" ? "Key}" : "Id}");
      pos += group.size();
      continue;
    }
    const char c = pattern[pos];
    if (std::string("()[]{}*+?\\|^$.").find(c) != std::string::npos) {
      problem = "cannot translate the pattern " + pattern +
                " into a path template: add it to templated_paths()";
      return {};
    }
    out.push_back(c);
    ++pos;
  }
  return {out};
}

}  // namespace

TEST_CASE("OpenAPI: docs/openapi.yaml loads, in the supported subset, and is consistent") {
  const OpenApi& api = spec();
  const auto& doc = api.document();
  REQUIRE(api.operations().size() >= 20);
  std::set<std::string> operation_ids;
  for (const auto& operation : api.operations()) {
    const auto& method = operation.first;  // not a structured binding: clang 14
    const auto& path = operation.second;  // cannot capture those (P1091)
    INFO(method << " " << path);
    std::string m = method;
    for (char& c : m)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto& op = doc["paths"][path][m];
    REQUIRE(op.contains("operationId"));
    CHECK(operation_ids.insert(op["operationId"].get<std::string>()).second);
    CHECK(op.contains("summary"));
    CHECK(op.contains("tags"));
    std::set<std::string> statuses;
    for (const auto& [code, response] : op["responses"].items())
      statuses.insert(code);
    CHECK(std::any_of(statuses.begin(), statuses.end(),
                      [](const std::string& s) { return s[0] == '2'; }));
    const bool secured = !(op.contains("security") && op["security"].empty());
    if (secured) CHECK(statuses.count("401"));
    if (path != "/heartbeat" && path != "/") CHECK(statuses.count("500"));
    const bool takes_body = op.contains("requestBody");
    if (takes_body) {
      CHECK(statuses.count("413"));
      CHECK(statuses.count("422"));
      for (const auto& [type, media] : op["requestBody"]["content"].items()) {
        if (type != "application/json") continue;
        CHECK(statuses.count("400"));  // not JSON, not an object, not UTF-8
        const auto& schema = media["schema"];
        REQUIRE(schema.contains("$ref"));
        const auto name =
            schema["$ref"].get<std::string>().substr(std::string("#/components/schemas/").size());
        CHECK_MESSAGE(doc["components"]["schemas"][name]["additionalProperties"] == false,
                      name << " must refuse unknown fields, as the server does");
      }
    }
    bool if_match = false, organization = false;
    for (const auto& p : op.value("parameters", nlohmann::json::array())) {
      const std::string ref = p.value("$ref", "");
      if_match = if_match || ref == "#/components/parameters/IfMatch";
      organization = organization || ref == "#/components/parameters/OrganizationId";
    }
    if (if_match) {
      CHECK(statuses.count("412"));
      CHECK(statuses.count("428"));
    }
    // Organisation-scoped operations look the organisation up (404 for an administrator when it
    // does not exist); the Nextcloud account search does not.
    if (organization && op["operationId"] != "searchNextcloudUsers") CHECK(statuses.count("404"));
  }
  // Every response schema of an error is a problem.
  for (const auto& [name, response] : doc["components"]["responses"].items()) {
    if (!response.contains("content") || !response["content"].contains("application/problem+json"))
      continue;
    CHECK(response["headers"].contains("Cache-Control"));
  }
}

TEST_CASE("OpenAPI: the document describes exactly the routes the server registers") {
  std::set<std::pair<std::string, std::string>> registered;
  std::vector<std::string> problems;
  auto collect = [&](const std::vector<http::Route>& routes) {
    for (const auto& route : routes) {
      std::string problem;
      for (const auto& path : templated_paths(route.pattern, problem))
        registered.insert({route.method, path});
      if (!problem.empty()) problems.push_back(problem);
    }
  };
  // Each app answers a request first: proof it serves, and it is stopped only once listening.
  {
    test_support::RunningApp standalone(test_support::standalone_config());
    REQUIRE(standalone.client().Get("/heartbeat"));
    collect(standalone.app().router().routes());
  }
  {
    FakeNextcloud nextcloud;
    test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
    REQUIRE(app.client().Get("/heartbeat"));
    collect(app.app().router().routes());
  }
  CHECK_MESSAGE(problems.empty(), joined(problems));
  const auto documented_list = spec().operations();
  const std::set<std::pair<std::string, std::string>> documented(documented_list.begin(),
                                                                 documented_list.end());
  CHECK(documented.size() == documented_list.size());
  for (const auto& operation : registered) {
    const auto& method = operation.first;  // not a structured binding: clang 14
    const auto& path = operation.second;  // cannot capture those (P1091)
    CHECK_MESSAGE(documented.count({method, path}),
                  "registered but not in docs/openapi.yaml: " << method << " " << path);
  }
  for (const auto& operation : documented) {
    const auto& method = operation.first;  // not a structured binding: clang 14
    const auto& path = operation.second;  // cannot capture those (P1091)
    CHECK_MESSAGE(registered.count({method, path}),
                  "in docs/openapi.yaml but not registered: " << method << " " << path);
  }
}

TEST_CASE("OpenAPI: real answers of every documented operation match the document") {
  Recorder recorder;
  standalone_scenario(recorder);
  dues_scenario(recorder);
  import_scenario(recorder);
  consents_scenario(recorder);
  public_links_scenario(recorder);
  subject_requests_scenario(recorder);
  access_package_scenario(recorder);
  retention_scenario(recorder);
  webhooks_scenario(recorder);
  translation_scenario(recorder);
  nextcloud_scenario(recorder);
  group_sync_scenario(recorder);
  forms_scenario(recorder);
  unhealthy_scenario(recorder);
  MESSAGE(recorder.checked << " answers checked against docs/openapi.yaml");
  // Every documented operation answered at least once with a success.
  for (const auto& operation : spec().operations()) {
    const auto& method = operation.first;  // not a structured binding: clang 14
    const auto& path = operation.second;  // cannot capture those (P1091)
    const auto& statuses = recorder.seen[{method, path}];
    const bool success =
        std::any_of(statuses.begin(), statuses.end(), [](int s) { return s >= 200 && s < 400; });
    CHECK_MESSAGE(success, method << " " << path << " was never exercised with a success");
  }
}

TEST_CASE("OpenAPI: the validator reports answers that differ from the document") {
  const OpenApi& api = spec();
  const nlohmann::json member = {
      {"id", 1},
      {"organizationId", 1},
      {"number", 1},
      {"firstName", ""},
      {"lastName", "Dupont"},
      {"email", nullptr},
      {"phone", "+33612345678"},
      {"address", nullptr},
      {"postcode", "75001"},
      {"city", nullptr},
      {"country", "FR"},
      {"birthDate", "1980-07-14"},
      {"nextcloudUser", nullptr},
      {"notes", ""},
      {"householdId", nullptr},
      {"admittedOn", nullptr},
      {"leftOn", nullptr},
      {"status", "applicant"},
      {"restricted", false},
      {"custom", {{"licence", "FFR-1"}, {"skills", {"jardin"}}, {"height", 1.72}}},
      {"createdAt", "2026-01-10T09:00:00.000Z"},
      {"updatedAt", "2026-01-10T09:00:00.000Z"},
      {"version", 1}};
  CHECK(api.validate(member, "Member").empty());
  auto mention = [](const std::vector<std::string>& violations, const std::string& what) {
    INFO(joined(violations));
    REQUIRE_FALSE(violations.empty());
    CHECK(std::any_of(violations.begin(), violations.end(),
                      [&](const std::string& v) { return v.find(what) != std::string::npos; }));
  };
  auto changed = [&](const char* field, nlohmann::json value) {
    nlohmann::json m = member;
    m[field] = std::move(value);
    return api.validate(m, "Member");
  };
  {
    nlohmann::json m = member;
    m.erase("version");
    mention(api.validate(m, "Member"), "'version' is missing");
  }
  mention(changed("email", 42), "expected string or null");
  mention(changed("status", "erased"), "is not one of");
  mention(changed("createdAt", "yesterday"), "is not a date-time");
  mention(changed("birthDate", "14/07/1980"), "is not a date");
  mention(changed("lastName", std::string(101, 'x')), "longer than 100");
  mention(changed("householdId", 0), "below the minimum");
  mention(changed("phone", "06 12"), "does not match");
  mention(changed("custom", {{"skills", {1, 2}}}), "expected string");
  mention(changed("custom", nullptr), "expected object");
  {
    nlohmann::json m = member;
    m["paidUntil"] = nullptr;
    mention(api.validate(m, "Member"), "property 'paidUntil' is not documented");
  }
  const std::string path = "/api/v1/organizations/1/members/1";
  CHECK(api.check_response("GET", path, 200, "application/json", member.dump()).empty());
  CHECK(api.check_response("GET", path, 200, "application/json; charset=utf-8", member.dump())
            .empty());
  mention(api.check_response("GET", path, 418, "application/json", "{}"),
          "status 418 is not documented");
  mention(api.check_response("GET", path, 200, "text/html", "<p>"),
          "content type 'text/html' is not documented");
  mention(api.check_response("GET", path, 200, "application/json", "{"), "not JSON");
  mention(api.check_response("GET", path, 404, "application/problem+json",
                             R"({"title":"x","status":404})"),
          "'type' is missing");
  mention(api.check_response("PATCH", path, 200, "application/json", "{}"),
          "PATCH is not documented");
  mention(api.check_response("GET", "/api/v2/nothing", 200, "application/json", "{}"),
          "no documented path");
  mention(
      api.check_response("GET", "/api/v1/organizations/abc/members", 200, "application/json", "{}"),
      "path parameter organizationId");
  mention(api.check_response("DELETE", path, 204, "", "gone"), "no body is documented");
  mention(api.check_response("GET", path, 200, "", ""), "a body is documented but none came");
  mention(api.check_response("POST", "/api/v1/organizations/1/members", 201, "application/json",
                             member.dump(), {{"Cache-Control", "no-store"}, {"ETag", "\"1\""}}),
          "header Location is missing");
  mention(api.check_response("GET", path, 200, "application/json", member.dump(),
                             {{"Cache-Control", "max-age=3600"}, {"ETag", "W/\"1\""}}),
          "header ETag");
  mention(api.check_response("PUT", path, 422, "application/problem+json",
                             R"({"type":"urn:registre:problem:invalid","title":"x","status":422})"),
          "'errors' is missing");
  mention(api.check_request("POST", "/api/v1/organizations/1/members", "application/json",
                            R"({"firstName":"A"})"),
          "'lastName' is missing");
  CHECK(api.templated_path("GET", "/api/v1/organizations/7/members/12") ==
        "/api/v1/organizations/{organizationId}/members/{memberId}");
  CHECK(api.templated_path("GET", "/js/registre-main.js") == "/js/{asset}");
}

TEST_CASE("OpenAPI: the YAML reader reads its subset and refuses the rest with the line number") {
  namespace yaml = registre::test_support::yaml_subset;
  const std::string text = R"(# a comment
plain: some text  # and a comment
number: 42
decimal: -2.5
version: 0.1.0
yes-or-no: [true, false, null, ~]
double: "a: \"b\" \u00e9 # kept"
single: 'it''s # kept'
flow: {a: [1, "x, y"], "b c": {d: e}}
continued: [one,
  two]
"200":
  $ref: "#/x"
list:
  - first
  - key: value
    other: 2
  - [3, 4]
same-column:
- a
- b
literal: |
  line one
    indented

folded: >-
  one
  two

  three
empty:
url: http://127.0.0.1:23000/x
)";
  const auto doc = yaml::parse(text, "t.yaml");
  const auto expected = nlohmann::json::parse(R"({
    "plain": "some text", "number": 42, "decimal": -2.5, "version": "0.1.0",
    "yes-or-no": [true, false, null, null], "double": "a: \"b\" é # kept", "single": "it's # kept",
    "flow": {"a": [1, "x, y"], "b c": {"d": "e"}}, "continued": ["one", "two"], "200": {"$ref": "#/x"},
    "list": ["first", {"key": "value", "other": 2}, [3, 4]], "same-column": ["a", "b"],
    "literal": "line one\n  indented\n", "folded": "one two\nthree", "empty": null,
    "url": "http://127.0.0.1:23000/x"})");
  CHECK_MESSAGE(doc == expected, doc.dump(1));

  const std::vector<std::pair<std::string, std::string>> refused = {
      {"a:\n\tb: 1", "t.yaml:2: tabs"},
      {"a: &x 1", "t.yaml:1: anchors"},
      {"a: 1\nb: *x", "t.yaml:2: anchors"},
      {"a: !!str 1", "t.yaml:1: tags"},
      {"---\na: 1", "t.yaml:1: document markers"},
      {"? a\n: b", "t.yaml:1: complex keys"},
      {"a: text\n  continued", "t.yaml:2: unexpected indentation"},
      {"a: \"text\n  continued\"", "t.yaml:1: a quoted scalar continued"},
      {"a: 1\nb: 2\na: 3", "t.yaml:3: duplicate key 'a'"},
      {"a: b: c", "t.yaml:1: a plain scalar cannot contain ': '"},
      {"a: {b: x, y}", "t.yaml:1: every flow mapping entry"},
      {"a: [1, 2\nb: 3", "t.yaml:2: a continued flow collection"},
      {"a: |2\n   x", "t.yaml:1: block scalar indentation"},
      {"a: yes", "t.yaml:1: 'yes' is a boolean"},
      {"a:\n  - 1\n   - 2", "t.yaml:3: unexpected indentation"},
      {"a:\n  - - 1", "t.yaml:2: nested sequences"},
      {"a: `x`", "t.yaml:1: a plain scalar cannot start with '`'"},
  };
  for (const auto& example : refused) {
    const auto& bad = example.first;  // not a structured binding: clang 14
    const auto& message = example.second;  // cannot capture those (P1091)
    INFO(bad);
    try {
      yaml::parse(bad, "t.yaml");
      FAIL_CHECK("accepted");
    } catch (const std::runtime_error& e) {
      CHECK_MESSAGE(std::string(e.what()).find(message) == 0, e.what());
    }
  }
  // OpenAPI constructs the validator does not know stop the load as well.
  CHECK_THROWS_WITH_AS(OpenApi::from_text("openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    "
                                          "X: {type: string, contentEncoding: base64}\n",
                                          "t.yaml"),
                       doctest::Contains("unsupported schema keyword 'contentEncoding'"),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(
      OpenApi::from_text("openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        "
                         "\"200\": {$ref: \"#/components/responses/Nothing\"}\n",
                         "t.yaml"),
      doctest::Contains("names nothing"), std::runtime_error);
  CHECK_THROWS_WITH_AS(OpenApi::from_text("openapi: 3.1.0\npaths:\n  /a/{id}:\n    get:\n      "
                                          "responses:\n        \"200\": {description: ok}\n",
                                          "t.yaml"),
                       doctest::Contains("path parameters declared do not match"),
                       std::runtime_error);
}
