#include "jobs/job_runner.hpp"

#include <algorithm>
#include <exception>

#include "core/log.hpp"

namespace registre::jobs {

JobRunner::JobRunner() : thread_([this] { run(); }) {}

JobRunner::~JobRunner() { stop(); }

bool JobRunner::enqueue(std::string name, std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    queue_.emplace_back(std::move(name), std::move(job));
  }
  changed_.notify_all();
  return true;
}

void JobRunner::every(std::string name, std::chrono::milliseconds interval, std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    periodic_.push_back({std::move(name), interval, std::move(job), std::chrono::steady_clock::now()});
  }
  changed_.notify_all();
}

void JobRunner::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    if (!queue_.empty()) log::warn("jobs dropped at shutdown", {{"count", queue_.size()}});
    queue_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobRunner::drain() {
  std::unique_lock lock(mutex_);
  // Periodic jobs already due count as queued: right after every() the first run is not in the
  // queue yet, and a caller that drains expects it done.
  changed_.wait(lock, [&] {
    const auto now = std::chrono::steady_clock::now();
    const bool none_due = std::none_of(periodic_.begin(), periodic_.end(),
                                       [&](const Periodic& p) { return p.due <= now; });
    return (queue_.empty() && !busy_ && none_due) || stopping_;
  });
}

void JobRunner::run() {
  for (;;) {
    std::pair<std::string, std::function<void()>> job;
    {
      std::unique_lock lock(mutex_);
      for (;;) {
        if (stopping_) return;
        // Periodic jobs that are due join the queue; then wait for work or the next due time.
        const auto now = std::chrono::steady_clock::now();
        auto next_due = now + std::chrono::hours(24);
        for (auto& p : periodic_) {
          if (p.due <= now) {
            queue_.emplace_back(p.name, p.job);
            p.due = now + p.interval;
          }
          next_due = std::min(next_due, p.due);
        }
        if (!queue_.empty()) break;
        changed_.wait_until(lock, next_due);
      }
      job = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    try {
      job.second();
    } catch (const std::exception& e) {
      log::error("job failed", {{"job", job.first}, {"error", e.what()}});
    } catch (...) {
      log::error("job failed", {{"job", job.first}});
    }
    {
      std::lock_guard lock(mutex_);
      busy_ = false;
    }
    changed_.notify_all();
  }
}

}  // namespace registre::jobs
