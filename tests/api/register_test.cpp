// Exports and the audit log over real HTTP (standalone mode, the local administrator).
#include <doctest/doctest.h>

#include "domain/csv_reader.hpp"
#include "running_app.hpp"

using namespace registre;

namespace {

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();
  int create(const nlohmann::json& body) {
    auto res = client.Post("/api/v1/organizations/1/members", body.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 201);
    return nlohmann::json::parse(res->body)["id"];
  }
};

}  // namespace

TEST_CASE("a CSV export opens in French Excel, re-imports, leaves out restricted records and notes") {
  Api api;
  api.create({{"firstName", "Hélène"}, {"lastName", "Lefèvre"}, {"email", "helene@asso.fr"}, {"notes", "allergie"}});
  api.create({{"lastName", "=SUM(A1)"}, {"city", "Lyon; Rhône"}});
  api.create({{"lastName", "Caché"}, {"restricted", true}});
  auto res = api.client.Get("/api/v1/organizations/1/export?format=csv", {{"Accept-Language", "fr"}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  CHECK(res->get_header_value("Content-Disposition").find("attachment") != std::string::npos);
  CHECK(res->body.rfind("\xEF\xBB\xBF", 0) == 0);  // BOM
  auto doc = domain::parse_csv(res->body);
  REQUIRE(doc.ok());
  CHECK(doc->separator == ';');
  CHECK(doc->header[1] == "Nom");
  REQUIRE(doc->rows.size() == 2);  // the restricted member is left out
  // Sorted by folded name: "lefevre" before "sum a1".
  CHECK(doc->rows[0].fields[1] == "Lefèvre");
  CHECK(doc->rows[1].fields[1] == "'=SUM(A1)");  // formula injection defused
  CHECK(doc->rows[1].fields[7] == "Lyon; Rhône");
  CHECK(res->body.find("allergie") == std::string::npos);

  auto with_notes = api.client.Get("/api/v1/organizations/1/export?format=json&sensitive=true&restricted=true");
  REQUIRE(with_notes);
  CHECK(with_notes->headers.count("Cache-Control") == 1);  // one header, not one per layer
  auto items = nlohmann::json::parse(with_notes->body)["items"];
  CHECK(items.size() == 3);
  bool saw_notes = false;
  for (const auto& m : items) saw_notes = saw_notes || m["notes"] == "allergie";
  CHECK(saw_notes);

  // The exported file imports back into another organisation as the same people.
  auto org = api.client.Post("/admin/v1/organizations", R"({"slug":"copie","name":"Copie"})", "application/json");
  REQUIRE(org);
  auto back = api.client.Post("/api/v1/organizations/2/imports?mode=preview", res->body, "text/csv");
  REQUIRE(back);
  auto report = nlohmann::json::parse(back->body);
  CHECK(report["created"] == 2);
  CHECK(report["invalid"] == 0);

  auto bad = api.client.Get("/api/v1/organizations/1/export?format=xls&separator=pipe");
  REQUIRE(bad);
  CHECK(bad->status == 422);
}

TEST_CASE("managers read the audit log of their organisation; admins verify the chain") {
  Api api;
  const int id = api.create({{"lastName", "Audité"}});
  api.client.Get("/api/v1/organizations/1/members/" + std::to_string(id));
  api.client.Get("/api/v1/organizations/1/export");
  auto res = api.client.Get("/api/v1/organizations/1/audit?limit=2");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto items = nlohmann::json::parse(res->body)["items"];
  REQUIRE(items.size() == 2);
  CHECK(items[0]["action"] == "members.exported");
  CHECK(items[1]["action"] == "member.read");
  CHECK(items[1]["actor"] == "user:admin");
  CHECK(items[1]["subject"].get<std::string>().rfind("member:", 0) == 0);
  auto older = api.client.Get("/api/v1/organizations/1/audit?action=member.created&before=" +
                              std::to_string(items[1]["id"].get<int>()));
  REQUIRE(older);
  CHECK(nlohmann::json::parse(older->body)["items"].size() == 1);

  auto verify = api.client.Get("/admin/v1/audit/verify");
  REQUIRE(verify);
  auto result = nlohmann::json::parse(verify->body);
  CHECK(result["intact"] == true);
  CHECK(result["entriesChecked"].get<int>() >= 4);
  // Someone edits the database file behind the service's back.
  {
    auto lease = api.app.app().database().acquire();
    REQUIRE(lease.ok());
    lease->db().exec("DROP TRIGGER audit_log_is_append_only");
    lease->db().exec("UPDATE audit_log SET actor = 'user:nobody' WHERE id = 2");
  }
  auto broken = nlohmann::json::parse(api.client.Get("/admin/v1/audit/verify")->body);
  CHECK(broken["intact"] == false);
  CHECK(broken["firstBrokenId"] == 2);
}
