#pragma once
// Structured logs: one JSON object per line on stderr, with time, level, message and fields.
// Contract for callers: never pass a secret, a header dump, a query string or personal data
// (names, e-mails, free text typed by users). Pass ids, counts, durations, route names.

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace registre::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

struct Field {
  std::string key;
  nlohmann::json value;
};

bool parse_level(std::string_view text, Level& out);
void set_level(Level level);
Level level();

// Replaces the output (stderr by default); tests capture lines with it. Pass nullptr to restore.
void set_sink(std::function<void(const std::string& line)> sink);

void write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void debug(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::debug, m, f); }
inline void info(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::info, m, f); }
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::warn, m, f); }
inline void error(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::error, m, f); }

}  // namespace registre::log
