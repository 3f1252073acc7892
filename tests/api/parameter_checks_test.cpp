// Query parameters and lengths that earlier versions let through (standalone mode, the local
// administrator): unknown parameters, limits counted in characters, all field errors at once.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "running_app.hpp"

using namespace registre;

namespace {

std::string repeat(const std::string& unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

std::vector<std::string> error_fields(const httplib::Result& res) {
  std::vector<std::string> names;
  if (!res) return names;
  auto problem = nlohmann::json::parse(res->body, nullptr, false);
  if (!problem.is_object() || !problem.contains("errors")) return names;
  for (const auto& e : problem["errors"]) names.push_back(e["field"]);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("report, audit and account-picker routes refuse unknown parameters, naming them") {
  test_support::RunningApp app(test_support::standalone_config());
  auto c = app.client();
  for (const std::string path :
       {"/api/v1/organizations/1/dues/renewals?within=30&withn=7", "/api/v1/organizations/1/dues/lapsed?snce=2026-01-01",
        "/api/v1/organizations/1/dues/totals?season=2026", "/api/v1/organizations/1/audit?actoin=member.read",
        "/api/v1/organizations/1/nextcloud-users?serach=a"}) {
    CAPTURE(path);
    auto res = c.Get(path);
    REQUIRE(res);
    CHECK(res->status == 422);
    const auto fields = error_fields(res);
    REQUIRE(fields.size() == 1);
    CHECK(path.find(fields[0] + "=") != std::string::npos);
  }
  // The same routes answer without the typo.
  for (const char* path : {"/api/v1/organizations/1/dues/renewals?within=30", "/api/v1/organizations/1/dues/totals",
                           "/api/v1/organizations/1/audit?action=member.read", "/api/v1/organizations/1/nextcloud-users?search=a"}) {
    auto res = c.Get(path);
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 200, path);
  }
  // The account picker of an organisation that does not exist.
  auto missing = c.Get("/api/v1/organizations/999/nextcloud-users?search=a");
  REQUIRE(missing);
  CHECK(missing->status == 404);
}

TEST_CASE("lengths stated in characters are counted in characters, not bytes") {
  test_support::RunningApp app(test_support::standalone_config());
  auto c = app.client();
  auto post = [&](const std::string& path, const nlohmann::json& body) { return c.Post(path, body.dump(), "application/json"); };
  // 200 "é" are 400 bytes: a name of 200 characters.
  auto org = post("/admin/v1/organizations", {{"slug", "accents"}, {"name", repeat("é", 200)}});
  REQUIRE(org);
  CHECK_MESSAGE(org->status == 201, org->body);
  auto too_long = post("/admin/v1/organizations", {{"slug", "accents2"}, {"name", repeat("é", 201)}});
  REQUIRE(too_long);
  CHECK(too_long->status == 422);
  CHECK(error_fields(too_long) == std::vector<std::string>{"name"});

  auto type = post("/api/v1/organizations/1/membership-types",
                   {{"name", repeat("ü", 100)}, {"period", "lifetime"}, {"amountCents", 0}});
  REQUIRE(type);
  CHECK_MESSAGE(type->status == 201, type->body);
  auto long_type = post("/api/v1/organizations/1/membership-types",
                        {{"name", repeat("ü", 101)}, {"period", "lifetime"}, {"amountCents", 0}});
  REQUIRE(long_type);
  CHECK(long_type->status == 422);

  auto grant = post("/admin/v1/organizations/1/roles",
                    {{"principalType", "group"}, {"principalId", repeat("é", 200)}, {"role", "viewer"}});
  REQUIRE(grant);
  CHECK_MESSAGE(grant->status == 201, grant->body);

  // A search of 200 characters is fine; 201 is not.
  auto search_ok = c.Get("/api/v1/organizations/1/members?q=" + repeat("%C3%A9", 200));
  REQUIRE(search_ok);
  CHECK(search_ok->status == 200);
  auto search_long = c.Get("/api/v1/organizations/1/members?q=" + repeat("%C3%A9", 201));
  REQUIRE(search_long);
  CHECK(search_long->status == 422);
  auto search_bytes = c.Get("/api/v1/organizations/1/members?q=%FF%FE");
  REQUIRE(search_bytes);
  CHECK(search_bytes->status == 422);
}

TEST_CASE("a custom field with choices that are not a list gets every field error at once") {
  test_support::RunningApp app(test_support::standalone_config());
  auto c = app.client();
  auto res = c.Post("/api/v1/organizations/1/fields", R"({"key":"Bad Key","label":"","type":"colour","choices":"a,b"})",
                    "application/json");
  REQUIRE(res);
  CHECK(res->status == 422);
  const auto fields = error_fields(res);
  CHECK(std::find(fields.begin(), fields.end(), "choices") != fields.end());
  CHECK(fields.size() >= 3);  // choices, and the key, label and type checked with it
  auto listed = nlohmann::json::parse(c.Get("/api/v1/organizations/1/fields")->body);
  CHECK(listed["items"].empty());
}
