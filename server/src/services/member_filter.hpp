#pragma once
// The filters of a member list or export as the user asked for them (status, search, membership
// type, paid this season, custom field values), checked against the organisation's membership
// types and field definitions, and turned into the filter part of a store::MemberQuery. The list
// and the export share it, so an export is exactly the list the user was looking at.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/request_info.hpp"
#include "store/member_store.hpp"

namespace registre::services {

struct MemberFilter {
  std::vector<std::string> statuses;  // validated words (http/query_params.hpp)
  std::string search;                 // as typed
  std::vector<std::int64_t> type_ids;
  std::optional<bool> paid;  // true: a paid membership covers today; false: none does
  std::vector<std::pair<std::string, std::string>>
      custom;  // field key -> comma-separated values as typed
};

// The query parameter naming a custom field filter: field_<key>. Nextcloud's proxy turns dots in
// parameter names into underscores and renames brackets, so neither can carry the key.
inline constexpr const char* kCustomFilterPrefix = "field_";

// Fills the filter part of `query` (statuses, match, number, type_ids, paid, custom).
// Errors name the query parameter ("type", "field_<key>"), all at once.
// Filtering on a field classified sensitive would tell who holds a value: forbidden (403) unless
// `may_filter_sensitive` (callers pass may_read_sensitive(request)), and refused (422, naming the
// parameter) even then, since the values are sealed (services/sensitive_values.hpp).
// Returns the names of the filters used, for the audit entry: never the values.
Result<std::vector<std::string>> apply_member_filter(SQLite::Database& db,
                                                     std::int64_t organization_id,
                                                     const MemberFilter& filter,
                                                     bool may_filter_sensitive, const Clock& clock,
                                                     store::MemberQuery& query);

}  // namespace registre::services
