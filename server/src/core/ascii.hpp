#pragma once
// ASCII tests and trimming that do not depend on the C locale (std::isdigit and friends do, and
// take an int that must not be a negative char: every UTF-8 continuation byte is one).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace registre {

constexpr bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

constexpr bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The byte at `i` as a number 0-255 (a char may be signed).
constexpr std::uint8_t byte_at(std::string_view s, std::size_t i) {
  return static_cast<std::uint8_t>(s[i]);
}

// Blanks a caller may strip: spaces only, spaces and tabs, or any ASCII white space.
inline constexpr std::string_view kSpaces = " ";
inline constexpr std::string_view kSpacesAndTabs = " \t";
inline constexpr std::string_view kLineBlanks = " \t\r\n";
inline constexpr std::string_view kAsciiWhiteSpace = " \t\r\n\f\v";

// `s` without the leading and trailing characters found in `blanks`.
constexpr std::string_view trim(std::string_view s, std::string_view blanks) {
  const std::size_t first = s.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

}  // namespace registre
