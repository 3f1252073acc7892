// Data-subject requests on a database file with an injected clock: the receipt date is the
// organisation's date (not UTC), deadlines follow it, refusals record nothing, steps are audited.
#include "services/subject_request_service.hpp"

#include <doctest/doctest.h>

#include "crypto/sodium.hpp"
#include "services/member_service.hpp"
#include "services/organization_service.hpp"
#include "test_support/no_directory.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace std::chrono;

namespace {

using test_support::NoGroups;
using test_support::NoRoles;

TimePoint at(int y, unsigned m, unsigned d, int hour_utc, int minute = 0) {
  return time_point_cast<milliseconds>(sys_days{year{y} / month{m} / day{d}} + hours{hour_utc} +
                                       minutes{minute});
}

struct Fixture {
  test_support::TempDir dir;
  std::unique_ptr<store::Database> db;
  // 31 January 2026, 23:30 UTC: already 1 February in Paris (the demo organisation's zone).
  FixedClock clock{at(2026, 1, 31, 23, 30)};
  NoGroups groups;
  NoRoles roles;
  auth::Authorizer authorizer{groups, roles};
  std::unique_ptr<services::SubjectRequestService> requests;
  services::RequestInfo manager;

  Fixture() {
    REQUIRE(crypto::initialize());
    auto opened =
        store::Database::open({dir.file("registre.sqlite3")}, store::embedded_migrations());
    REQUIRE(opened.ok());
    db = std::move(opened).value();
    services::OrganizationService orgs(*db, clock, authorizer);
    REQUIRE(orgs.seed_demo_if_empty().ok());
    requests = std::make_unique<services::SubjectRequestService>(*db, clock);
    manager.actor = {auth::Actor::Kind::user, "erin", false};
  }
  std::int64_t count(const std::string& sql) {
    auto lease = db->acquire();
    return lease->db().execAndGet(sql).getInt64();
  }
};

}  // namespace

TEST_CASE("received today means today in the organisation's time zone, due a month later") {
  Fixture f;
  services::SubjectRequestService::NewRequest n;
  n.kind = "access";
  auto opened = f.requests->open(f.manager, 1, n);
  REQUIRE(opened.ok());
  CHECK(opened->request.received_on == "2026-02-01");  // not 31 January (UTC)
  CHECK(opened->request.due_on == "2026-03-01");
  CHECK(opened->request.status == "open");
  CHECK(opened->today == "2026-02-01");

  n.received_on = "31/01/2026";
  auto month_end = f.requests->open(f.manager, 1, n);
  REQUIRE(month_end.ok());
  CHECK(month_end->request.due_on == "2026-02-28");
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'request.opened'") == 2);
}

TEST_CASE("open cases come earliest due first; closed ones leave the list") {
  Fixture f;
  services::SubjectRequestService::NewRequest n;
  n.kind = "erasure";
  n.received_on = "2026-01-20";
  const auto later = f.requests->open(f.manager, 1, n)->request.id;
  n.kind = "access";
  n.received_on = "2026-01-05";
  const auto sooner = f.requests->open(f.manager, 1, n)->request.id;
  auto list = f.requests->list(f.manager, 1, true);
  REQUIRE(list.ok());
  REQUIRE(list->items.size() == 2);
  CHECK(list->items[0].id == sooner);
  CHECK(list->items[1].id == later);
  REQUIRE(f.requests->close(f.manager, 1, sooner, "closed", "Copie envoyée.").ok());
  CHECK(f.requests->list(f.manager, 1, true)->items.size() == 1);
  CHECK(f.requests->list(f.manager, 1, false)->items.size() == 2);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'request.closed'") == 1);
}

TEST_CASE("bad input names the fields and records nothing") {
  Fixture f;
  services::SubjectRequestService::NewRequest n;
  n.kind = "";
  n.received_on = "2026-02-02";  // tomorrow in Paris
  n.member_id = 999;
  n.handler = "";
  auto refused = f.requests->open(f.manager, 1, n);
  REQUIRE_FALSE(refused.ok());
  std::vector<std::string> fields;
  for (const auto& e : refused.error().fields)
    fields.push_back(e.field);
  CHECK(fields == std::vector<std::string>{"kind", "handler", "receivedOn", "memberId"});
  n = {};
  n.kind = "access";
  n.received_on = "30/02/2026";
  CHECK(f.requests->open(f.manager, 1, n).error().fields.at(0).field == "receivedOn");
  CHECK(f.count("SELECT count(*) FROM subject_requests") == 0);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action LIKE 'request.%'") == 0);
}

TEST_CASE("an extension is recorded once with its reason and moves the due date") {
  Fixture f;
  services::SubjectRequestService::NewRequest n;
  n.kind = "portability";
  n.received_on = "2026-01-31";
  const auto id = f.requests->open(f.manager, 1, n)->request.id;
  auto extended = f.requests->extend(f.manager, 1, id, 1, "Volume important.");
  REQUIRE(extended.ok());
  CHECK(extended->request.due_on == "2026-03-31");
  CHECK(extended->request.version == 2);
  auto again = f.requests->extend(f.manager, 1, id, 1, "Encore.");
  CHECK(again.error().fields.at(0).field == "status");
  auto stored = f.requests->get(f.manager, 1, id);
  CHECK(stored->request.extension_reason == std::optional<std::string>("Volume important."));
  CHECK(f.requests->get(f.manager, 2, id).error().kind == ErrorKind::not_found);
}

TEST_CASE("a case is handed to someone only from the version the manager read") {
  Fixture f;
  services::SubjectRequestService::NewRequest n;
  n.kind = "rectification";
  const auto id = f.requests->open(f.manager, 1, n)->request.id;
  auto assigned = f.requests->assign(f.manager, 1, id, 1, std::string("carol"));
  REQUIRE(assigned.ok());
  CHECK(assigned->request.handler == std::optional<std::string>("carol"));
  CHECK(assigned->request.version == 2);
  CHECK(f.requests->assign(f.manager, 1, id, 1, std::nullopt).error().kind ==
        ErrorKind::precondition_failed);
  auto cleared = f.requests->assign(f.manager, 1, id, 2, std::nullopt);
  REQUIRE(cleared.ok());
  CHECK_FALSE(cleared->request.handler.has_value());
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'request.assigned'") == 2);
}
