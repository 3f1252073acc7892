#include "services/retention_dates.hpp"

#include <cstdio>

namespace registre::services {
namespace {

using namespace std::chrono;

// The UTC instant of local midnight starting `day` (the offset of the instant itself decides:
// a zone whose offset changes at midnight is handled by asking twice).
sys_seconds local_midnight(const TimeZone& zone, domain::Date day) {
  const sys_seconds wall{sys_days{day}};
  const sys_seconds guess = wall - zone.utc_offset(wall);
  return wall - zone.utc_offset(guess);
}

}  // namespace

store::DueBound due_bound(const TimeZone& zone, domain::Date last_date) {
  const domain::Date next{sys_days{last_date} + days{1}};
  return {domain::format_iso(last_date),
          format_utc(time_point_cast<milliseconds>(local_midnight(zone, next)))};
}

std::optional<domain::Date> local_date_of(const TimeZone& zone, const std::string& stored) {
  if (stored.size() == 10) return domain::parse_date(stored);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (stored.size() < 20 ||
      std::sscanf(stored.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  const sys_seconds instant = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s};
  return zone.local_date(time_point_cast<milliseconds>(instant));
}

int local_minutes(const TimeZone& zone, TimePoint now) {
  const sys_seconds at = time_point_cast<seconds>(now);
  const auto local = at + zone.utc_offset(at);
  const auto since_midnight = local - floor<days>(local);
  return static_cast<int>(duration_cast<minutes>(since_midnight).count());
}

}  // namespace registre::services
