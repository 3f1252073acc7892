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

}  // namespace registre::domain
