#pragma once
// The organizations table.

#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"
#include "domain/organization.hpp"

namespace registre::store {

// Inserts and returns the new id. REQUIRES: a WriteTransaction is open on `db`.
// A duplicate slug gives `conflict`.
Result<std::int64_t> insert_organization(SQLite::Database& db, const domain::Organization& o);

// All organisations, by name (archived ones included: callers filter).
Result<std::vector<domain::Organization>> list_organizations(SQLite::Database& db);

Result<std::int64_t> count_organizations(SQLite::Database& db);

}  // namespace registre::store
