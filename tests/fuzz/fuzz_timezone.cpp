// Fuzzes the TZif reader and its POSIX TZ footer parser (core/timezone.cpp) with arbitrary zone
// files: loading must never crash, and a zone that loads gives offsets within the bounds the
// reader enforces (under a day for the file's types, under two days for a footer's
// standard + DST offsets) at any instant of the years a register deals with.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/timezone.hpp"

namespace {

namespace fs = std::filesystem;

// A zoneinfo directory of this process, holding the one zone "Fuzz/Zone".
const std::string& zoneinfo_dir() {
  static const std::string dir = [] {
    const fs::path path =
        fs::temp_directory_path() / ("registre-fuzz-tz-" + std::to_string(getpid()));
    fs::create_directories(path / "Fuzz");
    return path.string();
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path file = fs::path(zoneinfo_dir()) / "Fuzz" / "Zone";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) std::abort();
  }
  auto zone = registre::TimeZone::load("Fuzz/Zone", zoneinfo_dir());
  if (!zone) return 0;

  // Instants from 1700 to 2240, spread by the input's first bytes, and a few fixed ones.
  using std::chrono::seconds;
  using std::chrono::sys_seconds;
  std::int64_t instants[] = {
      0, 1'700'000'000, -2'208'988'800, 4'102'444'800, 8'500'000'000, -8'500'000'000};
  for (std::size_t i = 0; i < size && i < 8; ++i) {
    instants[i % 6] ^= static_cast<std::int64_t>(data[i]) << (8 * (i % 4) + 4);
  }
  for (std::int64_t t : instants) {
    const auto offset = zone->utc_offset(sys_seconds{seconds{t}}).count();
    if (offset <= -2 * 86400 || offset >= 2 * 86400) std::abort();
    const auto day = zone->local_date(registre::TimePoint{seconds{t}});
    if (!day.ok()) std::abort();
  }
  return 0;
}
