// Headers nearly every translation unit parses: the standard library we use, nlohmann/json,
// cpp-httplib and SQLiteCpp. Precompiled once per target (registre_precompile in
// CMakeLists.txt), they cut the build by about half on CI's two cores: a typical source file
// preprocesses to 140 000–180 000 lines, almost all of them from here.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
