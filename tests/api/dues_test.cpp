// Dues over real HTTP (standalone mode, the local administrator; the demo organisation is in
// Europe/Paris and "today" is the real date: every date below is relative to it).
#include <doctest/doctest.h>

#include <chrono>
#include <set>

#include "domain/calendar_date.hpp"
#include "domain/membership_period.hpp"
#include "running_app.hpp"

using namespace registre;

namespace {

std::string iso_days_from_today(int days) {
  using namespace std::chrono;
  const auto today = floor<std::chrono::days>(system_clock::now());
  return domain::format_iso(year_month_day{today + std::chrono::days(days)});
}

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();

  nlohmann::json post(const std::string& path, const nlohmann::json& body, int expected = 201) {
    auto res = client.Post(path, body.dump(), "application/json");
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == expected, res->body);
    return nlohmann::json::parse(res->body);
  }
  nlohmann::json get(const std::string& path) {
    auto res = client.Get(path);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == 200, res->body);
    return nlohmann::json::parse(res->body);
  }
  std::string status_of(int member_id) {
    return get("/api/v1/organizations/1/members/" + std::to_string(member_id))["status"];
  }
};

}  // namespace

TEST_CASE("recording a paid membership makes an admitted member active; its end follows the type") {
  Api api;
  auto rolling = api.post("/api/v1/organizations/1/membership-types",
                          {{"name", "Adhésion 12 mois"}, {"period", "rolling_months"}, {"rollingMonths", 12}, {"amountCents", 2500}});
  CHECK(rolling["currency"] == "EUR");  // the organisation's
  auto member = api.post("/api/v1/organizations/1/members", {{"lastName", "Moreau"}, {"admittedOn", iso_days_from_today(-10)}});
  const int id = member["id"];
  CHECK(api.status_of(id) == "lapsed");
  const std::string path = "/api/v1/organizations/1/members/" + std::to_string(id) + "/memberships";
  auto unpaid = api.post(path, {{"typeId", rolling["id"]}, {"startsOn", iso_days_from_today(-10)}});
  CHECK(unpaid["paidOn"].is_null());
  CHECK(unpaid["amountCents"] == 2500);
  CHECK(api.status_of(id) == "lapsed");  // recorded, not paid: not active
  auto paid = api.post(path, {{"typeId", rolling["id"]}, {"startsOn", iso_days_from_today(-10)},
                              {"paidOn", iso_days_from_today(-1)}, {"paymentMethod", "cheque"}, {"reference", "CHQ 0042"}});
  const auto expected_end = domain::period_end({domain::PeriodKind::rolling_months, 9, 12},
                                               *domain::parse_date(iso_days_from_today(-10)));
  CHECK(paid["endsOn"] == domain::format_iso(*expected_end));
  CHECK(api.status_of(id) == "active");
  CHECK(api.get(path)["items"].size() == 2);
}

TEST_CASE("bad dues input is refused with the fields named") {
  Api api;
  auto bad_type = api.post("/api/v1/organizations/1/membership-types",
                           {{"name", ""}, {"period", "weekly"}, {"amountCents", -5}}, 422);
  std::set<std::string> fields;
  for (const auto& e : bad_type["errors"]) fields.insert(e["field"].get<std::string>());
  CHECK(fields == std::set<std::string>{"amountCents", "name", "period"});
  api.post("/api/v1/organizations/1/membership-types", {{"name", "Saison"}, {"period", "season"}, {"seasonStartMonth", 13}, {"amountCents", 1}}, 422);
  auto type = api.post("/api/v1/organizations/1/membership-types", {{"name", "Saison"}, {"period", "season"}, {"amountCents", 3000}});
  api.post("/api/v1/organizations/1/membership-types", {{"name", "Saison"}, {"period", "season"}, {"amountCents", 3000}}, 409);
  auto member = api.post("/api/v1/organizations/1/members", {{"lastName", "Roux"}});
  const std::string path = "/api/v1/organizations/1/members/" + std::to_string(member["id"].get<int>()) + "/memberships";
  auto bad = api.post(path, {{"typeId", 999}, {"startsOn", "32/13/2026"}, {"paymentMethod", "bitcoin"}}, 422);
  fields.clear();
  for (const auto& e : bad["errors"]) fields.insert(e["field"].get<std::string>());
  CHECK(fields == std::set<std::string>{"startsOn", "paymentMethod", "paidOn"});
  api.post(path, {{"typeId", 999}, {"startsOn", "01/09/2026"}}, 422);  // not a type of this organisation
  api.post(path, {{"typeId", type["id"]}, {"startsOn", "01/09/2026"}, {"paidOn", iso_days_from_today(3)}}, 422);  // future payment
  CHECK(api.get(path)["items"].empty());
  auto season = api.post(path, {{"typeId", type["id"]}, {"startsOn", "15/09/2026"}});
  CHECK(season["endsOn"] == "2027-08-31");
  // A member with dues on record is not deleted.
  auto del = api.client.Delete("/api/v1/organizations/1/members/" + std::to_string(member["id"].get<int>()), {{"If-Match", "\"1\""}});
  REQUIRE(del);
  CHECK(del->status == 409);
}

TEST_CASE("the treasurer's lists: renewals due, lapsed members, totals per season") {
  Api api;
  auto monthly = api.post("/api/v1/organizations/1/membership-types",
                          {{"name", "Mensuelle"}, {"period", "rolling_months"}, {"rollingMonths", 1}, {"amountCents", 500}});
  auto lifetime = api.post("/api/v1/organizations/1/membership-types",
                           {{"name", "Bienfaiteur"}, {"period", "lifetime"}, {"amountCents", 10000}});
  auto add = [&](const std::string& name, int admitted_days_ago) {
    return api.post("/api/v1/organizations/1/members", {{"lastName", name}, {"admittedOn", iso_days_from_today(-admitted_days_ago)}})["id"].get<int>();
  };
  auto pay = [&](int member, const nlohmann::json& type, int start_days_ago) {
    api.post("/api/v1/organizations/1/members/" + std::to_string(member) + "/memberships",
             {{"typeId", type["id"]}, {"startsOn", iso_days_from_today(-start_days_ago)}, {"paidOn", iso_days_from_today(-start_days_ago)}, {"paymentMethod", "cash"}});
  };
  const int soon = add("Bientôt", 100);     // monthly cover started 20 days ago: ends in about 10 days
  pay(soon, monthly, 20);
  const int later = add("Tranquille", 100); // cover started today: ends in about a month
  pay(later, monthly, 0);
  const int gone = add("Parti", 200);       // cover ended about 2 months ago
  pay(gone, monthly, 90);
  const int forever = add("Toujours", 300); // lifetime
  pay(forever, lifetime, 300);

  auto names = [](const nlohmann::json& list) {
    std::vector<std::string> out;
    for (const auto& line : list["items"]) out.push_back(line["lastName"]);
    return out;
  };
  CHECK(names(api.get("/api/v1/organizations/1/dues/renewals?within=15")) == std::vector<std::string>{"Bientôt"});
  CHECK(names(api.get("/api/v1/organizations/1/dues/renewals?within=45")) == std::vector<std::string>{"Bientôt", "Tranquille"});
  auto lapsed = api.get("/api/v1/organizations/1/dues/lapsed");
  CHECK(names(lapsed) == std::vector<std::string>{"Parti"});
  CHECK(lapsed["items"][0]["lapsedSince"].get<std::string>() < iso_days_from_today(-30));
  CHECK(names(api.get("/api/v1/organizations/1/dues/lapsed?since=" + iso_days_from_today(-5))).empty());
  CHECK(api.status_of(gone) == "lapsed");
  CHECK(api.status_of(forever) == "active");

  auto totals = api.get("/api/v1/organizations/1/dues/totals")["items"];
  std::int64_t count = 0, cents = 0;
  for (const auto& t : totals) {
    count += t["memberships"].get<std::int64_t>();
    cents += t["paidCents"].get<std::int64_t>();
  }
  CHECK(count == 4);
  CHECK(cents == 3 * 500 + 10000);
  auto bad = api.client.Get("/api/v1/organizations/1/dues/renewals?within=-1");
  REQUIRE(bad);
  CHECK(bad->status == 422);
}

TEST_CASE("a membership type's currency must be an ISO code, an organisation's time zone must exist") {
  Api api;
  api.post("/api/v1/organizations/1/membership-types", {{"name", "A"}, {"period", "lifetime"}, {"amountCents", 1}, {"currency", "euro"}}, 422);
  api.post("/api/v1/organizations/1/membership-types", {{"name", "B"}, {"period", "lifetime"}, {"amountCents", 1}, {"currency", "usd"}}, 422);
  api.post("/api/v1/organizations/1/membership-types", {{"name", "C"}, {"period", "lifetime"}, {"amountCents", 1}, {"currency", "CHF"}});
  auto mars = api.post("/admin/v1/organizations", {{"slug", "mars"}, {"name", "Mars"}, {"timezone", "Mars/Olympus"}}, 422);
  CHECK(mars["errors"][0]["field"] == "timezone");
}
