#include "domain/utf8.hpp"

#include <cstdint>

#include "core/ascii.hpp"

namespace registre::domain {
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const std::uint8_t b0 = byte_at(s, i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t length = 0;
  std::uint8_t min1 = 0x80;  // allowed range of the second byte
  std::uint8_t max1 = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) min1 = 0xA0;
    if (b0 == 0xED) max1 = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) min1 = 0x90;
    if (b0 == 0xF4) max1 = 0x8F;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  const std::uint8_t b1 = byte_at(s, i + 1);
  if (b1 < min1 || b1 > max1) return 0;
  cp = (cp << 6) | (b1 & 0x3F);
  for (std::size_t k = 2; k < length; ++k) {
    const std::uint8_t b = byte_at(s, i + k);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  return length;
}

bool is_valid_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    char32_t cp = 0;
    const std::size_t length = decode_utf8(bytes, i, cp);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::size_t utf8_length(std::string_view bytes) {
  // Every code point has exactly one byte that is not a continuation byte.
  std::size_t count = 0;
  for (char c : bytes) {
    if ((static_cast<std::uint8_t>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace registre::domain
