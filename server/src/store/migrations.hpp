#pragma once
// Schema migrations: schema/NNNN_name.sql, embedded into the binary at build time
// (cmake/embed_migrations.cmake), applied in order, each in its own transaction, and tracked
// with PRAGMA user_version.

#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"

namespace registre::store {

struct Migration {
  int version;       // 1, 2, 3 ... without gaps
  const char* name;  // file name without extension, e.g. 0001_foundation
  const char* sql;
};

const std::vector<Migration>& embedded_migrations();

// Brings the database to the last migration's version and returns that version. A database
// whose user_version is higher than the last known migration was written by a newer Registre:
// it is refused (`conflict`), untouched, because this binary cannot know its meaning.
Result<int> apply_migrations(SQLite::Database& db, const std::vector<Migration>& migrations);

}  // namespace registre::store
