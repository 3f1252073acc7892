#include "domain/membership_period.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;

namespace {

Date d(int y, unsigned m, unsigned day) {
  return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{day};
}

MembershipTerms calendar_year() {
  return {PeriodKind::calendar_year};
}
MembershipTerms season(int start_month) {
  return {PeriodKind::season, start_month};
}
MembershipTerms rolling(int months) {
  return {PeriodKind::rolling_months, 9, months};
}

std::vector<std::string> fields(const MembershipTerms& terms) {
  std::vector<std::string> names;
  for (const auto& e : validate_terms(terms))
    names.push_back(e.field);
  return names;
}

}  // namespace

TEST_CASE("terms: each kind checks only the number it uses") {
  CHECK(fields(calendar_year()).empty());
  CHECK(fields({PeriodKind::lifetime, 0, 0}).empty());
  CHECK(fields(season(1)).empty());
  CHECK(fields(season(12)).empty());
  CHECK(fields(season(0)) == std::vector<std::string>{"seasonStartMonth"});
  CHECK(fields(season(13)) == std::vector<std::string>{"seasonStartMonth"});
  CHECK(fields({PeriodKind::season, 9, 0}).empty());
  CHECK(fields(rolling(1)).empty());
  CHECK(fields(rolling(120)).empty());
  CHECK(fields(rolling(0)) == std::vector<std::string>{"rollingMonths"});
  CHECK(fields(rolling(121)) == std::vector<std::string>{"rollingMonths"});
  CHECK(fields(rolling(-12)) == std::vector<std::string>{"rollingMonths"});
  CHECK(fields({PeriodKind::rolling_months, 0, 12}).empty());
  CHECK(fields({static_cast<PeriodKind>(7)}) == std::vector<std::string>{"period"});
}

TEST_CASE("calendar year: always 31 December of the start's year") {
  CHECK(period_end(calendar_year(), d(2026, 1, 1)) == d(2026, 12, 31));
  CHECK(period_end(calendar_year(), d(2026, 9, 15)) == d(2026, 12, 31));
  CHECK(period_end(calendar_year(), d(2026, 12, 31)) == d(2026, 12, 31));
  CHECK(period_end(calendar_year(), d(2024, 2, 29)) == d(2024, 12, 31));
}

TEST_CASE("season September-August: the boundary is between 31/08 and 01/09") {
  CHECK(period_end(season(9), d(2026, 9, 15)) == d(2027, 8, 31));
  CHECK(period_end(season(9), d(2026, 8, 15)) == d(2026, 8, 31));
  CHECK(period_end(season(9), d(2026, 8, 31)) == d(2026, 8, 31));
  CHECK(period_end(season(9), d(2026, 9, 1)) == d(2027, 8, 31));
  CHECK(period_end(season(9), d(2027, 1, 10)) == d(2027, 8, 31));
  CHECK(period_end(season(9), d(2026, 12, 31)) == d(2027, 8, 31));
}

TEST_CASE("other seasons: January is the calendar year, October ends on 30 September") {
  CHECK(period_end(season(1), d(2026, 1, 1)) == d(2026, 12, 31));
  CHECK(period_end(season(1), d(2026, 12, 31)) == d(2026, 12, 31));
  CHECK(period_end(season(10), d(2026, 9, 30)) == d(2026, 9, 30));
  CHECK(period_end(season(10), d(2026, 10, 1)) == d(2027, 9, 30));
  // A season starting in March ends on the last day of February, leap or not.
  CHECK(period_end(season(3), d(2023, 3, 1)) == d(2024, 2, 29));
  CHECK(period_end(season(3), d(2024, 3, 1)) == d(2025, 2, 28));
  CHECK(period_end(season(3), d(2024, 2, 29)) == d(2024, 2, 29));
  CHECK(period_end(season(12), d(2026, 11, 30)) == d(2026, 11, 30));
  CHECK(period_end(season(12), d(2026, 12, 1)) == d(2027, 11, 30));
}

TEST_CASE("season_containing: first day, last day and label") {
  auto s = season_containing(9, d(2026, 9, 1));
  CHECK(s.first == d(2026, 9, 1));
  CHECK(s.last == d(2027, 8, 31));
  CHECK(s.label == "2026-2027");
  s = season_containing(9, d(2026, 8, 31));
  CHECK(s.first == d(2025, 9, 1));
  CHECK(s.last == d(2026, 8, 31));
  CHECK(s.label == "2025-2026");
  s = season_containing(9, d(2027, 1, 1));
  CHECK(s.first == d(2026, 9, 1));
  CHECK(s.label == "2026-2027");
  s = season_containing(1, d(2026, 6, 15));
  CHECK(s.first == d(2026, 1, 1));
  CHECK(s.last == d(2026, 12, 31));
  CHECK(s.label == "2026");
  s = season_containing(2, d(2026, 1, 31));
  CHECK(s.first == d(2025, 2, 1));
  CHECK(s.last == d(2026, 1, 31));
  CHECK(s.label == "2025-2026");
  s = season_containing(12, d(2026, 12, 31));
  CHECK(s.first == d(2026, 12, 1));
  CHECK(s.last == d(2027, 11, 30));
  CHECK(s.label == "2026-2027");
}

TEST_CASE("rolling months: the day before the same day N months later") {
  CHECK(period_end(rolling(12), d(2026, 9, 15)) == d(2027, 9, 14));
  CHECK(period_end(rolling(12), d(2026, 1, 1)) == d(2026, 12, 31));
  CHECK(period_end(rolling(1), d(2026, 1, 1)) == d(2026, 1, 31));
  CHECK(period_end(rolling(1), d(2026, 12, 15)) == d(2027, 1, 14));
  CHECK(period_end(rolling(6), d(2026, 8, 1)) == d(2027, 1, 31));
  CHECK(period_end(rolling(3), d(2026, 3, 1)) == d(2026, 5, 31));
  CHECK(period_end(rolling(120), d(2026, 3, 10)) == d(2036, 3, 9));
  CHECK(period_end(rolling(24), d(2026, 1, 1)) == d(2027, 12, 31));
}

TEST_CASE("rolling months from the 29th to the 31st: to the end of a shorter month") {
  CHECK(period_end(rolling(1), d(2026, 1, 28)) == d(2026, 2, 27));
  CHECK(period_end(rolling(1), d(2026, 1, 29)) == d(2026, 2, 28));
  CHECK(period_end(rolling(1), d(2026, 1, 30)) == d(2026, 2, 28));
  CHECK(period_end(rolling(1), d(2026, 1, 31)) == d(2026, 2, 28));
  CHECK(period_end(rolling(1), d(2028, 1, 31)) == d(2028, 2, 29));
  CHECK(period_end(rolling(1), d(2028, 1, 29)) == d(2028, 2, 28));
  CHECK(period_end(rolling(1), d(2026, 3, 31)) == d(2026, 4, 30));
  CHECK(period_end(rolling(1), d(2026, 5, 31)) == d(2026, 6, 30));
  CHECK(period_end(rolling(1), d(2026, 8, 31)) == d(2026, 9, 30));
  CHECK(period_end(rolling(2), d(2026, 7, 31)) == d(2026, 9, 30));
  // 31 days back to a 31-day month: the day exists, so the day before it.
  CHECK(period_end(rolling(2), d(2026, 1, 31)) == d(2026, 3, 30));
  CHECK(period_end(rolling(12), d(2026, 1, 31)) == d(2027, 1, 30));
}

TEST_CASE("rolling months from a leap day") {
  CHECK(period_end(rolling(12), d(2024, 2, 29)) == d(2025, 2, 28));
  CHECK(period_end(rolling(48), d(2024, 2, 29)) == d(2028, 2, 28));
  CHECK(period_end(rolling(1), d(2024, 2, 29)) == d(2024, 3, 28));
  CHECK(period_end(rolling(12), d(2023, 2, 28)) == d(2024, 2, 27));
  CHECK(period_end(rolling(12), d(2023, 3, 1)) == d(2024, 2, 29));
  CHECK(period_end(rolling(12), d(2024, 3, 1)) == d(2025, 2, 28));
}

TEST_CASE("rolling months: every start over three years ends later than the one before") {
  for (int months : {1, 2, 6, 12, 13}) {
    INFO(months);
    std::chrono::sys_days day{d(2024, 1, 1)};
    auto previous = *period_end(rolling(months), Date{day});
    int wrong = 0;
    for (int i = 0; i < 3 * 366; ++i) {
      day += std::chrono::days{1};
      const auto end = *period_end(rolling(months), Date{day});
      // A real date, after the start, and not before the previous start's end.
      if (!end.ok() || end < previous || std::chrono::sys_days{end} <= day) ++wrong;
      previous = end;
    }
    CHECK(wrong == 0);
  }
}

TEST_CASE("lifetime never ends") {
  CHECK_FALSE(period_end({PeriodKind::lifetime}, d(2026, 9, 15)).has_value());
  CHECK_FALSE(period_end({PeriodKind::lifetime}, d(2024, 2, 29)).has_value());
}
