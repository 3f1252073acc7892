#pragma once
// What the status refresh reads: for a run of members in id order, only the columns the status
// derives from (dates, memberships' bounds and whether they were paid), so a refresh of a
// large register holds a few hundred members in memory at a time, never the whole register.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace registre::store {

struct MembershipBounds {
  std::string starts_on;
  std::optional<std::string> ends_on;  // none: lifetime
  bool paid = false;
};

struct MemberStatusRow {
  std::int64_t id = 0;
  std::optional<std::string> admitted_on;
  std::optional<std::string> left_on;
  std::string status;  // as stored
  std::vector<MembershipBounds> memberships;
};

// Up to `limit` members of the organisation with an id above `after_id`, in id order, each
// with its memberships.
Result<std::vector<MemberStatusRow>> member_status_rows(SQLite::Database& db,
                                                        std::int64_t organization_id,
                                                        std::int64_t after_id, std::size_t limit);

}  // namespace registre::store
