#pragma once
// Whole-file operations on a SQLite database, for `registre-server backup` and `restore`: a
// consistent copy taken while the service writes (SQLite's online backup API), the checks run on
// a copy, and the test that no one has a file open before it is replaced.

#include <string>

#include "core/result.hpp"

namespace registre::store {

struct OnlineCopy {
  int pages = 0;  // pages copied
  int steps = 0;  // calls to sqlite3_backup_step
};

// Copies the database at `source` into `destination` (which must not exist) while other
// connections, in this process or another, keep reading and writing it. The copy is one
// snapshot: every transaction committed before the copy started is in it, none that commits
// after. It is taken `pages_per_step` pages at a time; in WAL mode writers never wait for it.
// The copy is left in rollback-journal mode, one self-contained file. not_found when `source`
// does not exist; the partial destination is removed on failure.
Result<OnlineCopy> copy_database_online(const std::string& source, const std::string& destination,
                                        int pages_per_step);

// `PRAGMA integrity_check`: "ok", or the first problems it reports (at most 10 lines).
Result<std::string> integrity_check(const std::string& path);

// `PRAGMA user_version`: the schema version the migrations reached.
Result<int> schema_version_of(const std::string& path);

// conflict ("database-in-use") when another connection has the database open (the service
// running): an exclusive lock is tried without waiting, then released. ok when it does not exist.
Status check_not_in_use(const std::string& path);

}  // namespace registre::store
