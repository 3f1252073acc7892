#pragma once
// Lookups an import needs, and the provenance tables (import_batches, import_records).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"

namespace registre::store {

// The id of the member with this number, or with this (normalised) e-mail, in the organisation.
Result<std::optional<std::int64_t>> member_id_by_number(SQLite::Database& db, std::int64_t organization_id,
                                                       std::int64_t number);
Result<std::optional<std::int64_t>> member_id_by_email(SQLite::Database& db, std::int64_t organization_id,
                                                      const std::string& email);

struct ImportBatch {
  std::int64_t organization_id = 0;
  std::string file_name, file_hash, imported_at, imported_by;
  std::int64_t created = 0, updated = 0, unchanged = 0, skipped = 0;
};

// REQUIRES: a WriteTransaction is open.
Result<std::int64_t> insert_import_batch(SQLite::Database& db, const ImportBatch& batch);
Status insert_import_record(SQLite::Database& db, std::int64_t batch_id, std::int64_t member_id,
                            std::int64_t line, const std::string& outcome);
Status finish_import_batch(SQLite::Database& db, std::int64_t batch_id, const ImportBatch& counts);


// Where a member's record came from: each import line that created or updated it.
struct ImportProvenance {
  std::string file_name, file_hash, imported_at, imported_by;
  std::int64_t line = 0;
  std::string outcome;  // created | updated
};
// Oldest import first.
Result<std::vector<ImportProvenance>> import_provenance_of(SQLite::Database& db,
                                                           std::int64_t organization_id,
                                                           std::int64_t member_id);

}  // namespace registre::store
