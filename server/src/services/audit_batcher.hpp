#pragma once
// Group commit of audit entries for reads. Every list page and every member read is audited;
// when each appended its entry in its own write transaction, concurrent readers queued on
// SQLite's write lock and slept in its busy handler (docs/performance.md). Here the first caller
// writes the entries of everyone waiting at that moment in one transaction, while the next ones
// gather; each caller returns only once its own entry is committed, so no entry is ever lost or
// acknowledged before it is durable.

#include <SQLiteCpp/Database.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "domain/audit_entry.hpp"

namespace registre::services {

class AuditBatcher {
 public:
  // Returns once `entry` is committed (or its batch failed). `connection` is the caller's own:
  // when the caller writes the batch, it writes with it (no second connection is taken from the
  // pool). REQUIRES: no transaction is open on `connection`.
  Status append(SQLite::Database& connection, domain::AuditEntry entry);

 private:
  struct Pending {
    domain::AuditEntry entry;
    std::optional<Status> result;
  };
  static Status write_batch(SQLite::Database& connection, const std::vector<Pending*>& batch);

  std::mutex mutex_;
  std::condition_variable committed_;
  std::vector<Pending*> waiting_;
  bool writing_ = false;
};

}  // namespace registre::services
