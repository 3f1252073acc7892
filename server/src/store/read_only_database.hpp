#pragma once
// Opens the database file for an offline check (`registre-server verify-ledger`): read-only, no
// migration, so checking never changes what it checks, even beside a running service.

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>

#include "core/result.hpp"

namespace registre::store {

// not_found when there is no file; invalid when its schema is older than `minimum_schema`.
Result<std::unique_ptr<SQLite::Database>> open_read_only(const std::string& path,
                                                         int minimum_schema);

}  // namespace registre::store
