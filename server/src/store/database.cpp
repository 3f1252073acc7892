#include "store/database.hpp"

#include "core/log.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {

Database::Lease::~Lease() {
  if (owner_ && connection_) owner_->give_back(std::move(connection_));
}

std::unique_ptr<SQLite::Database> Database::open_connection() const {
  auto db = std::make_unique<SQLite::Database>(
      options_.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
  db->setBusyTimeout(static_cast<int>(options_.busy_timeout.count()));
  // Per-connection settings. secure_delete: erased rows leave no bytes behind in the file.
  db->exec("PRAGMA foreign_keys = ON");
  db->exec("PRAGMA synchronous = NORMAL");
  db->exec("PRAGMA secure_delete = ON");
  return db;
}

Result<std::unique_ptr<Database>> Database::open(const DatabaseOptions& options,
                                                 const std::vector<Migration>& migrations) {
  std::unique_ptr<Database> database(new Database(options));
  if (options.path == ":memory:") database->options_.max_connections = 1;
  try {
    auto first = database->open_connection();
    if (options.path != ":memory:") {
      // WAL is a property of the file: set once, and check it took (it fails on some filesystems).
      const std::string mode = first->execAndGet("PRAGMA journal_mode = WAL").getString();
      if (mode != "wal") {
        return make_error(ErrorKind::unavailable, "unavailable",
                          "the database could not switch to WAL mode (got '" + mode + "')");
      }
    }
    const std::string check = first->execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") {
      return make_error(ErrorKind::unavailable, "unavailable",
                        "the database failed its integrity check: " + check);
    }
    auto version = apply_migrations(*first, migrations);
    if (!version) return std::move(version).error();
    database->schema_version_ = version.value();
    database->opened_ = 1;
    database->idle_.push_back(std::move(first));
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "opening the database");
  }
  return database;
}

Result<Database::Lease> Database::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || opened_ < options_.max_connections; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
  }
  ++opened_;
  lock.unlock();
  try {
    return Lease(*this, open_connection());
  } catch (const SQLite::Exception& e) {
    lock.lock();
    --opened_;
    available_.notify_one();
    return from_sqlite(e, "opening a database connection");
  }
}

void Database::give_back(std::unique_ptr<SQLite::Database> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

Database::~Database() {
  std::lock_guard lock(mutex_);
  if (idle_.size() != opened_) {
    log::error("database closed while connections are still leased",
               {{"leased", opened_ - idle_.size()}});
  }
  idle_.clear();  // closes the connections; the last close checkpoints the WAL
}

}  // namespace registre::store
