#include "store/migrations.hpp"

#include <string>

#include "core/log.hpp"
#include "store/sqlite_error.hpp"
#include "store/transaction.hpp"

namespace registre::store {

namespace {

Error newer_database(int current, int latest) {
  return make_error(ErrorKind::conflict, "invalid-configuration",
                    "the database has schema version " + std::to_string(current) +
                        " but this registre-server knows versions up to " + std::to_string(latest) +
                        "; it was written by a newer Registre: install that version again");
}

}  // namespace

Result<int> apply_migrations(SQLite::Database& db, const std::vector<Migration>& migrations) {
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  try {
    for (const Migration& m : migrations) {
      WriteTransaction tx(db);
      // Read the version inside the write transaction: two processes starting together must not
      // both apply the same migration.
      const int current = db.execAndGet("PRAGMA user_version").getInt();
      if (current > latest) return newer_database(current, latest);
      if (m.version <= current) continue;
      if (m.version != current + 1) {
        return make_error(ErrorKind::internal, "internal",
                          "migration " + std::string(m.name) + " does not follow version " +
                              std::to_string(current));
      }
      db.exec(m.sql);
      db.exec("PRAGMA user_version = " + std::to_string(m.version));
      tx.commit();
      log::info("schema migrated", {{"migration", m.name}, {"version", m.version}});
    }
    const int current = db.execAndGet("PRAGMA user_version").getInt();
    if (current > latest) return newer_database(current, latest);
    return current;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "applying migrations");
  }
}

}  // namespace registre::store
