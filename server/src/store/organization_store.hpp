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

// `not_found` when there is no such organisation.
Result<domain::Organization> get_organization(SQLite::Database& db, std::int64_t id);

// Writes name and archived state when the stored version is still `o.version - 1`;
// `precondition_failed` otherwise. REQUIRES: a WriteTransaction is open.
Status update_organization(SQLite::Database& db, const domain::Organization& o, const std::string& now);

}  // namespace registre::store
