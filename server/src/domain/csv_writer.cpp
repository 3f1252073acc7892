#include "domain/csv_writer.hpp"

#include "core/ascii.hpp"

namespace registre::domain {
namespace {

// + or - then digits, with at most one '.' or ',' between digits.
bool is_signed_number(std::string_view s) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return false;
  bool decimal_seen = false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (is_ascii_digit(s[i])) continue;
    const bool between_digits = i > 1 && i + 1 < s.size() && is_ascii_digit(s[i + 1]);
    if ((s[i] == '.' || s[i] == ',') && !decimal_seen && between_digits) {
      decimal_seen = true;
      continue;
    }
    return false;
  }
  return true;
}

bool needs_quotes(std::string_view s) {
  if (s.empty()) return false;
  if (s.front() == ' ' || s.back() == ' ') return true;
  // Excel reads a first line "sep=;" as naming the separator, not as data (found by fuzzing).
  if (s.starts_with("sep=")) return true;
  return s.find_first_of(";,\t\"\r\n") != std::string_view::npos;
}

void append_field(std::string& out, std::string_view field) {
  const bool guard = needs_formula_guard(field);
  // The guard goes inside the quotes: it is part of the cell's text.
  if (!needs_quotes(field)) {
    if (guard) out.push_back('\'');
    out.append(field);
    return;
  }
  out.push_back('"');
  if (guard) out.push_back('\'');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_row(std::string& out, const std::vector<std::string>& fields, char separator) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(separator);
    append_field(out, fields[i]);
  }
  out.append("\r\n");
}

}  // namespace

bool needs_formula_guard(std::string_view field) {
  if (field.empty()) return false;
  switch (field.front()) {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return true;
    case '+':
    case '-':
      return !is_signed_number(field);
    default:
      return false;
  }
}

std::string csv_row(const std::vector<std::string>& fields, const CsvWriteOptions& options) {
  std::string out;
  append_row(out, fields, options.separator);
  return out;
}

std::string csv_document(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows,
                         const CsvWriteOptions& options) {
  std::string out;
  if (options.bom) out.append("\xEF\xBB\xBF");
  append_row(out, header, options.separator);
  for (const auto& row : rows)
    append_row(out, row, options.separator);
  return out;
}

}  // namespace registre::domain
