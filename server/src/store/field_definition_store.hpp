#pragma once
// The field_definitions table.

#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"
#include "domain/custom_field.hpp"

namespace registre::store {

// REQUIRES: a WriteTransaction is open. A duplicate key gives `conflict`.
Result<std::int64_t> insert_field_definition(SQLite::Database& db, const domain::FieldDefinition& d);
Result<std::vector<domain::FieldDefinition>> list_field_definitions(SQLite::Database& db, std::int64_t organization_id);

}  // namespace registre::store
