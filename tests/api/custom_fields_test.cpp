// Custom fields over real HTTP (standalone mode, the local administrator).
#include <doctest/doctest.h>

#include "domain/csv_reader.hpp"
#include "running_app.hpp"

using namespace registre;

TEST_CASE("custom fields: defined per organisation, validated on members, sensitive ones kept out of exports") {
  test_support::RunningApp app(test_support::standalone_config());
  auto c = app.client();
  auto define = [&](const nlohmann::json& body, int expected) {
    auto res = c.Post("/api/v1/organizations/1/fields", body.dump(), "application/json");
    REQUIRE(res);
    CHECK_MESSAGE(res->status == expected, res->body);
  };
  define({{"key", "licence"}, {"label", "N° de licence"}, {"type", "text"}, {"classification", "identity"}}, 201);
  define({{"key", "allergies"}, {"label", "Allergies"}, {"type", "long_text"}, {"classification", "sensitive"}}, 201);
  define({{"key", "skills"}, {"label", "Compétences"}, {"type", "multiple_choice"}, {"choices", {"cuisine", "jardin"}}}, 201);
  define({{"key", "licence"}, {"label", "Encore"}, {"type", "text"}}, 409);
  define({{"key", "x"}, {"label", "X"}, {"type", "colour"}}, 422);
  auto listed = nlohmann::json::parse(c.Get("/api/v1/organizations/1/fields")->body)["items"];
  CHECK(listed.size() == 3);

  auto created = c.Post("/api/v1/organizations/1/members",
                        R"({"lastName":"Garnier","custom":{"licence":"FFR-1","allergies":"arachide","skills":["jardin"]}})",
                        "application/json");
  REQUIRE(created);
  REQUIRE(created->status == 201);
  auto member = nlohmann::json::parse(created->body);
  CHECK(member["custom"]["skills"] == nlohmann::json::array({"jardin"}));
  auto bad = c.Post("/api/v1/organizations/1/members", R"({"lastName":"X","custom":{"skills":["danse"],"shoe":42}})",
                    "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 422);
  const std::string path = "/api/v1/organizations/1/members/" + std::to_string(member["id"].get<int>());
  auto updated = c.Put(path, {{"If-Match", "\"1\""}}, R"({"custom":{"skills":null}})", "application/json");
  REQUIRE(updated);
  CHECK(updated->status == 200);
  CHECK_FALSE(nlohmann::json::parse(updated->body)["custom"].contains("skills"));

  auto csv = c.Get("/api/v1/organizations/1/export?format=csv");
  REQUIRE(csv);
  auto doc = domain::parse_csv(csv->body);
  REQUIRE(doc.ok());
  CHECK(std::find(doc->header.begin(), doc->header.end(), "N° de licence") != doc->header.end());
  CHECK(std::find(doc->header.begin(), doc->header.end(), "Allergies") == doc->header.end());
  CHECK(csv->body.find("arachide") == std::string::npos);
  auto all = c.Get("/api/v1/organizations/1/export?format=json&sensitive=true");
  REQUIRE(all);
  CHECK(nlohmann::json::parse(all->body)["items"][0]["custom"]["allergies"] == "arachide");
}
