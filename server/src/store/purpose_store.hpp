#pragma once
// Purposes and their published versions. REQUIRES for writes: a WriteTransaction is open.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "domain/purpose.hpp"

namespace registre::store {

// conflict when the organisation already has a purpose with this key.
Result<std::int64_t> insert_purpose(SQLite::Database& db, const domain::Purpose& p);
// Writes every field and bumps the version; precondition_failed unless `expected_version` is the
// stored one.
Status update_purpose(SQLite::Database& db, const domain::Purpose& p,
                      std::int64_t expected_version);
// not_found when the purpose is not the organisation's.
Result<domain::Purpose> get_purpose(SQLite::Database& db, std::int64_t organization_id,
                                    std::int64_t purpose_id);
Result<std::vector<domain::Purpose>> list_purposes(SQLite::Database& db,
                                                   std::int64_t organization_id);

// Publishes the next version number of the purpose; returns the stored version.
Result<domain::PurposeVersion> insert_purpose_version(SQLite::Database& db,
                                                      domain::PurposeVersion v);
Result<std::vector<domain::PurposeVersion>> list_purpose_versions(SQLite::Database& db,
                                                                  std::int64_t purpose_id);
// The latest version of each of the organisation's purposes (purposes without one are absent).
Result<std::vector<domain::PurposeVersion>> latest_purpose_versions(SQLite::Database& db,
                                                                    std::int64_t organization_id);
// Every version of the organisation's purposes (ledger verification checks their text hashes).
Result<std::vector<domain::PurposeVersion>> all_purpose_versions(SQLite::Database& db,
                                                                 std::int64_t organization_id);

}  // namespace registre::store
