#include "services/member_statuses.hpp"

#include "services/webhook_events.hpp"

#include <map>

#include "domain/calendar_date.hpp"
#include "store/member_store.hpp"

namespace registre::services {

domain::StatusInput status_input(const domain::Member& m, const std::vector<store::Membership>& memberships) {
  domain::StatusInput input;
  if (m.admitted_on) input.admitted_on = domain::parse_date(*m.admitted_on);
  if (m.left_on) input.left_on = domain::parse_date(*m.left_on);
  for (const auto& ms : memberships) {
    auto start = domain::parse_date(ms.starts_on);
    if (!start) continue;
    domain::MembershipSpan span{*start, std::nullopt, ms.paid_on.has_value()};
    if (ms.ends_on) span.end = domain::parse_date(*ms.ends_on);
    input.memberships.push_back(span);
  }
  return input;
}

std::string derived_status(const domain::Member& m, const std::vector<store::Membership>& memberships,
                           domain::Date today) {
  return std::string(domain::to_string(domain::derive_status(status_input(m, memberships), today)));
}

Result<std::map<std::int64_t, std::vector<store::Membership>>> memberships_by_member(SQLite::Database& db,
                                                                                     std::int64_t organization_id) {
  auto memberships = store::memberships_in(db, organization_id);
  if (!memberships) return std::move(memberships).error();
  std::map<std::int64_t, std::vector<store::Membership>> by_member;
  for (auto& ms : memberships.value()) by_member[ms.member_id].push_back(std::move(ms));
  return by_member;
}

domain::StatusInput status_input(const store::MemberStatusRow& row) {
  domain::StatusInput input;
  if (row.admitted_on) input.admitted_on = domain::parse_date(*row.admitted_on);
  if (row.left_on) input.left_on = domain::parse_date(*row.left_on);
  for (const auto& ms : row.memberships) {
    auto start = domain::parse_date(ms.starts_on);
    if (!start) continue;
    domain::MembershipSpan span{*start, std::nullopt, ms.paid};
    if (ms.ends_on) span.end = domain::parse_date(*ms.ends_on);
    input.memberships.push_back(span);
  }
  return input;
}

Result<RefreshStep> refresh_statuses_step(SQLite::Database& db, std::int64_t organization_id, domain::Date today,
                                          std::int64_t after_id, std::size_t limit, const std::string& at) {
  auto rows = store::member_status_rows(db, organization_id, after_id, limit);
  if (!rows) return std::move(rows).error();
  RefreshStep step;
  step.last_id = after_id;
  step.done = rows->size() < limit;
  for (const auto& row : rows.value()) {
    step.last_id = row.id;
    const auto status = domain::to_string(domain::derive_status(status_input(row), today));
    if (status == row.status) continue;
    if (auto s = store::set_member_status(db, row.id, std::string(status)); !s) return std::move(s).error();
    if (auto s = webhook_events::member_status_changed(db, organization_id, row.id, row.status, std::string(status), at);
        !s) {
      return std::move(s).error();
    }
    ++step.changed;
  }
  return step;
}

}  // namespace registre::services
