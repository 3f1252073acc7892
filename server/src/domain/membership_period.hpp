#pragma once
// What a membership type covers: a calendar year, a season (e.g. September to August), a number
// of months from the day it starts, or a lifetime. Dates are calendar days in the
// organisation's time zone (see core/timezone.hpp); every bound here is inclusive.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace registre::domain {

using Date = std::chrono::year_month_day;

enum class PeriodKind { calendar_year, season, rolling_months, lifetime };

struct MembershipTerms {
  PeriodKind kind = PeriodKind::calendar_year;
  int season_start_month = 9;  // season only: 1-12, e.g. 9 for September to August
  int rolling_months = 12;     // rolling_months only: 1-120
};

// Field errors ("period", "seasonStartMonth", "rollingMonths"); empty when valid. A field is
// checked only for the kind that uses it: a lifetime type may carry any rolling_months.
std::vector<FieldError> validate_terms(const MembershipTerms& terms);

// The last day covered by a membership starting on `start`; nullopt for lifetime (never ends).
// - calendar_year: 31 December of start's year.
// - season: the day before the next season start after `start` (with September seasons, a
//   start on 15/09/2026 ends 31/08/2027, a start on 15/08/2026 ends 31/08/2026).
// - rolling_months N: the day before the same day N months later. When that day does not exist
//   (29 February, the 29th to 31st), the membership runs to the end of that shorter month:
//   15/09/2026 + 12 months ends 14/09/2027, 29/02/2024 + 12 months ends 28/02/2025, and
//   29/01/2026 to 31/01/2026 + 1 month all end 28/02/2026 (28/01/2026 ends 27/02/2026).
// REQUIRES: start.ok() and validate_terms(terms) is empty (out-of-range numbers are clamped).
std::optional<Date> period_end(const MembershipTerms& terms, Date start);

// The season containing a day: its first and last days, and a label, "2026-2027" for seasons
// that start after January and "2026" for seasons starting in January (calendar years).
struct Season {
  Date first;
  Date last;
  std::string label;
};
// REQUIRES: day.ok(); season_start_month is clamped to 1-12.
Season season_containing(int season_start_month, Date day);

}  // namespace registre::domain
