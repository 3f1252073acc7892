#pragma once
// How services name a member in the audit log, and find the member a path names.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "domain/member.hpp"

namespace registre::services {

// The audit subject of a member: its pseudonym, never its name or number.
inline std::string member_subject(const domain::Member& m) {
  return "member:" + m.pseudonym;
}

// The member named by the path, in the organisation named by the path. A member of another
// organisation is not found here (404), and the problem names `memberId`.
Result<domain::Member> member_in(SQLite::Database& db, std::int64_t organization_id,
                                 std::int64_t member_id);

}  // namespace registre::services
