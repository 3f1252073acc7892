#pragma once
// The SQLite database: one file in APP_PERSISTENT_STORAGE, WAL mode, and a pool of connections
// (one per concurrent user, opened lazily) so HTTP threads and the job runner never share one.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"
#include "store/migrations.hpp"

namespace registre::store {

struct DatabaseOptions {
  std::string path;  // a file path, or ":memory:" (then the pool holds a single connection)
  std::size_t max_connections = 16;
  std::chrono::milliseconds busy_timeout{5000};
};

class Database {
 public:
  // A connection borrowed from the pool; given back when the lease ends.
  class Lease {
   public:
    Lease(Database& owner, std::unique_ptr<SQLite::Database> connection)
        : owner_(&owner), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    SQLite::Database& db() { return *connection_; }

   private:
    Database* owner_;
    std::unique_ptr<SQLite::Database> connection_;
  };

  // Opens (creating if needed) the database, checks it is usable, and applies the migrations.
  static Result<std::unique_ptr<Database>> open(const DatabaseOptions& options,
                                                const std::vector<Migration>& migrations);

  // Waits for a free connection when all are in use; opens a new one if the pool may grow.
  Result<Lease> acquire();

  int schema_version() const { return schema_version_; }
  const std::string& path() const { return options_.path; }

  ~Database();

 private:
  explicit Database(DatabaseOptions options) : options_(std::move(options)) {}
  std::unique_ptr<SQLite::Database> open_connection() const;
  void give_back(std::unique_ptr<SQLite::Database> connection);

  DatabaseOptions options_;
  int schema_version_ = 0;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SQLite::Database>> idle_;
  std::size_t opened_ = 0;
};

}  // namespace registre::store
