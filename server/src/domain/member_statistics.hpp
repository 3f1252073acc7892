#pragma once
// What an anonymised member leaves for the annual report: figures that no longer name anyone
// (birth year, French département, years of joining and leaving, number of years of membership).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar_date.hpp"

namespace registre::domain {

struct MemberStatistics {
  std::optional<int> birth_year;
  std::optional<std::string> department;
  std::optional<int> joined_year;
  std::optional<int> left_year;
  int membership_years = 0;
};

// The département of a French postcode: the first two digits ("75011" -> "75"), "2A" or "2B" for
// Corsica (20000-20199, 20200-20699), three digits overseas ("97110" -> "971"). nullopt when
// the country is set and is not France, or the postcode is not five digits.
std::optional<std::string> french_department(std::string_view postcode, std::string_view country);

struct StatisticsInput {
  std::optional<Date> birth_date;
  std::string postcode, country;
  std::optional<Date> admitted_on, left_on;
  std::vector<Date> membership_starts;  // one per membership (a year counts once)
};
MemberStatistics statistics_of(const StatisticsInput& input);

}  // namespace registre::domain
