// Member list filters over real HTTP (standalone mode, the local administrator; the demo
// organisation is in Europe/Paris and "today" is the real date: dates are relative to it).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "domain/calendar_date.hpp"
#include "running_app.hpp"

using namespace registre;

namespace {

std::string iso_days_from_today(int days) {
  using namespace std::chrono;
  const auto today = floor<std::chrono::days>(system_clock::now());
  return domain::format_iso(year_month_day{today + std::chrono::days(days)});
}

struct Register {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();

  nlohmann::json post(const std::string& path, const nlohmann::json& body) {
    auto res = client.Post(path, body.dump(), "application/json");
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == 201, res->body);
    return nlohmann::json::parse(res->body);
  }
  int member(const nlohmann::json& body) {
    return post("/api/v1/organizations/1/members", body)["id"];
  }
  void membership(int member_id, int type_id, int start_days, bool paid) {
    nlohmann::json body = {{"typeId", type_id}, {"startsOn", iso_days_from_today(start_days)}};
    if (paid) body["paidOn"] = iso_days_from_today(start_days);
    post("/api/v1/organizations/1/members/" + std::to_string(member_id) + "/memberships", body);
  }
  // The last names on the list for `query` (all pages of 200), sorted by name.
  std::vector<std::string> names(const std::string& query) {
    auto res = client.Get("/api/v1/organizations/1/members?limit=200&" + query);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == 200, query << ": " << res->body);
    std::vector<std::string> out;
    const auto page = nlohmann::json::parse(res->body);
    for (const auto& m : page["items"])
      out.push_back(m["lastName"]);
    return out;
  }
  nlohmann::json refused(const std::string& path, int status) {
    auto res = client.Get(path);
    REQUIRE(res);
    CHECK_MESSAGE(res->status == status, path << ": " << res->body);
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
    return nlohmann::json::parse(res->body);
  }
};

using Names = std::vector<std::string>;

}  // namespace

namespace doctest {
template <>
struct StringMaker<Names> {
  static String convert(const Names& names) {
    std::string joined;
    for (const auto& n : names)
      joined += (joined.empty() ? "" : ", ") + n;
    return ("[" + joined + "]").c_str();
  }
};
}  // namespace doctest

TEST_CASE("the member list filters by membership type, paid this season and custom field values") {
  Register r;
  for (const auto& field :
       {nlohmann::json{{"key", "tshirt"},
                       {"label", "T-shirt"},
                       {"type", "single_choice"},
                       {"choices", {"S", "M", "L"}}},
        nlohmann::json{{"key", "skills"},
                       {"label", "Compétences"},
                       {"type", "multiple_choice"},
                       {"choices", {"cuisine", "jardin", "compta, paie"}}},
        nlohmann::json{{"key", "benevole"}, {"label", "Bénévole"}, {"type", "boolean"}},
        nlohmann::json{{"key", "licence"}, {"label", "Licence"}, {"type", "text"}},
        nlohmann::json{{"key", "niveau"}, {"label", "Niveau"}, {"type", "number"}},
        nlohmann::json{{"key", "certificat"}, {"label", "Certificat médical"}, {"type", "date"}}}) {
    r.post("/api/v1/organizations/1/fields", field);
  }
  const int yearly =
      r.post("/api/v1/organizations/1/membership-types", {{"name", "Annuelle"},
                                                          {"period", "rolling_months"},
                                                          {"rollingMonths", 12},
                                                          {"amountCents", 2000}})["id"];
  const int life =
      r.post("/api/v1/organizations/1/membership-types",
             {{"name", "À vie"}, {"period", "lifetime"}, {"amountCents", 30000}})["id"];

  const std::string admitted = iso_days_from_today(-800);
  // Alice: paid this year, yearly.
  const int alice = r.member({{"lastName", "Alice"},
                              {"admittedOn", admitted},
                              {"custom",
                               {{"tshirt", "M"},
                                {"skills", {"cuisine"}},
                                {"benevole", true},
                                {"licence", "FFR, 12"},
                                {"niveau", 2},
                                {"certificat", "2026-09-01"}}}});
  r.membership(alice, yearly, -30, true);
  // Bruno: yearly this year, not paid yet.
  const int bruno = r.member({{"lastName", "Bruno"},
                              {"admittedOn", admitted},
                              {"custom", {{"tshirt", "L"}, {"benevole", false}, {"niveau", 2.5}}}});
  r.membership(bruno, yearly, -30, false);
  // Chloé: lifetime, paid long ago.
  const int chloe = r.member({{"lastName", "Chloé"},
                              {"admittedOn", admitted},
                              {"custom", {{"skills", {"jardin", "compta, paie"}}}}});
  r.membership(chloe, life, -700, true);
  // Denis: lifetime before, now on the yearly type and paid last year only (lapsed).
  const int denis =
      r.member({{"lastName", "Denis"}, {"admittedOn", admitted}, {"custom", {{"tshirt", "M"}}}});
  r.membership(denis, life, -790, false);
  r.membership(denis, yearly, -400, true);
  // Emma: no membership at all.
  r.member({{"lastName", "Emma"}, {"admittedOn", admitted}});

  const auto t = [](int id) { return std::to_string(id); };
  CHECK(r.names("") == Names{"Alice", "Bruno", "Chloé", "Denis", "Emma"});
  // The type of the latest membership: Denis moved from lifetime to yearly.
  CHECK(r.names("type=" + t(yearly)) == Names{"Alice", "Bruno", "Denis"});
  CHECK(r.names("type=" + t(life)) == Names{"Chloé"});
  CHECK(r.names("type=" + t(life) + "," + t(yearly)) == Names{"Alice", "Bruno", "Chloé", "Denis"});
  // Paid this season: a paid membership covers today.
  CHECK(r.names("paid=true") == Names{"Alice", "Chloé"});
  CHECK(r.names("paid=false") == Names{"Bruno", "Denis", "Emma"});
  CHECK(r.names("paid=false&type=" + t(yearly)) == Names{"Bruno", "Denis"});
  // Custom values: any of the listed values; all filters must hold.
  CHECK(r.names("field_tshirt=M") == Names{"Alice", "Denis"});
  CHECK(r.names("field_tshirt=M,L") == Names{"Alice", "Bruno", "Denis"});
  CHECK(r.names("field_skills=cuisine") == Names{"Alice"});
  CHECK(r.names("field_skills=jardin,cuisine") == Names{"Alice", "Chloé"});
  CHECK(r.names("field_benevole=true") == Names{"Alice"});
  CHECK(r.names("field_benevole=non") == Names{"Bruno"});
  CHECK(r.names("field_licence=FFR%2C%2012") ==
        Names{"Alice"});  // a text is matched whole, comma included
  CHECK(r.names("field_niveau=2") == Names{"Alice"});
  CHECK(r.names("field_niveau=2.5,3") == Names{"Bruno"});
  CHECK(r.names("field_certificat=01/09/2026") == Names{"Alice"});
  CHECK(r.names("field_tshirt=M&paid=true&type=" + t(yearly) + "&status=active") == Names{"Alice"});
  CHECK(r.names("field_tshirt=M&q=den") == Names{"Denis"});

  // The total and the keyset pages follow the filters.
  auto counted = nlohmann::json::parse(
      r.client.Get("/api/v1/organizations/1/members?field_tshirt=M,L&count=true&limit=1")->body);
  CHECK(counted["total"] == 3);
  CHECK(counted["items"].size() == 1);
  auto second = nlohmann::json::parse(
      r.client
          .Get("/api/v1/organizations/1/members?field_tshirt=M,L&limit=1&after=" +
               counted["next"].get<std::string>())
          ->body);
  CHECK(second["items"][0]["lastName"] == "Bruno");

  // The export is the filtered list.
  auto exported = r.client.Get("/api/v1/organizations/1/export?format=json&paid=true");
  REQUIRE(exported);
  REQUIRE(exported->status == 200);
  auto items = nlohmann::json::parse(exported->body)["items"];
  REQUIRE(items.size() == 2);
  CHECK(items[0]["lastName"] == "Alice");
  CHECK(items[1]["lastName"] == "Chloé");

  // The audit entry names the filters, never their values.
  auto audit = nlohmann::json::parse(
      r.client.Get("/api/v1/organizations/1/audit?action=members.listed&limit=1")->body);
  REQUIRE(audit["items"].size() == 1);
  const std::string fields = audit["items"][0]["fields"].dump();
  CHECK(fields.find("field_tshirt") != std::string::npos);
  CHECK(fields.find("\"M\"") == std::string::npos);
}

TEST_CASE("malformed member filters are refused with the parameter named, all at once") {
  Register r;
  r.post("/api/v1/organizations/1/fields", {{"key", "tshirt"},
                                            {"label", "T-shirt"},
                                            {"type", "single_choice"},
                                            {"choices", {"S", "M"}}});
  r.post("/api/v1/organizations/1/fields",
         {{"key", "niveau"}, {"label", "Niveau"}, {"type", "number"}});
  r.post("/api/v1/organizations/1/fields",
         {{"key", "benevole"}, {"label", "Bénévole"}, {"type", "boolean"}});
  const std::string list = "/api/v1/organizations/1/members?";
  auto field_names = [](const nlohmann::json& problem) {
    std::vector<std::string> names;
    for (const auto& e : problem["errors"])
      names.push_back(e["field"]);
    std::sort(names.begin(), names.end());
    return names;
  };
  CHECK(field_names(r.refused(list + "type=abc&paid=maybe&field_=1", 422)) ==
        Names{"field_", "paid", "type"});
  CHECK(field_names(r.refused(list + "type=999", 422)) == Names{"type"});
  CHECK(field_names(r.refused(list + "type=0", 422)) == Names{"type"});
  CHECK(field_names(r.refused(
            list + "field_nope=1&field_tshirt=XL&field_niveau=abc&field_benevole=peut-etre",
            422)) == Names{"field_benevole", "field_niveau", "field_nope", "field_tshirt"});
  CHECK(field_names(r.refused(list + "field_tshirt=", 422)) == Names{"field_tshirt"});
  CHECK(field_names(r.refused("/api/v1/organizations/1/export?type=7", 422)) == Names{"type"});
  CHECK(field_names(r.refused(list + "colour=red", 422)) == Names{"colour"});
}
