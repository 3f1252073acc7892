#include <doctest/doctest.h>

#include "domain/calendar_date.hpp"
#include "services/dues_service.hpp"
#include "services/member_service.hpp"
#include "services/member_statuses.hpp"
#include "services/organization_service.hpp"
#include "store/unit_of_work.hpp"
#include "test_support/no_directory.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace std::chrono;

namespace {

TimePoint at(int y, unsigned m, unsigned d, int hour_utc) {
  return time_point_cast<milliseconds>(sys_days{year{y} / month{m} / day{d}} + hours{hour_utc});
}

using test_support::NoGroups;
using test_support::NoRoles;

}  // namespace

TEST_CASE(
    "statuses follow the calendar: active until the cover ends (in Paris time), then lapsed") {
  test_support::TempDir dir;
  auto db = store::Database::open({dir.file("s.sqlite3")}, store::embedded_migrations());
  REQUIRE(db.ok());
  FixedClock clock(at(2026, 6, 1, 10));
  NoGroups groups;
  NoRoles roles;
  auth::Authorizer authorizer(groups, roles);
  services::OrganizationService orgs(*db.value(), clock, authorizer);
  crypto::MemberKeyStore keys(":memory:");
  services::SensitiveValues sensitive(keys);
  services::MemberService members(*db.value(), clock, sensitive);
  services::DuesService dues(*db.value(), clock);
  REQUIRE(orgs.seed_demo_if_empty().ok());
  services::RequestInfo admin;
  admin.actor = {auth::Actor::Kind::user, "admin", true};

  domain::MemberChanges fields;
  fields.last_name = "Blanc";
  fields.admitted_on = "2026-01-15";
  auto member = members.create(admin, 1, fields, std::nullopt);
  REQUIRE(member.ok());
  CHECK(member->member.status == "lapsed");
  store::MembershipType year_type;
  year_type.organization_id = 1;
  year_type.name = "Année civile";
  year_type.period = "calendar_year";
  year_type.amount_cents = 1500;
  auto type = dues.create_type(admin, year_type);
  REQUIRE(type.ok());
  services::DuesService::MembershipDraft draft;
  draft.type_id = type->id;
  draft.starts_on = "2026-01-15";
  draft.paid_on = "2026-01-15";
  REQUIRE(dues.record(admin, 1, member->member.id, draft).ok());
  auto read = [&] { return members.get(admin, 1, member->member.id).value().status; };
  CHECK(read() == "active");

  // 31 December 2026, 22:30 UTC is 23:30 in Paris: still covered.
  clock.advance(at(2026, 12, 31, 22) - at(2026, 6, 1, 10) + minutes(30));
  CHECK(members.refresh_all_statuses().value() == 0);
  CHECK(read() == "active");
  // One hour later it is 1 January 2027 in Paris (still 31 December in UTC): the cover has ended.
  clock.advance(hours(1));
  CHECK(read() == "active");  // stored status: nothing refreshed it yet
  auto changed = members.refresh_all_statuses();
  REQUIRE(changed.ok());
  CHECK(changed.value() == 1);
  CHECK(read() == "lapsed");
  CHECK(members.refresh_all_statuses().value() == 0);  // idempotent
}

TEST_CASE("a status refresh goes through the register in short steps, one organisation at a time") {
  test_support::TempDir dir;
  auto db = store::Database::open({dir.file("s.sqlite3")}, store::embedded_migrations());
  REQUIRE(db.ok());
  FixedClock clock(at(2026, 6, 1, 10));
  NoGroups groups;
  NoRoles roles;
  auth::Authorizer authorizer(groups, roles);
  services::OrganizationService orgs(*db.value(), clock, authorizer);
  crypto::MemberKeyStore keys(":memory:");
  services::SensitiveValues sensitive(keys);
  services::MemberService members(*db.value(), clock, sensitive);
  services::DuesService dues(*db.value(), clock);
  REQUIRE(orgs.seed_demo_if_empty().ok());
  services::RequestInfo admin;
  admin.actor = {auth::Actor::Kind::user, "admin", true};
  domain::Organization other;
  other.slug = "autre";
  other.name = "Autre";
  REQUIRE(orgs.create(admin, other).ok());

  // Members of both organisations with interleaved ids; in organisation 1, every other member
  // paid a calendar year 2026.
  std::vector<std::int64_t> types;
  for (std::int64_t org : {1, 2}) {
    store::MembershipType t;
    t.organization_id = org;
    t.name = "Année";
    t.period = "calendar_year";
    t.amount_cents = 1000;
    auto created = dues.create_type(admin, t);
    REQUIRE(created.ok());
    types.push_back(created->id);
  }
  std::vector<std::int64_t> paid_in_first;
  for (int i = 0; i < 9; ++i) {
    for (std::int64_t org : {1, 2}) {
      domain::MemberChanges fields;
      fields.last_name = "Membre " + std::to_string(i);
      fields.admitted_on = "2026-01-10";
      auto m = members.create(admin, org, fields, std::nullopt);
      REQUIRE(m.ok());
      if (i % 2 == 0) {
        services::DuesService::MembershipDraft draft;
        draft.type_id = types[static_cast<std::size_t>(org - 1)];
        draft.starts_on = "2026-01-10";
        draft.paid_on = "2026-01-10";
        REQUIRE(dues.record(admin, org, m->member.id, draft).ok());
        if (org == 1) paid_in_first.push_back(m->member.id);
      }
    }
  }
  auto lease = db.value()->acquire();
  REQUIRE(lease.ok());
  // The rows of organisation 1 only, with their memberships, in id order.
  auto rows = store::member_status_rows(lease->db(), 1, 0, 100);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 9);
  for (const auto& row : rows.value()) {
    const bool paid =
        std::find(paid_in_first.begin(), paid_in_first.end(), row.id) != paid_in_first.end();
    CHECK(row.memberships.size() == (paid ? 1u : 0u));
    CHECK(row.status == (paid ? "active" : "lapsed"));
  }

  // 2027: every paid cover has ended. Steps of 4 members: 9 members take 3 steps.
  const auto next_year =
      domain::Date{std::chrono::year{2027}, std::chrono::month{2}, std::chrono::day{1}};
  std::vector<services::RefreshStep> steps;
  for (services::RefreshStep step;;) {
    auto next = store::in_write_transaction(lease->db(), "test", [&](SQLite::Database& conn) {
      return services::refresh_statuses_step(conn, 1, next_year, step.last_id, 4, "2027-01-01T00:00:00.000Z");
    });
    REQUIRE(next.ok());
    step = next.value();
    steps.push_back(step);
    if (step.done) break;
  }
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].changed + steps[1].changed + steps[2].changed == paid_in_first.size());
  CHECK(steps[2].last_id == rows->back().id);
  // Organisation 2 was not touched; organisation 1 has no active member left.
  auto still_active = store::member_status_rows(lease->db(), 2, 0, 100);
  REQUIRE(still_active.ok());
  CHECK(std::count_if(still_active->begin(), still_active->end(),
                      [](const auto& r) { return r.status == "active"; }) == 5);
  auto after = store::member_status_rows(lease->db(), 1, 0, 100);
  REQUIRE(after.ok());
  CHECK(std::none_of(after->begin(), after->end(),
                     [](const auto& r) { return r.status == "active"; }));
}
