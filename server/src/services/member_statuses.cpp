#include "services/member_statuses.hpp"

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

Result<std::size_t> refresh_statuses(SQLite::Database& db, std::int64_t organization_id, domain::Date today) {
  auto members = store::all_members(db, organization_id);
  if (!members) return std::move(members).error();
  auto by_member = memberships_by_member(db, organization_id);
  if (!by_member) return std::move(by_member).error();
  std::size_t changed = 0;
  for (const auto& m : members.value()) {
    const std::string status = derived_status(m, by_member.value()[m.id], today);
    if (status == m.status) continue;
    if (auto s = store::set_member_status(db, m.id, status); !s) return std::move(s).error();
    ++changed;
  }
  return changed;
}

}  // namespace registre::services
