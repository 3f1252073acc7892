#include "store/read_only_database.hpp"

#include <filesystem>

#include "store/sqlite_error.hpp"

namespace registre::store {

Result<std::unique_ptr<SQLite::Database>> open_read_only(const std::string& path,
                                                         int minimum_schema) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return make_error(ErrorKind::not_found, "not-found", "no database at " + path);
  }
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY);
    db->setBusyTimeout(5000);
    const int version = db->execAndGet("PRAGMA user_version").getInt();
    if (version < minimum_schema) {
      return make_error(ErrorKind::invalid, "invalid",
                        "the database has schema version " + std::to_string(version) +
                            "; the consent ledger needs " + std::to_string(minimum_schema) +
                            " (start registre-server once to migrate it)");
    }
    return db;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "opening the database read-only");
  }
}

}  // namespace registre::store
