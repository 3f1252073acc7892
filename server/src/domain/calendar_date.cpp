#include "domain/calendar_date.hpp"

#include <cassert>

#include "core/ascii.hpp"

namespace registre::domain {
namespace {

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2200;

// A run of 1 to `max_digits` digits at the front of `s`, consumed. Returns its value and sets
// `digits` to its length; nullopt when `s` does not start with a digit or the run is longer.
std::optional<int> take_number(std::string_view& s, std::size_t max_digits, std::size_t& digits) {
  digits = 0;
  int value = 0;
  while (digits < s.size() && is_ascii_digit(s[digits])) {
    if (digits == max_digits) return std::nullopt;
    value = value * 10 + (s[digits] - '0');
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  s.remove_prefix(digits);
  return value;
}

bool take_separator(std::string_view& s, char& separator) {
  if (s.empty() || (s.front() != '-' && s.front() != '/' && s.front() != '.')) return false;
  separator = s.front();
  s.remove_prefix(1);
  return true;
}

void append_padded(std::string& out, int value, int width) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()); i < width; ++i)
    out += '0';
  out += digits;
}

}  // namespace

std::optional<Date> parse_date(std::string_view s) {
  s = trim(s, kLineBlanks);

  // Three numbers and two identical separators: year-month-day when the first number has four
  // digits (ISO, '-' only), day/month/year when the last one has.
  std::size_t first_digits = 0;
  std::size_t middle_digits = 0;
  std::size_t last_digits = 0;
  char separator1 = 0;
  char separator2 = 0;
  const std::optional<int> first = take_number(s, 4, first_digits);
  if (!first || !take_separator(s, separator1)) return std::nullopt;
  const std::optional<int> middle = take_number(s, 2, middle_digits);
  if (!middle || !take_separator(s, separator2) || separator1 != separator2) return std::nullopt;
  const std::optional<int> last = take_number(s, 4, last_digits);
  if (!last || !s.empty()) return std::nullopt;

  int year = 0;
  int day = 0;
  if (first_digits == 4 && last_digits <= 2 && separator1 == '-') {
    year = *first;
    day = *last;
  } else if (first_digits <= 2 && last_digits == 4) {
    year = *last;
    day = *first;
  } else {
    return std::nullopt;
  }
  if (year < kFirstYear || year > kLastYear) return std::nullopt;
  const Date date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(*middle)},
                  std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_iso(Date d) {
  assert(d.ok());
  const int year = static_cast<int>(d.year());
  assert(year >= 0 && year <= 9999);
  std::string out;
  out.reserve(10);
  append_padded(out, year, 4);
  out += '-';
  append_padded(out, static_cast<int>(static_cast<unsigned>(d.month())), 2);
  out += '-';
  append_padded(out, static_cast<int>(static_cast<unsigned>(d.day())), 2);
  return out;
}

}  // namespace registre::domain
