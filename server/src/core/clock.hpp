#pragma once
// The clock is injected so that dates (dues, retention, audit) are testable at any instant.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace registre {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

// A clock that only moves when told to.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(std::chrono::milliseconds(now_.load())); }
  void advance(std::chrono::milliseconds by) { now_ += by.count(); }

 private:
  std::atomic<std::int64_t> now_;
};

// RFC 3339 UTC with milliseconds, e.g. 2026-11-29T01:02:03.456Z.
std::string format_utc(TimePoint t);

}  // namespace registre
