#pragma once
// UTF-8 checks shared by every parser of user text (contact fields, CSV, search).

#include <cstddef>
#include <string_view>

namespace registre::domain {

// Decodes the code point starting at byte `i` into `cp` and returns its length in bytes, or 0
// when the bytes there are not well-formed UTF-8 (overlong forms, surrogates, above U+10FFFF,
// truncated sequences). REQUIRES: i < s.size()
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

// True when `bytes` is well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes);

// The number of Unicode code points in `bytes`. REQUIRES: is_valid_utf8(bytes)
std::size_t utf8_length(std::string_view bytes);

// True when `text` is well-formed UTF-8 of `min` to `max` code points: the limits the API states
// in characters ("1 to 200 characters") are counted this way, not in bytes.
inline bool utf8_length_within(std::string_view text, std::size_t min, std::size_t max) {
  if (!is_valid_utf8(text)) return false;
  const std::size_t n = utf8_length(text);
  return n >= min && n <= max;
}

}  // namespace registre::domain
