#pragma once
// Keeps the stored member status equal to what domain/member_status.hpp derives from the dates
// and the dues, as days pass and payments are recorded.

#include <map>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "domain/member.hpp"
#include "domain/member_status.hpp"
#include "store/member_status_rows.hpp"
#include "store/membership_store.hpp"

namespace registre::services {

domain::StatusInput status_input(const domain::Member& member, const std::vector<store::Membership>& memberships);

domain::StatusInput status_input(const store::MemberStatusRow& row);

// The status string for a member and its memberships on `today`.
std::string derived_status(const domain::Member& member, const std::vector<store::Membership>& memberships,
                           domain::Date today);

// The memberships of an organisation, grouped by member id.
Result<std::map<std::int64_t, std::vector<store::Membership>>> memberships_by_member(SQLite::Database& db,
                                                                                     std::int64_t organization_id);

// One step of a status refresh: recomputes up to `limit` members with an id above `after_id`.
struct RefreshStep {
  std::size_t changed = 0;
  std::int64_t last_id = 0;  // where the next step starts
  bool done = false;         // no member after last_id
};
// REQUIRES: a WriteTransaction is open (each step is its own short transaction, so a refresh
// of a large register never holds the write lock for long, nor the register in memory).
// Each change is announced to webhook subscribers (member.status_changed) as of `at`.
Result<RefreshStep> refresh_statuses_step(SQLite::Database& db, std::int64_t organization_id, domain::Date today,
                                          std::int64_t after_id, std::size_t limit, const std::string& at);

}  // namespace registre::services
