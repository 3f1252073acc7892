#pragma once
// Joins strings in one allocation: concat("SELECT ", kColumns, " FROM t"). Used where a chain of
// std::string operator+ would do: GCC 12 at -O2 misreads some such chains as out-of-bounds
// copies (-Warray-bounds false positives, which -Werror turns into build failures).

#include <string>
#include <string_view>

namespace registre {

template <class... Parts>
std::string concat(const Parts&... parts) {
  const std::string_view views[] = {std::string_view(parts)...};
  std::size_t size = 0;
  for (const auto& v : views)
    size += v.size();
  std::string out;
  out.reserve(size);
  for (const auto& v : views)
    out.append(v);
  return out;
}

}  // namespace registre
