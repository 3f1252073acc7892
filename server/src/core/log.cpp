#include "core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "core/clock.hpp"

namespace registre::log {
namespace {

std::atomic<int> current_level{static_cast<int>(Level::info)};
std::mutex sink_mutex;
std::function<void(const std::string&)> custom_sink;

const char* level_name(Level l) {
  switch (l) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

}  // namespace

bool parse_level(std::string_view text, Level& out) {
  for (Level l : {Level::debug, Level::info, Level::warn, Level::error}) {
    if (text == level_name(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

void set_level(Level l) { current_level = static_cast<int>(l); }
Level level() { return static_cast<Level>(current_level.load()); }

void set_sink(std::function<void(const std::string&)> sink) {
  std::lock_guard lock(sink_mutex);
  custom_sink = std::move(sink);
}

void write(Level l, std::string_view message, std::initializer_list<Field> fields) {
  if (static_cast<int>(l) < current_level.load()) return;
  nlohmann::json line = {{"time", format_utc(SystemClock{}.now())},
                         {"level", level_name(l)},
                         {"msg", message}};
  for (const auto& f : fields) line[f.key] = f.value;
  // `replace` keeps a log line even if a field carries invalid UTF-8.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(sink_mutex);
  if (custom_sink) {
    custom_sink(text);
  } else {
    text.push_back('\n');
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
  }
}

}  // namespace registre::log
