#include "domain/membership_period.hpp"

#include <algorithm>

namespace registre::domain {
namespace {

using std::chrono::sys_days;

Date day_before(Date d) {
  return Date{sys_days{d} - std::chrono::days{1}};
}

std::chrono::month month_number(int m) {
  return std::chrono::month{static_cast<unsigned>(std::clamp(m, 1, 12))};
}

}  // namespace

std::vector<FieldError> validate_terms(const MembershipTerms& terms) {
  std::vector<FieldError> errors;
  switch (terms.kind) {
    case PeriodKind::calendar_year:
    case PeriodKind::lifetime:
      break;
    case PeriodKind::season:
      if (terms.season_start_month < 1 || terms.season_start_month > 12) {
        errors.push_back({"seasonStartMonth", "a month from 1 to 12"});
      }
      break;
    case PeriodKind::rolling_months:
      if (terms.rolling_months < 1 || terms.rolling_months > 120) {
        errors.push_back({"rollingMonths", "a number of months from 1 to 120"});
      }
      break;
    default:  // a value cast from storage that names no kind
      errors.push_back({"period", "one of calendar year, season, rolling months, lifetime"});
  }
  return errors;
}

std::optional<Date> period_end(const MembershipTerms& terms, Date start) {
  switch (terms.kind) {
    case PeriodKind::calendar_year:
      return start.year() / std::chrono::December / 31;
    case PeriodKind::season:
      return season_containing(terms.season_start_month, start).last;
    case PeriodKind::rolling_months: {
      const auto later = std::chrono::year_month{start.year(), start.month()} +
                         std::chrono::months{std::clamp(terms.rolling_months, 1, 120)};
      const Date same_day = later / start.day();
      // No such day (30 February): the next membership would start on the 1st of the month
      // after, so this one covers the shorter month to its end.
      if (!same_day.ok()) return Date{later / std::chrono::last};
      return day_before(same_day);
    }
    case PeriodKind::lifetime:
      return std::nullopt;
  }
  return std::nullopt;
}

Season season_containing(int season_start_month, Date day) {
  const auto start_month = month_number(season_start_month);
  const auto first_year =
      day.month() >= start_month ? day.year() : day.year() - std::chrono::years{1};
  const Date first = first_year / start_month / 1;
  const Date last = day_before((first_year + std::chrono::years{1}) / start_month / 1);
  const int y = static_cast<int>(first_year);
  std::string label = std::to_string(y);
  if (start_month != std::chrono::January) label += "-" + std::to_string(y + 1);
  return {first, last, std::move(label)};
}

}  // namespace registre::domain
