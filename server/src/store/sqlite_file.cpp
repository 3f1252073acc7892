#include "store/sqlite_file.hpp"

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "store/sqlite_error.hpp"

namespace registre::store {
namespace fs = std::filesystem;
namespace {

void remove_database_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"})
    fs::remove(path + suffix, ec);
}

}  // namespace

Result<OnlineCopy> copy_database_online(const std::string& source, const std::string& destination,
                                        int pages_per_step) {
  std::error_code ec;
  if (!fs::exists(source, ec))
    return make_error(ErrorKind::not_found, "not-found", "no database at " + source);
  if (fs::exists(destination, ec)) return unavailable_error(destination + " exists already");
  OnlineCopy copy;
  try {
    SQLite::Database from(source, SQLite::OPEN_READWRITE);
    from.setBusyTimeout(5000);
    SQLite::Database to(destination, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    // One read transaction around the whole copy: the copy is that snapshot. Without it each step
    // reads the latest state, and a write between steps restarts the copy from the first page
    // (forever, on a busy register).
    from.exec("BEGIN DEFERRED");
    from.execAndGet("SELECT count(*) FROM sqlite_schema");
    sqlite3_backup* backup = sqlite3_backup_init(to.getHandle(), "main", from.getHandle(), "main");
    if (!backup) {
      const std::string why = sqlite3_errmsg(to.getHandle());
      from.exec("COMMIT");
      remove_database_files(destination);
      return unavailable_error("cannot start the copy of " + source + ": " + why);
    }
    int rc = SQLITE_OK;
    int busy_waits = 0;
    while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      rc = sqlite3_backup_step(backup, pages_per_step);
      ++copy.steps;
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (++busy_waits > 500) break;  // 10 s without progress
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    copy.pages = sqlite3_backup_pagecount(backup);
    sqlite3_backup_finish(backup);
    from.exec("COMMIT");
    if (rc != SQLITE_DONE) {
      remove_database_files(destination);
      return unavailable_error("the copy of " + source + " failed: " + sqlite3_errstr(rc));
    }
    // The copy carries the source's WAL flag; a backup is better as one file.
    to.exec("PRAGMA journal_mode = DELETE");
  } catch (const SQLite::Exception& e) {
    remove_database_files(destination);
    return from_sqlite(e, "copying the database");
  }
  return copy;
}

Result<std::string> integrity_check(const std::string& path) {
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement check(db, "PRAGMA integrity_check(10)");
    std::string result;
    while (check.executeStep()) {
      if (!result.empty()) result += "; ";
      result += check.getColumn(0).getString();
    }
    return result;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "checking a database's integrity");
  }
}

Result<int> schema_version_of(const std::string& path) {
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    return db.execAndGet("PRAGMA user_version").getInt();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a database's schema version");
  }
}

Status check_not_in_use(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return ok_status();
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.setBusyTimeout(0);
    db.exec("PRAGMA locking_mode = EXCLUSIVE");
    try {
      db.exec("BEGIN EXCLUSIVE");
    } catch (const SQLite::Exception& e) {
      const int code = e.getErrorCode();
      if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        return make_error(ErrorKind::conflict, "database-in-use",
                          path +
                              " is open by another process (is registre-server still "
                              "running?): stop it first");
      }
      throw;
    }
    db.exec("ROLLBACK");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    // A file that is no database, or a damaged one, is what a restore is for; no service can
    // have it open (it checks the file at start).
    if (e.getErrorCode() == SQLITE_NOTADB || e.getErrorCode() == SQLITE_CORRUPT) return ok_status();
    return from_sqlite(e, "checking that the database is not in use");
  }
}

}  // namespace registre::store
