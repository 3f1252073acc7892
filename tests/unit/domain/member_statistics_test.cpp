#include "domain/member_statistics.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;

TEST_CASE("the département of a French postcode, and none abroad") {
  CHECK(french_department("75011", "") == "75");
  CHECK(french_department("01000", "FR") == "01");
  CHECK(french_department("20090", "France") == "2A");
  CHECK(french_department("20200", "FR") == "2B");
  CHECK(french_department("97110", "FR") == "971");
  CHECK(french_department("98800", "FR") == "988");
  CHECK(french_department("1000", "BE") == std::nullopt);
  CHECK(french_department("75011", "BE") == std::nullopt);
  CHECK(french_department("7501", "FR") == std::nullopt);
  CHECK(french_department("75O11", "FR") == std::nullopt);
  CHECK(french_department("00100", "FR") == std::nullopt);
}

TEST_CASE("statistics keep years, never dates or names") {
  StatisticsInput in;
  in.birth_date = parse_date("1984-07-14");
  in.postcode = "69003";
  in.admitted_on = parse_date("2019-09-01");
  in.left_on = parse_date("2025-06-30");
  for (const char* start : {"2019-09-01", "2020-09-01", "2020-10-01", "2022-09-01"})
    in.membership_starts.push_back(parse_date(start).value());
  const MemberStatistics s = statistics_of(in);
  CHECK(s.birth_year == 1984);
  CHECK(s.department == "69");
  CHECK(s.joined_year == 2019);
  CHECK(s.left_year == 2025);
  CHECK(s.membership_years == 3);  // 2019, 2020 (twice), 2022
  const MemberStatistics empty = statistics_of({});
  CHECK(!empty.birth_year);
  CHECK(!empty.department);
  CHECK(empty.membership_years == 0);
}
