#pragma once
// Imports run in the background (`async=true`), with their progress. The file is read and mapped
// before the request is answered (so a file that cannot be imported is refused at once); the
// lines then run on the job thread in one transaction, exactly as a synchronous import.
//
// State is kept in memory only, for the life of the process: a restart forgets the imports in
// progress and their reports (an import is one transaction, so nothing is left half done; the
// client sees 404 and imports again). Finished imports are kept for an hour, kMaxKept at most;
// at most kMaxUnfinished wait or run at a time (each holds its whole file in memory).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "services/import_service.hpp"

namespace registre::services {

struct ImportJobStatus {
  std::string id;
  std::string state;  // queued | running | done | failed
  std::size_t rows_total = 0;
  std::size_t rows_done = 0;
  std::string started_at;              // when it was queued (UTC)
  std::optional<ImportReport> report;  // when done: what the synchronous import answers
  std::optional<Error> error;          // when failed
};

class ImportJobs {
 public:
  static constexpr std::size_t kMaxUnfinished = 2;
  static constexpr std::size_t kMaxKept = 20;
  static constexpr std::chrono::hours kKeptFor{1};

  // `run_later(job)` queues job on the background thread; false once the service is stopping.
  ImportJobs(ImportService& imports, const Clock& clock,
             std::function<bool(std::function<void()>)> run_later)
      : imports_(imports), clock_(clock), run_later_(std::move(run_later)) {}

  // Queues the import and answers its first status. `conflict` when kMaxUnfinished imports are
  // already waiting or running; `unavailable` when the service is stopping.
  Result<ImportJobStatus> start(const RequestInfo& request, PreparedImport prepared);

  // The import's status, for the user who started it or an administrator, in the organisation
  // it was started in; `not_found` for anyone else and for unknown or forgotten ids.
  Result<ImportJobStatus> status(const RequestInfo& request, std::int64_t organization_id,
                                 const std::string& id) const;

 private:
  struct Job;
  void forget_old_locked();

  ImportService& imports_;
  const Clock& clock_;
  std::function<bool(std::function<void()>)> run_later_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
};

}  // namespace registre::services
