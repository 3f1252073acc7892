#include "core/timezone.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace std::chrono;

namespace {

// Expected values below come from zdump(8) on the same tzdata.
sys_seconds utc(int y, unsigned m, unsigned d, int h, int min = 0, int s = 0) {
  return sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min} + seconds{s};
}

TimePoint utc_ms(int y, unsigned m, unsigned d, int h, int min, int s, int ms) {
  return TimePoint{utc(y, m, d, h, min, s)} + milliseconds{ms};
}

year_month_day date(int y, unsigned m, unsigned d) {
  return year{y} / month{m} / day{d};
}

TimeZone zone(const std::string& name, const std::string& dir = "/usr/share/zoneinfo") {
  auto z = TimeZone::load(name, dir);
  INFO(name);
  REQUIRE(z.ok());
  return std::move(z).value();
}

ErrorKind load_error(const std::string& name, const std::string& dir = "/usr/share/zoneinfo") {
  auto z = TimeZone::load(name, dir);
  INFO(name);
  REQUIRE_FALSE(z.ok());
  return z.error().kind;
}

// ---- Writing TZif files by hand (RFC 8536), for what the system files do not exercise ----

void put_be(std::string& out, std::uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i)
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

struct ZoneSpec {
  std::vector<std::int64_t> transitions;
  std::vector<std::uint8_t> types;       // per transition
  std::vector<std::int32_t> offsets{0};  // per local time type
  std::string footer;
  std::uint32_t leap_seconds = 0;
};

std::string data_block(const ZoneSpec& z, char version, int time_size) {
  std::string out = "TZif";
  out.push_back(version);
  out.append(15, '\0');
  for (std::uint64_t count :
       {std::uint64_t{0}, std::uint64_t{0}, std::uint64_t{z.leap_seconds},
        std::uint64_t{z.transitions.size()}, std::uint64_t{z.offsets.size()}, std::uint64_t{4}}) {
    put_be(out, count, 4);
  }
  for (auto t : z.transitions)
    put_be(out, static_cast<std::uint64_t>(t), time_size);
  for (auto i : z.types)
    out.push_back(static_cast<char>(i));
  for (auto offset : z.offsets) {
    put_be(out, static_cast<std::uint32_t>(offset), 4);
    out.append({'\0', '\0'});
  }
  out.append("ZZZ", 4);
  for (std::uint32_t i = 0; i < z.leap_seconds; ++i) {
    put_be(out, 0, time_size);  // occurrence
    put_be(out, 0, 4);          // correction
  }
  return out;
}

std::string tzif(const ZoneSpec& z, char version = '2') {
  if (version == '\0') return data_block(z, version, 4);
  return data_block(z, version, 4) + data_block(z, version, 8) + "\n" + z.footer + "\n";
}

void write_file(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string footer_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto end = bytes.rfind('\n');
  const auto start = bytes.rfind('\n', end - 1);
  return bytes.substr(start + 1, end - start - 1);
}

}  // namespace

TEST_CASE("Europe/Paris: +1 h in winter, +2 h in summer") {
  const auto paris = zone("Europe/Paris");
  CHECK(paris.name() == "Europe/Paris");
  CHECK(paris.utc_offset(utc(2026, 1, 15, 12)) == hours{1});
  CHECK(paris.utc_offset(utc(2026, 7, 15, 12)) == hours{2});
  CHECK(paris.utc_offset(utc(1990, 12, 1, 0)) == hours{1});
}

TEST_CASE("Europe/Paris switches at 01:00 UTC on the last Sundays of March and October 2026") {
  const auto paris = zone("Europe/Paris");
  CHECK(paris.utc_offset(utc(2026, 3, 29, 0, 59, 59)) == hours{1});
  CHECK(paris.utc_offset(utc(2026, 3, 29, 1)) == hours{2});
  CHECK(paris.utc_offset(utc(2026, 10, 25, 0, 59, 59)) == hours{2});
  CHECK(paris.utc_offset(utc(2026, 10, 25, 1)) == hours{1});
}

TEST_CASE("far beyond the table (2090), the footer rule decides") {
  const auto paris = zone("Europe/Paris");
  CHECK(paris.utc_offset(utc(2090, 1, 10, 12)) == hours{1});
  CHECK(paris.utc_offset(utc(2090, 3, 26, 0, 59, 59)) == hours{1});
  CHECK(paris.utc_offset(utc(2090, 3, 26, 1)) == hours{2});
  CHECK(paris.utc_offset(utc(2090, 10, 29, 0, 59, 59)) == hours{2});
  CHECK(paris.utc_offset(utc(2090, 10, 29, 1)) == hours{1});
  const auto new_york = zone("America/New_York");
  CHECK(new_york.utc_offset(utc(2090, 3, 12, 6, 59, 59)) == hours{-5});
  CHECK(new_york.utc_offset(utc(2090, 3, 12, 7)) == hours{-4});
  CHECK(new_york.utc_offset(utc(2090, 11, 5, 5, 59, 59)) == hours{-4});
  CHECK(new_york.utc_offset(utc(2090, 11, 5, 6)) == hours{-5});
}

TEST_CASE("local dates: 23:30 UTC on 31 December is already the new year in Paris") {
  const auto paris = zone("Europe/Paris");
  CHECK(paris.local_date(utc_ms(2026, 12, 31, 23, 30, 0, 0)) == date(2027, 1, 1));
  CHECK(paris.local_date(utc_ms(2026, 12, 31, 22, 59, 59, 999)) == date(2026, 12, 31));
  CHECK(paris.local_date(utc_ms(2026, 12, 31, 23, 0, 0, 0)) == date(2027, 1, 1));
  // In summer, midnight in Paris is 22:00 UTC.
  CHECK(paris.local_date(utc_ms(2026, 6, 30, 21, 59, 59, 999)) == date(2026, 6, 30));
  CHECK(paris.local_date(utc_ms(2026, 6, 30, 22, 0, 0, 0)) == date(2026, 7, 1));
  // The leap day exists in local time too.
  CHECK(paris.local_date(utc_ms(2028, 2, 28, 23, 0, 0, 0)) == date(2028, 2, 29));
}

TEST_CASE("America/New_York: behind UTC, so the date changes later") {
  const auto new_york = zone("America/New_York");
  CHECK(new_york.utc_offset(utc(2026, 1, 15, 12)) == hours{-5});
  CHECK(new_york.utc_offset(utc(2026, 7, 15, 12)) == hours{-4});
  CHECK(new_york.utc_offset(utc(2026, 3, 8, 6, 59, 59)) == hours{-5});
  CHECK(new_york.utc_offset(utc(2026, 3, 8, 7)) == hours{-4});
  CHECK(new_york.utc_offset(utc(2026, 11, 1, 5, 59, 59)) == hours{-4});
  CHECK(new_york.utc_offset(utc(2026, 11, 1, 6)) == hours{-5});
  CHECK(new_york.local_date(utc_ms(2027, 1, 1, 3, 0, 0, 0)) == date(2026, 12, 31));
  CHECK(new_york.local_date(utc_ms(2027, 1, 1, 4, 59, 59, 999)) == date(2026, 12, 31));
  CHECK(new_york.local_date(utc_ms(2027, 1, 1, 5, 0, 0, 0)) == date(2027, 1, 1));
}

TEST_CASE("zones without daylight saving: Pacific/Noumea, Indian/Reunion, UTC") {
  const auto noumea = zone("Pacific/Noumea");
  for (auto t : {utc(2026, 1, 15, 0), utc(2026, 7, 15, 0), utc(2090, 3, 26, 1)}) {
    CHECK(noumea.utc_offset(t) == hours{11});
  }
  CHECK(noumea.local_date(utc_ms(2026, 8, 31, 13, 0, 0, 0)) == date(2026, 9, 1));
  CHECK(noumea.local_date(utc_ms(2026, 8, 31, 12, 59, 59, 999)) == date(2026, 8, 31));

  const auto reunion = zone("Indian/Reunion");
  CHECK(reunion.utc_offset(utc(2026, 1, 15, 0)) == hours{4});
  CHECK(reunion.utc_offset(utc(2090, 7, 15, 0)) == hours{4});
  CHECK(reunion.local_date(utc_ms(2026, 12, 31, 20, 0, 0, 0)) == date(2027, 1, 1));

  for (const char* name : {"UTC", "Etc/UTC"}) {
    const auto z = zone(name);
    CHECK(z.utc_offset(utc(2026, 7, 15, 12)) == seconds{0});
    CHECK(z.utc_offset(utc(2090, 7, 15, 12)) == seconds{0});
    CHECK(z.local_date(utc_ms(2026, 12, 31, 23, 59, 59, 999)) == date(2026, 12, 31));
    CHECK(z.local_date(utc_ms(2027, 1, 1, 0, 0, 0, 0)) == date(2027, 1, 1));
  }
}

TEST_CASE("southern summers and Irish 'negative' daylight saving, in the table and beyond") {
  const auto sydney = zone("Australia/Sydney");
  CHECK(sydney.utc_offset(utc(2026, 1, 15, 0)) == hours{11});
  CHECK(sydney.utc_offset(utc(2026, 4, 4, 15, 59, 59)) == hours{11});
  CHECK(sydney.utc_offset(utc(2026, 4, 4, 16)) == hours{10});
  CHECK(sydney.utc_offset(utc(2026, 10, 3, 16)) == hours{11});
  CHECK(sydney.utc_offset(utc(2090, 1, 1, 0)) == hours{11});
  CHECK(sydney.utc_offset(utc(2090, 4, 1, 15, 59, 59)) == hours{11});
  CHECK(sydney.utc_offset(utc(2090, 4, 1, 16)) == hours{10});
  CHECK(sydney.utc_offset(utc(2090, 9, 30, 15, 59, 59)) == hours{10});
  CHECK(sydney.utc_offset(utc(2090, 9, 30, 16)) == hours{11});

  // Irish standard time is the summer one (IST, +1); "daylight saving" is GMT in winter.
  const auto dublin = zone("Europe/Dublin");
  CHECK(dublin.utc_offset(utc(2026, 3, 29, 0, 59, 59)) == seconds{0});
  CHECK(dublin.utc_offset(utc(2026, 3, 29, 1)) == hours{1});
  CHECK(dublin.utc_offset(utc(2090, 3, 26, 0, 59, 59)) == seconds{0});
  CHECK(dublin.utc_offset(utc(2090, 3, 26, 1)) == hours{1});
  CHECK(dublin.utc_offset(utc(2090, 10, 29, 0, 59, 59)) == hours{1});
  CHECK(dublin.utc_offset(utc(2090, 10, 29, 1)) == seconds{0});
}

TEST_CASE("bad names are refused before any file is opened") {
  for (const char* name :
       {"../etc/passwd", "Europe/Paris/../../x", "", "/etc/passwd", "Europe/../Europe/Paris",
        "Europe//Paris", "Europe/Paris/", "A/B/C/D", "Europe/Paris\n", "Europe/Pa ris",
        "Europe\\Paris", "1Europe/Paris", "Europe/Paris.tab", "~/x"}) {
    CHECK(load_error(name) == ErrorKind::invalid);
  }
}

TEST_CASE("names that are not zones are not found") {
  CHECK(load_error("Mars/Olympus") == ErrorKind::not_found);
  CHECK(load_error("Europe") == ErrorKind::not_found);       // a directory
  CHECK(load_error("leapseconds") == ErrorKind::not_found);  // a text file in zoneinfo
  CHECK(load_error("localtime") == ErrorKind::not_found);    // the host's zone
  CHECK(load_error("Europe/Paris", "/nonexistent/zoneinfo") == ErrorKind::not_found);
  if (std::filesystem::exists("/usr/share/zoneinfo/right/Europe/Paris")) {
    CHECK(load_error("right/Europe/Paris") == ErrorKind::invalid);  // counts leap seconds
  }
}

TEST_CASE("a symbolic link may not lead out of the zoneinfo directory") {
  test_support::TempDir dir;
  write_file(dir.file("outside/Secret"), tzif({{}, {}, {3600}, "CET-1"}));
  write_file(dir.file("zoneinfo/Real/Zone"), tzif({{}, {}, {3600}, "CET-1"}));
  std::filesystem::create_directories(dir.file("zoneinfo/Evil"));
  std::filesystem::create_symlink(dir.file("outside/Secret"), dir.file("zoneinfo/Evil/Link"));
  std::filesystem::create_symlink("../Real/Zone", dir.file("zoneinfo/Evil/Alias"));
  CHECK(load_error("Evil/Link", dir.file("zoneinfo")) == ErrorKind::not_found);
  CHECK(zone("Evil/Alias", dir.file("zoneinfo")).utc_offset(utc(2026, 1, 1, 0)) == hours{1});
}

TEST_CASE("a footer alone gives the same answers as the full table, 2026 to 2037") {
  // Slim TZif files stop at the last rule change and rely on the footer for everything after;
  // this checks the footer arithmetic against zic's own table, to the second at each change.
  test_support::TempDir dir;
  for (const char* name :
       {"Europe/Paris", "Europe/Dublin", "America/New_York", "America/Santiago", "America/Nuuk",
        "America/Havana", "America/St_Johns", "Asia/Jerusalem", "Australia/Sydney",
        "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Auckland", "Antarctica/Troll",
        "Pacific/Noumea", "Asia/Kolkata"}) {
    INFO(name);
    const auto full = zone(name);
    const std::string footer = footer_of(std::string("/usr/share/zoneinfo/") + name);
    write_file(dir.file(std::string("slim/") + name), tzif({{}, {}, {0}, footer}));
    const auto slim = zone(name, dir.file("slim"));
    int mismatches = 0;
    int changes = 0;
    auto previous = full.utc_offset(utc(2025, 12, 31, 23));
    for (auto t = utc(2026, 1, 1, 0); t < utc(2038, 1, 1, 0); t += hours{1}) {
      const auto now = full.utc_offset(t);
      if (slim.utc_offset(t) != now) ++mismatches;
      if (now != previous) {
        // Find the exact second of the change in the table, and compare around it.
        auto low = t - hours{1};
        auto high = t;
        while (high - low > seconds{1}) {
          const auto mid = low + (high - low) / 2;
          (full.utc_offset(mid) == now ? high : low) = mid;
        }
        ++changes;
        if (slim.utc_offset(high) != now || slim.utc_offset(low) != previous) ++mismatches;
      }
      previous = now;
    }
    CHECK(mismatches == 0);
    const bool has_dst = footer.find(',') != std::string::npos;
    CHECK(changes == (has_dst ? 24 : 0));
  }
}

TEST_CASE("footer rules in the Jn and n forms, without a rule, and permanent daylight time") {
  test_support::TempDir dir;
  // J60 is 1 March in every year; zero-based 59 is 29 February in leap years.
  write_file(dir.file("Test/Julian"), tzif({{}, {}, {0}, "AAA0BBB,J60/0,J300/0"}));
  write_file(dir.file("Test/ZeroBased"), tzif({{}, {}, {0}, "AAA0BBB,59/0,299/0"}));
  // tzcode's spelling of "daylight time all year": the end meets the next year's start.
  write_file(dir.file("Test/Permanent"), tzif({{}, {}, {0}, "EST5EDT4,0/0,J365/25"}));
  // Daylight time without a rule: tzcode falls back to the US rule.
  write_file(dir.file("Test/NoRule"), tzif({{}, {}, {0}, "EST5EDT"}));
  const auto no_rule = zone("Test/NoRule", dir.path());
  CHECK(no_rule.utc_offset(utc(2027, 3, 14, 6, 59, 59)) == hours{-5});
  CHECK(no_rule.utc_offset(utc(2027, 3, 14, 7)) == hours{-4});
  CHECK(no_rule.utc_offset(utc(2027, 11, 7, 5, 59, 59)) == hours{-4});
  CHECK(no_rule.utc_offset(utc(2027, 11, 7, 6)) == hours{-5});
  const auto julian = zone("Test/Julian", dir.path());
  for (int y : {2027, 2028}) {
    const unsigned last_of_february = y == 2028 ? 29 : 28;
    CHECK(julian.utc_offset(utc(y, 2, last_of_february, 23, 59, 59)) == seconds{0});
    CHECK(julian.utc_offset(utc(y, 3, 1, 0)) == hours{1});
    // J300 is 27 October; the end is written in daylight time, so 23:00 UTC the day before.
    CHECK(julian.utc_offset(utc(y, 10, 26, 22, 59, 59)) == hours{1});
    CHECK(julian.utc_offset(utc(y, 10, 26, 23)) == seconds{0});
  }
  const auto zero_based = zone("Test/ZeroBased", dir.path());
  CHECK(zero_based.utc_offset(utc(2027, 2, 28, 23, 59, 59)) == seconds{0});
  CHECK(zero_based.utc_offset(utc(2027, 3, 1, 0)) == hours{1});
  CHECK(zero_based.utc_offset(utc(2028, 2, 28, 23, 59, 59)) == seconds{0});
  CHECK(zero_based.utc_offset(utc(2028, 2, 29, 0)) == hours{1});
  CHECK(zero_based.utc_offset(utc(2027, 10, 26, 22, 59, 59)) == hours{1});  // day 299: 27 Oct
  CHECK(zero_based.utc_offset(utc(2027, 10, 26, 23)) == seconds{0});
  CHECK(zero_based.utc_offset(utc(2028, 10, 25, 22, 59, 59)) == hours{1});  // day 299: 26 Oct
  CHECK(zero_based.utc_offset(utc(2028, 10, 25, 23)) == seconds{0});
  const auto permanent = zone("Test/Permanent", dir.path());
  for (auto t : {utc(2027, 1, 1, 4, 59, 59), utc(2027, 1, 1, 5), utc(2027, 7, 1, 0),
                 utc(2027, 12, 31, 23), utc(2028, 1, 1, 4, 30)}) {
    CHECK(permanent.utc_offset(t) == hours{-4});
  }
}

TEST_CASE("version 1 files: 32-bit table, type 0 before it, the last type after it") {
  test_support::TempDir dir;
  const auto change = utc(2026, 3, 29, 1).time_since_epoch().count();
  write_file(dir.file("Test/One"),
             tzif({{change - 86400 * 100, change}, {1, 2}, {1800, 3600, 7200}, ""}, '\0'));
  const auto one = zone("Test/One", dir.path());
  CHECK(one.utc_offset(utc(2025, 1, 1, 0)) == minutes{30});
  CHECK(one.utc_offset(utc(2026, 1, 1, 0)) == hours{1});
  CHECK(one.utc_offset(utc(2026, 3, 29, 0, 59, 59)) == hours{1});
  CHECK(one.utc_offset(utc(2026, 3, 29, 1)) == hours{2});
  CHECK(one.utc_offset(utc(2090, 1, 1, 0)) == hours{2});
  // Version 2 without a footer behaves the same after the table.
  write_file(dir.file("Test/Two"), tzif({{change}, {1}, {0, 7200}, ""}, '3'));
  CHECK(zone("Test/Two", dir.path()).utc_offset(utc(2090, 1, 1, 0)) == hours{2});
}

TEST_CASE("damaged or unsupported files are errors, never guesses") {
  test_support::TempDir dir;
  const std::string good = tzif({{100, 200}, {0, 0}, {3600}, "CET-1"});
  write_file(dir.file("Bad/Truncated"), good.substr(0, good.size() - 20));
  write_file(dir.file("Bad/Text"), "# not a zone\n");
  write_file(dir.file("Bad/Order"), tzif({{200, 100}, {0, 0}, {3600}, "CET-1"}));
  write_file(dir.file("Bad/Index"), tzif({{100}, {3}, {3600}, "CET-1"}));
  write_file(dir.file("Bad/Footer"), tzif({{}, {}, {3600}, "CET-1CEST,M13.5.0,M10.5.0"}));
  write_file(dir.file("Bad/Leap"), tzif({{}, {}, {3600}, "CET-1", 1}));
  CHECK(load_error("Bad/Truncated", dir.path()) == ErrorKind::internal);
  CHECK(load_error("Bad/Text", dir.path()) == ErrorKind::not_found);
  CHECK(load_error("Bad/Order", dir.path()) == ErrorKind::internal);
  CHECK(load_error("Bad/Index", dir.path()) == ErrorKind::internal);
  CHECK(load_error("Bad/Footer", dir.path()) == ErrorKind::internal);
  CHECK(load_error("Bad/Leap", dir.path()) == ErrorKind::invalid);
}

TEST_CASE("the process-wide cache hands out one shared zone per name") {
  auto first = time_zone("Europe/Paris");
  REQUIRE(first.ok());
  auto second = time_zone("Europe/Paris");
  REQUIRE(second.ok());
  CHECK(first.value().get() == second.value().get());
  CHECK(first.value()->utc_offset(utc(2026, 7, 1, 0)) == hours{2});
  CHECK(time_zone("../etc/passwd").error().kind == ErrorKind::invalid);
  CHECK(time_zone("Mars/Olympus").error().kind == ErrorKind::not_found);

  std::vector<const TimeZone*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] {
      auto z = time_zone("Pacific/Noumea");
      if (z.ok()) seen[i] = z.value().get();
    });
  }
  for (auto& t : threads)
    t.join();
  for (auto* z : seen)
    CHECK((z != nullptr && z == seen[0]));
}
