#include "core/timezone.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace registre {

// The TZif footer, e.g. "CET-1CEST,M3.5.0,M10.5.0/3". Offsets here are seconds east of UTC
// (the string itself counts west, as POSIX does).
struct TimeZone::PosixRule {
  // "Jn" (1-365, 29 February never counted), "n" (0-365, counted) or "Mm.w.d" (weekday d,
  // 0 = Sunday, of week w of month m; week 5 means the last one), at a local time of day.
  struct Date {
    enum class Form { julian_no_leap, zero_based, month_week_day } form = Form::month_week_day;
    int day = 0;  // n, or the weekday for Mm.w.d
    int month = 0;
    int week = 0;
    std::int32_t time = 2 * 3600;  // -167 h to +167 h (RFC 8536 extension)
  };

  std::int32_t std_offset = 0;
  std::optional<std::int32_t> dst_offset;  // none: standard time all year
  Date dst_start;                          // written in standard local time
  Date dst_end;                            // written in daylight local time
};

namespace {

using RuleDate = TimeZone::PosixRule::Date;

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::size_t kMaxFileBytes = 1 << 20;  // real zone files are under 4 KiB

Error corrupt(const std::string& name, const std::string& why) {
  return make_error(ErrorKind::internal, "internal",
                    "corrupt time zone file '" + name + "': " + why);
}

// ---- The footer (POSIX TZ string) ----

class TzStringParser {
 public:
  explicit TzStringParser(std::string_view text) : s_(text) {}

  std::optional<TimeZone::PosixRule> parse() {
    TimeZone::PosixRule rule;
    auto std_offset = designation() ? offset() : std::nullopt;
    if (!std_offset) return std::nullopt;
    rule.std_offset = *std_offset;
    if (at_end()) return rule;
    if (!designation()) return std::nullopt;
    rule.dst_offset = rule.std_offset + 3600;  // POSIX default: one hour ahead
    if (!at_end() && peek() != ',') {
      auto dst = offset();
      if (!dst) return std::nullopt;
      rule.dst_offset = *dst;
    }
    if (at_end()) {
      // No rule given: tzcode's fallback is the US rule.
      rule.dst_start = {RuleDate::Form::month_week_day, 0, 3, 2, 7200};
      rule.dst_end = {RuleDate::Form::month_week_day, 0, 11, 1, 7200};
      return rule;
    }
    if (!eat(',') || !rule_date(rule.dst_start) || !eat(',') || !rule_date(rule.dst_end)) {
      return std::nullopt;
    }
    if (!at_end()) return std::nullopt;
    return rule;
  }

 private:
  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

  // "CET", or quoted "<+11>" / "<-0330>" (letters, digits, '+', '-'). At least 3 characters.
  bool designation() {
    std::size_t start = pos_;
    if (eat('<')) {
      while (!at_end() &&
             (is_alpha(peek()) || is_digit(peek()) || peek() == '+' || peek() == '-')) {
        ++pos_;
      }
      return pos_ - start - 1 >= 3 && eat('>');
    }
    while (!at_end() && is_alpha(peek()))
      ++pos_;
    return pos_ - start >= 3;
  }

  std::optional<int> number(int max_digits, int max_value) {
    int value = 0;
    int digits = 0;
    while (digits < max_digits && !at_end() && is_digit(peek())) {
      value = value * 10 + (s_[pos_++] - '0');
      ++digits;
    }
    if (digits == 0 || value > max_value) return std::nullopt;
    return value;
  }

  // [+-]hh[:mm[:ss]], in seconds; hours up to max_hours.
  std::optional<std::int32_t> duration(int max_hours) {
    int sign = 1;
    if (eat('-')) {
      sign = -1;
    } else {
      eat('+');
    }
    auto hours = number(3, max_hours);
    if (!hours) return std::nullopt;
    std::int32_t seconds = *hours * 3600;
    if (eat(':')) {
      auto minutes = number(2, 59);
      if (!minutes) return std::nullopt;
      seconds += *minutes * 60;
      if (eat(':')) {
        auto secs = number(2, 59);
        if (!secs) return std::nullopt;
        seconds += *secs;
      }
    }
    return sign * seconds;
  }

  // POSIX offsets count hours west of Greenwich ("CET-1"); we keep seconds east.
  std::optional<std::int32_t> offset() {
    auto west = duration(24);
    if (!west) return std::nullopt;
    return -*west;
  }

  bool rule_date(RuleDate& out) {
    if (eat('J')) {
      auto n = number(3, 365);
      if (!n || *n < 1) return false;
      out.form = RuleDate::Form::julian_no_leap;
      out.day = *n;
    } else if (eat('M')) {
      auto m = number(2, 12);
      if (!m || *m < 1 || !eat('.')) return false;
      auto w = number(1, 5);
      if (!w || *w < 1 || !eat('.')) return false;
      auto d = number(1, 6);
      if (!d) return false;
      out.form = RuleDate::Form::month_week_day;
      out.month = *m;
      out.week = *w;
      out.day = *d;
    } else {
      auto n = number(3, 365);
      if (!n) return false;
      out.form = RuleDate::Form::zero_based;
      out.day = *n;
    }
    out.time = 2 * 3600;
    if (eat('/')) {
      auto t = duration(167);
      if (!t) return false;
      out.time = *t;
    }
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

// Days since 1970-01-01 of the local date a rule names in `year`.
std::int64_t rule_day(const RuleDate& d, int year) {
  using namespace std::chrono;
  const auto y = std::chrono::year{year};
  const sys_days january_first{y / January / 1};
  switch (d.form) {
    case RuleDate::Form::julian_no_leap: {
      int n = d.day - 1;
      if (y.is_leap() && d.day >= 60) ++n;  // J60 is always 1 March
      return (january_first + days{n}).time_since_epoch().count();
    }
    case RuleDate::Form::zero_based:
      return (january_first + days{d.day}).time_since_epoch().count();
    case RuleDate::Form::month_week_day: {
      const auto m = month{static_cast<unsigned>(d.month)};
      const weekday wd{static_cast<unsigned>(d.day)};
      const sys_days day = d.week == 5 ? sys_days{y / m / wd[last]}
                                       : sys_days{y / m / wd[static_cast<unsigned>(d.week)]};
      return day.time_since_epoch().count();
    }
  }
  return january_first.time_since_epoch().count();
}

std::int32_t footer_offset(const TimeZone::PosixRule& rule, std::int64_t t) {
  if (!rule.dst_offset) return rule.std_offset;
  // Keep the year arithmetic inside std::chrono::year's range (about +-17,000 years here).
  constexpr std::int64_t kLimit = std::int64_t{1} << 39;
  t = std::clamp(t, -kLimit, kLimit);
  const auto local_day = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds{std::chrono::seconds{t + rule.std_offset}});
  const int year = static_cast<int>(std::chrono::year_month_day{local_day}.year());
  // Look at the changes of the years around t and keep the last one at or before t: a rule's
  // time may run up to 167 h past its date, and southern summers straddle the new year.
  struct Change {
    std::int64_t at;
    std::int32_t offset;
  };
  std::array<Change, 8> changes{};
  std::size_t n = 0;
  for (int y = year - 2; y <= year + 1; ++y) {
    changes[n++] = {
        rule_day(rule.dst_start, y) * kSecondsPerDay + rule.dst_start.time - rule.std_offset,
        *rule.dst_offset};
    changes[n++] = {
        rule_day(rule.dst_end, y) * kSecondsPerDay + rule.dst_end.time - *rule.dst_offset,
        rule.std_offset};
  }
  // Stable: when a year's end meets the next year's start (permanent DST written as
  // "0/0,J365/25"), the start, pushed later, wins.
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return a.at < b.at; });
  std::int32_t offset = rule.std_offset;
  for (const auto& c : changes) {
    if (c.at <= t) offset = c.offset;
  }
  return offset;
}

// ---- The binary file ----

// Big-endian reads that never go past the end; check ok() after a group of reads.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  bool ok() const { return ok_; }
  bool has(std::uint64_t n) const { return ok_ && bytes_.size() - pos_ >= n; }
  std::string_view take(std::size_t n) {
    if (!has(n)) {
      ok_ = false;
      return {};
    }
    auto out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::uint64_t unsigned_be(std::size_t width) {
    std::uint64_t value = 0;
    for (char c : take(width))
      value = (value << 8) | static_cast<unsigned char>(c);
    return value;
  }
  std::int64_t signed_be(std::size_t width) {
    const std::uint64_t raw = unsigned_be(width);
    if (width == 8) return static_cast<std::int64_t>(raw);
    const std::uint64_t sign_bit = std::uint64_t{1} << (width * 8 - 1);
    return static_cast<std::int64_t>(raw ^ sign_bit) - static_cast<std::int64_t>(sign_bit);
  }
  std::string_view rest() const { return bytes_.substr(pos_); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// RFC 8536 section 3.1: "TZif", a version byte, 15 reserved bytes and six counts.
struct Header {
  char version = 0;
  std::uint64_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;

  std::uint64_t block_size(std::uint64_t time_size) const {
    return timecnt * time_size + timecnt + typecnt * 6 + charcnt + leapcnt * (time_size + 4) +
           isstdcnt + isutcnt;
  }
};

std::optional<Header> read_header(ByteReader& in) {
  if (in.take(4) != "TZif") return std::nullopt;
  Header h;
  const auto version = in.take(1);
  in.take(15);
  h.isutcnt = in.unsigned_be(4);
  h.isstdcnt = in.unsigned_be(4);
  h.leapcnt = in.unsigned_be(4);
  h.timecnt = in.unsigned_be(4);
  h.typecnt = in.unsigned_be(4);
  h.charcnt = in.unsigned_be(4);
  if (!in.ok()) return std::nullopt;
  h.version = version[0];
  return h;
}

struct TzifData {
  std::vector<std::int64_t> transitions;
  std::vector<std::int32_t> offsets;  // per transition
  std::int32_t initial_offset = 0;
  std::string footer;
};

// One data block: transition times of `time_size` bytes, their type indices, then the types.
Result<TzifData> read_block(ByteReader& in, const Header& h, std::size_t time_size,
                            const std::string& name) {
  if (h.typecnt == 0) return corrupt(name, "no local time type");
  if (!in.has(h.block_size(time_size))) return corrupt(name, "truncated");
  if (h.leapcnt != 0) {
    // Transition times would count leap seconds: not UTC as the rest of the server uses it.
    return make_error(ErrorKind::invalid, "invalid",
                      "time zones with leap seconds (right/...) are not supported");
  }
  TzifData data;
  data.transitions.reserve(h.timecnt);
  for (std::uint64_t i = 0; i < h.timecnt; ++i) {
    data.transitions.push_back(in.signed_be(time_size));
    if (i > 0 && data.transitions[i] <= data.transitions[i - 1]) {
      return corrupt(name, "transitions out of order");
    }
  }
  std::vector<std::uint8_t> indices;
  for (char c : in.take(h.timecnt))
    indices.push_back(static_cast<std::uint8_t>(c));
  std::vector<std::int32_t> type_offsets;
  for (std::uint64_t i = 0; i < h.typecnt; ++i) {
    const auto utoff = in.signed_be(4);
    in.take(2);  // isdst, desigidx: we only need the offset
    // RFC 8536: -2^31 is forbidden; real offsets stay within a day.
    if (utoff <= -kSecondsPerDay || utoff >= kSecondsPerDay) return corrupt(name, "bad offset");
    type_offsets.push_back(static_cast<std::int32_t>(utoff));
  }
  in.take(h.charcnt + h.isstdcnt + h.isutcnt);
  if (!in.ok()) return corrupt(name, "truncated");
  for (auto index : indices) {
    if (index >= type_offsets.size()) return corrupt(name, "bad local time type index");
    data.offsets.push_back(type_offsets[index]);
  }
  data.initial_offset = type_offsets[0];
  return data;
}

// Versions 2 and later repeat the data with 64-bit times, then add "\n<TZ string>\n".
Result<TzifData> parse_tzif(std::string_view bytes, const std::string& name) {
  ByteReader in(bytes);
  auto first = read_header(in);
  if (!first) {
    return make_error(ErrorKind::not_found, "not-found", "not a time zone: " + name);
  }
  if (first->version == '\0') return read_block(in, *first, 4, name);
  if (!in.has(first->block_size(4))) return corrupt(name, "truncated");
  in.take(first->block_size(4));
  auto second = read_header(in);
  if (!second) return corrupt(name, "no 64-bit header");
  auto data = read_block(in, *second, 8, name);
  if (!data) return data;
  const auto rest = in.rest();
  if (rest.size() < 2 || rest[0] != '\n') return corrupt(name, "no footer");
  const auto end = rest.find('\n', 1);
  if (end == std::string_view::npos) return corrupt(name, "unterminated footer");
  data->footer = std::string(rest.substr(1, end - 1));
  return data;
}

// ^[A-Za-z]+(/[A-Za-z0-9_+-]+){0,2}$, by hand: std::regex is slow to build and GCC 12 warns
// about its internals under the sanitizers.
bool is_zone_name(std::string_view name) {
  int part = 0;
  std::size_t length = 0;
  for (char c : name) {
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool other = (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-';
    if (c == '/') {
      if (length == 0 || ++part > 2) return false;
      length = 0;
    } else if (letter || (part > 0 && other)) {
      ++length;
    } else {
      return false;
    }
  }
  return length > 0;
}

Result<std::string> read_zone_file(const std::string& name, const std::string& zoneinfo_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto root = fs::canonical(zoneinfo_dir, ec);
  if (ec) return make_error(ErrorKind::not_found, "not-found", "no zoneinfo directory");
  const auto path = fs::canonical(root / name, ec);
  const auto not_found = make_error(ErrorKind::not_found, "not-found", "no time zone " + name);
  if (ec || !fs::is_regular_file(path, ec)) return not_found;
  // Symbolic links inside the directory are fine (UTC -> Etc/UTC); leaving it is not.
  const auto relative = path.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return not_found;
  const auto size = fs::file_size(path, ec);
  if (ec) return not_found;
  if (size > kMaxFileBytes) return corrupt(name, "too large");
  std::ifstream file(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    return make_error(ErrorKind::internal, "internal", "cannot read time zone file " + name);
  }
  return bytes;
}

}  // namespace

Result<TimeZone> TimeZone::load(const std::string& name, const std::string& zoneinfo_dir) {
  if (!is_zone_name(name) || name.find("..") != std::string::npos) {
    return make_error(ErrorKind::invalid, "invalid", "not a time zone name");
  }
  // A link to the host's own zone, not a place: an organisation never means it.
  if (name == "localtime") {
    return make_error(ErrorKind::not_found, "not-found", "no time zone " + name);
  }
  auto bytes = read_zone_file(name, zoneinfo_dir);
  if (!bytes) return std::move(bytes).error();
  auto data = parse_tzif(bytes.value(), name);
  if (!data) return std::move(data).error();

  TimeZone zone;
  zone.name_ = name;
  zone.transitions_ = std::move(data->transitions);
  zone.offsets_ = std::move(data->offsets);
  zone.initial_offset_ = data->initial_offset;
  if (!data->footer.empty()) {
    auto rule = TzStringParser(data->footer).parse();
    if (!rule) return corrupt(name, "unsupported footer '" + data->footer + "'");
    zone.footer_ = std::make_shared<const PosixRule>(*rule);
  }
  return zone;
}

std::int32_t TimeZone::offset_at(std::int64_t utc_seconds) const {
  // RFC 8536: the footer covers instants after the last transition, or all of them when the
  // file has none; before the first transition, time type 0 applies.
  if (footer_ && (transitions_.empty() || utc_seconds > transitions_.back())) {
    return footer_offset(*footer_, utc_seconds);
  }
  const auto after = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  if (after == transitions_.begin()) return initial_offset_;
  return offsets_[static_cast<std::size_t>(std::distance(transitions_.begin(), after) - 1)];
}

std::chrono::seconds TimeZone::utc_offset(std::chrono::sys_seconds instant) const {
  return std::chrono::seconds{offset_at(instant.time_since_epoch().count())};
}

std::chrono::year_month_day TimeZone::local_date(TimePoint instant) const {
  using namespace std::chrono;
  const auto utc = floor<seconds>(instant);
  const auto local = utc + seconds{offset_at(utc.time_since_epoch().count())};
  return year_month_day{floor<days>(local)};
}

Result<std::shared_ptr<const TimeZone>> time_zone(const std::string& name) {
  // The one process-wide cache: zones are immutable once loaded, and there are a few hundred
  // of them at most (only successful loads are kept), so it never needs evicting.
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const TimeZone>> zones;
  {
    std::lock_guard lock(mutex);
    if (auto it = zones.find(name); it != zones.end()) return it->second;
  }
  auto loaded = TimeZone::load(name);
  if (!loaded) return std::move(loaded).error();
  auto zone = std::make_shared<const TimeZone>(std::move(loaded).value());
  std::lock_guard lock(mutex);
  // Another thread may have loaded it meanwhile: keep the first, so pointers stay stable.
  return zones.try_emplace(name, std::move(zone)).first->second;
}

}  // namespace registre
