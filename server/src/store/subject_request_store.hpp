#pragma once
// Data-subject request cases.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <vector>

#include "core/result.hpp"
#include "domain/subject_request.hpp"

namespace registre::store {

// REQUIRES: a WriteTransaction is open.
Result<std::int64_t> insert_subject_request(SQLite::Database& db, const domain::SubjectRequest& r);

// Writes the case's state when the stored version is still `r.version - 1`; conflict otherwise.
// REQUIRES: a WriteTransaction is open.
Status update_subject_request(SQLite::Database& db, const domain::SubjectRequest& r);

// not_found when the organisation has no such case.
Result<domain::SubjectRequest> get_subject_request(SQLite::Database& db,
                                                   std::int64_t organization_id, std::int64_t id);

// `open_only`: open and extended cases; else every case. Earliest due date first.
Result<std::vector<domain::SubjectRequest>> list_subject_requests(SQLite::Database& db,
                                                                  std::int64_t organization_id,
                                                                  bool open_only);

// The cases about one member, oldest receipt first.
Result<std::vector<domain::SubjectRequest>> subject_requests_of(SQLite::Database& db,
                                                                std::int64_t organization_id,
                                                                std::int64_t member_id);

}  // namespace registre::store
