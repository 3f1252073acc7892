#pragma once
// Keeps the stored member status equal to what domain/member_status.hpp derives from the dates
// and the dues, as days pass and payments are recorded.

#include <map>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "domain/member.hpp"
#include "domain/member_status.hpp"
#include "store/membership_store.hpp"

namespace registre::services {

domain::StatusInput status_input(const domain::Member& member, const std::vector<store::Membership>& memberships);

// The status string for a member and its memberships on `today`.
std::string derived_status(const domain::Member& member, const std::vector<store::Membership>& memberships,
                           domain::Date today);

// The memberships of an organisation, grouped by member id.
Result<std::map<std::int64_t, std::vector<store::Membership>>> memberships_by_member(SQLite::Database& db,
                                                                                     std::int64_t organization_id);

// Recomputes every member of the organisation; returns how many changed.
// REQUIRES: a WriteTransaction is open.
Result<std::size_t> refresh_statuses(SQLite::Database& db, std::int64_t organization_id, domain::Date today);

}  // namespace registre::services
