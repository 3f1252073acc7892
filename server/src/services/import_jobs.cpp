#include "services/import_jobs.hpp"

#include <algorithm>
#include <atomic>
#include <vector>

#include "crypto/sodium.hpp"

namespace registre::services {

struct ImportJobs::Job {
  std::int64_t organization_id = 0;
  std::string owner;  // the actor's audit name
  std::atomic<std::size_t> rows_done{0};
  std::optional<std::chrono::steady_clock::time_point> finished;  // guarded by ImportJobs::mutex_
  ImportJobStatus status;                                         // guarded by ImportJobs::mutex_
};

void ImportJobs::forget_old_locked() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::pair<std::chrono::steady_clock::time_point, std::string>> finished;
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    const auto& job = *it->second;
    if (job.finished && now - *job.finished > kKeptFor) {
      it = jobs_.erase(it);
      continue;
    }
    if (job.finished) finished.emplace_back(*job.finished, it->first);
    ++it;
  }
  std::sort(finished.begin(), finished.end());
  for (std::size_t i = 0; i + kMaxKept < finished.size(); ++i)
    jobs_.erase(finished[i].second);
}

Result<ImportJobStatus> ImportJobs::start(const RequestInfo& request, PreparedImport prepared) {
  auto job = std::make_shared<Job>();
  job->organization_id = prepared.context.organization_id;
  job->owner = request.actor.audit_name();
  job->status.id = crypto::random_hex(16);
  job->status.state = "queued";
  job->status.rows_total = prepared.rows.size();
  job->status.started_at = format_utc(clock_.now());
  {
    std::lock_guard lock(mutex_);
    forget_old_locked();
    std::size_t unfinished = 0;
    for (const auto& [id, other] : jobs_)
      unfinished += other->finished ? 0 : 1;
    if (unfinished >= kMaxUnfinished) {
      Error e = make_error(ErrorKind::conflict, "conflict", "too many imports in progress");
      e.fields.push_back({"async", "import-in-progress"});
      return e;
    }
    jobs_.emplace(job->status.id, job);
  }
  auto input = std::make_shared<PreparedImport>(std::move(prepared));
  const ImportJobStatus first = job->status;
  const bool queued = run_later_([this, job, input, request] {
    {
      std::lock_guard lock(mutex_);
      job->status.state = "running";
    }
    auto report = imports_.execute(request, std::move(*input),
                                   [job](std::size_t done) { job->rows_done = done; });
    std::lock_guard lock(mutex_);
    if (report) {
      job->status.state = "done";
      job->status.report = std::move(report).value();
    } else {
      job->status.state = "failed";
      job->status.error = std::move(report).error();
    }
    job->finished = std::chrono::steady_clock::now();
  });
  if (!queued) {
    std::lock_guard lock(mutex_);
    jobs_.erase(first.id);
    return make_error(ErrorKind::unavailable, "unavailable", "the service is stopping");
  }
  return first;
}

Result<ImportJobStatus> ImportJobs::status(const RequestInfo& request, std::int64_t organization_id,
                                           const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  const bool visible =
      it != jobs_.end() && it->second->organization_id == organization_id &&
      (it->second->owner == request.actor.audit_name() || request.roles.has(auth::Role::admin));
  if (!visible) return make_error(ErrorKind::not_found, "not-found", "no such import");
  ImportJobStatus out = it->second->status;
  out.rows_done = it->second->rows_done;
  return out;
}

}  // namespace registre::services
