#include "domain/member_statistics.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace registre::domain {
namespace {

bool is_france(std::string_view country) {
  std::string folded;
  for (char c : country)
    folded.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return folded.empty() || folded == "fr" || folded == "fra" || folded == "france";
}

}  // namespace

std::optional<std::string> french_department(std::string_view postcode, std::string_view country) {
  if (!is_france(country)) return std::nullopt;
  std::string digits;
  for (char c : postcode) {
    if (c == ' ') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() != 5) return std::nullopt;
  if (digits.compare(0, 2, "20") == 0) return digits < "20200" ? "2A" : "2B";
  if (digits.compare(0, 2, "97") == 0 || digits.compare(0, 2, "98") == 0)
    return digits.substr(0, 3);
  if (digits.compare(0, 2, "00") == 0) return std::nullopt;
  return digits.substr(0, 2);
}

MemberStatistics statistics_of(const StatisticsInput& input) {
  MemberStatistics s;
  auto year_of = [](const std::optional<Date>& d) -> std::optional<int> {
    if (!d) return std::nullopt;
    return static_cast<int>(d->year());
  };
  s.birth_year = year_of(input.birth_date);
  s.department = french_department(input.postcode, input.country);
  s.joined_year = year_of(input.admitted_on);
  s.left_year = year_of(input.left_on);
  std::set<int> years;
  for (const Date& d : input.membership_starts)
    years.insert(static_cast<int>(d.year()));
  s.membership_years = static_cast<int>(years.size());
  return s;
}

}  // namespace registre::domain
