#include "domain/calendar_date.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace registre::domain;
using namespace std::chrono;

namespace {

Date ymd(int y, unsigned m, unsigned d) {
  return Date{year{y}, month{m}, day{d}};
}

}  // namespace

TEST_CASE("ISO dates") {
  CHECK(parse_date("2026-03-01") == ymd(2026, 3, 1));
  CHECK(parse_date("2026-3-1") == ymd(2026, 3, 1));
  CHECK(parse_date("1999-12-31") == ymd(1999, 12, 31));
  CHECK(parse_date(" 2026-03-01\n") == ymd(2026, 3, 1));
}

TEST_CASE("French day/month/year with any of the usual separators") {
  CHECK(parse_date("01/03/2026") == ymd(2026, 3, 1));
  CHECK(parse_date("1/3/2026") == ymd(2026, 3, 1));
  CHECK(parse_date("01-03-2026") == ymd(2026, 3, 1));
  CHECK(parse_date("01.03.2026") == ymd(2026, 3, 1));
  CHECK(parse_date("31/12/2025") == ymd(2025, 12, 31));
  CHECK(parse_date("14/7/1989") == ymd(1989, 7, 14));
  CHECK(parse_date("\t01/03/2026  ") == ymd(2026, 3, 1));
}

TEST_CASE("29 February exists only in leap years") {
  CHECK(parse_date("29/02/2024") == ymd(2024, 2, 29));
  CHECK(parse_date("2024-02-29") == ymd(2024, 2, 29));
  CHECK(parse_date("29/02/2000") == ymd(2000, 2, 29));  // divisible by 400
  CHECK_FALSE(parse_date("29/02/2026").has_value());
  CHECK_FALSE(parse_date("2025-02-29").has_value());
  CHECK_FALSE(parse_date("29/02/1900").has_value());  // divisible by 100, not by 400
  CHECK_FALSE(parse_date("29/02/2100").has_value());
  CHECK_FALSE(parse_date("29/02/2200").has_value());
  CHECK(parse_date("28/02/2100") == ymd(2100, 2, 28));
}

TEST_CASE("dates that do not exist are refused") {
  const std::vector<std::string> invalid = {
      "31/02/2026", "30/02/2024", "31/04/2026", "31/06/2026", "31/09/2026",
      "31/11/2026", "00/03/2026", "32/01/2026", "01/00/2026", "01/13/2026",
      "2026-00-10", "2026-13-01", "2026-04-31", "2026-01-00", "2026-01-32",
  };
  for (const auto& text : invalid) {
    CAPTURE(text);
    CHECK_FALSE(parse_date(text).has_value());
  }
  CHECK(parse_date("31/01/2026") == ymd(2026, 1, 31));
  CHECK(parse_date("30/04/2026") == ymd(2026, 4, 30));
}

TEST_CASE("years are bounded by 1900 and 2200 inclusive") {
  CHECK(parse_date("01/01/1900") == ymd(1900, 1, 1));
  CHECK(parse_date("1900-01-01") == ymd(1900, 1, 1));
  CHECK(parse_date("31/12/2200") == ymd(2200, 12, 31));
  CHECK(parse_date("2200-12-31") == ymd(2200, 12, 31));
  CHECK_FALSE(parse_date("31/12/1899").has_value());
  CHECK_FALSE(parse_date("1899-12-31").has_value());
  CHECK_FALSE(parse_date("01/01/2201").has_value());
  CHECK_FALSE(parse_date("2201-01-01").has_value());
  CHECK_FALSE(parse_date("01/01/0000").has_value());
  CHECK_FALSE(parse_date("9999-12-31").has_value());
}

TEST_CASE("ambiguous, partial and decorated texts are refused") {
  const std::vector<std::string> invalid = {
      "",
      "   ",
      "01/03/26",  // two-digit year
      "1/3/26",
      "26-03-01",  // two-digit year first
      "01/03",     // no year
      "2026-03",
      "2026",
      "01/03/2026 ",  // fine (trimmed): checked below
      "01/03/2026x",
      "01/03/2026 10:00",
      "2026-03-01T10:00:00Z",
      "le 01/03/2026",
      "01/03-2026",  // mixed separators
      "01.03/2026",
      "2026/03/01",  // year first is ISO only, with '-'
      "2026.03.01",
      "001/03/2026",  // three-digit day
      "01/003/2026",
      "01/03/02026",  // five-digit year
      "02026-03-01",
      "2026-003-01",
      "2026-03-001",
      "01 03 2026",
      "01//03/2026",
      "-01/03/2026",
      "+2026-03-01",
      "１/３/２０２６",  // full-width digits
      "01/03/2026\xFF",
      "mars 2026",
  };
  for (const auto& text : invalid) {
    CAPTURE(text);
    if (text == "01/03/2026 ") {
      CHECK(parse_date(text).has_value());
      continue;
    }
    CHECK_FALSE(parse_date(text).has_value());
  }
  CHECK_FALSE(parse_date(std::string(100000, '1')).has_value());
  CHECK_FALSE(parse_date("01/03/" + std::string(100000, '2')).has_value());
}

TEST_CASE("ISO formatting pads every field") {
  CHECK(format_iso(ymd(2026, 3, 1)) == "2026-03-01");
  CHECK(format_iso(ymd(1900, 1, 1)) == "1900-01-01");
  CHECK(format_iso(ymd(2200, 12, 31)) == "2200-12-31");
  CHECK(format_iso(ymd(999, 10, 10)) == "0999-10-10");
  CHECK(format_iso(ymd(2024, 2, 29)) == "2024-02-29");
}

TEST_CASE("formatting and parsing round-trip over every day of 1900-2200") {
  int checked = 0;
  for (sys_days d = sys_days{year{1900} / January / 1}; d <= sys_days{year{2200} / December / 31};
       d += days{1}) {
    const Date date{d};
    const std::string iso = format_iso(date);
    const auto parsed = parse_date(iso);
    if (!parsed || *parsed != date) {
      FAIL("round trip failed for " << iso);
    }
    // The French form of the same day parses to the same date.
    const std::string french = iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
    if (parse_date(french) != date) {
      FAIL("French form failed for " << french);
    }
    ++checked;
  }
  CHECK(checked == 301 * 365 + 73);  // 301 years, 73 of them leap (not 1900, 2100, 2200)
}
