#include <doctest/doctest.h>

#include "domain/calendar_date.hpp"
#include "services/dues_service.hpp"
#include "services/member_service.hpp"
#include "services/organization_service.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace std::chrono;

namespace {

TimePoint at(int y, unsigned m, unsigned d, int hour_utc) {
  return time_point_cast<milliseconds>(sys_days{year{y} / month{m} / day{d}} + hours{hour_utc});
}

class NoGroups final : public auth::GroupDirectory {
 public:
  Result<std::vector<std::string>> groups_of(const std::string&) override { return std::vector<std::string>{}; }
};
class NoRoles final : public auth::OrganizationRoles {
 public:
  Result<std::vector<std::string>> roles_in(std::int64_t, const std::string&, const std::vector<std::string>&) override {
    return std::vector<std::string>{};
  }
};

}  // namespace

TEST_CASE("statuses follow the calendar: active until the cover ends (in Paris time), then lapsed") {
  test_support::TempDir dir;
  auto db = store::Database::open({dir.file("s.sqlite3")}, store::embedded_migrations());
  REQUIRE(db.ok());
  FixedClock clock(at(2026, 6, 1, 10));
  NoGroups groups;
  NoRoles roles;
  auth::Authorizer authorizer(groups, roles);
  services::OrganizationService orgs(*db.value(), clock, authorizer);
  services::MemberService members(*db.value(), clock);
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
