#pragma once
// Calendar dates in an organisation's time zone ("is today the 1st of September in Paris?").
// GCC 12's libstdc++ has no std::chrono::tzdb, and setting TZ for localtime_r is not
// thread-safe, so this reads the system's TZif files (RFC 8536) itself.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace registre {

class TimeZone {
 public:
  // Loads <zoneinfo_dir>/<name>: TZif version 1, or 2 and later (the 64-bit block is used); after
  // the last transition, the POSIX TZ footer (e.g. "CET-1CEST,M3.5.0,M10.5.0/3") decides.
  // The name must match ^[A-Za-z]+(/[A-Za-z0-9_+-]+){0,2}$, so no arbitrary path is ever
  // opened; the resolved file must also lie inside zoneinfo_dir ("localtime", a link to the
  // host's zone, is refused). Errors: invalid (bad name, or a zone with leap seconds, as in
  // "right/..."), not_found (no such zone, or not a TZif file), internal (a corrupt TZif file).
  static Result<TimeZone> load(const std::string& name,
                               const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

  // Local time minus UTC at that instant, e.g. +1 h for Paris in winter.
  std::chrono::seconds utc_offset(std::chrono::sys_seconds instant) const;
  // The calendar date on the wall at that instant.
  std::chrono::year_month_day local_date(TimePoint instant) const;
  const std::string& name() const { return name_; }

  struct PosixRule;  // the TZif footer, opaque here (defined in timezone.cpp)

 private:
  TimeZone() = default;
  std::int32_t offset_at(std::int64_t utc_seconds) const;

  std::string name_;
  std::vector<std::int64_t> transitions_;    // UTC seconds, strictly ascending
  std::vector<std::int32_t> offsets_;        // offset in force from each transition
  std::int32_t initial_offset_ = 0;          // before the first transition (time type 0)
  std::shared_ptr<const PosixRule> footer_;  // after the last transition, when present
};

// The zone for a name, loaded once per process from /usr/share/zoneinfo and shared
// (thread-safe: zone files do not change while the server runs). Failures are not cached.
Result<std::shared_ptr<const TimeZone>> time_zone(const std::string& name);

}  // namespace registre
