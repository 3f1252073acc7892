#include "domain/hash_input.hpp"

#include <charconv>

namespace registre::domain {

void append_hash_item(std::string& out, std::string_view item) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, item.size()).ptr;
  out.append(digits, end);
  out += ':';
  out += item;
  out += '\n';
}

}  // namespace registre::domain
