// Fuzzes the CSV reader (domain/csv_reader.cpp) with arbitrary bytes, then the writer
// (domain/csv_writer.cpp) with what was read. Reading must never crash; what it returns must be
// well-formed (every row as wide as the header, valid UTF-8, no NUL); and writing it out then
// reading that back must give the same document, apart from the documented formula guard.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "domain/csv_reader.hpp"
#include "domain/csv_writer.hpp"

namespace {

using registre::ErrorKind;
using namespace registre::domain;

void check(bool condition) {
  if (!condition) std::abort();
}

void check_text(const std::string& s) {
  check(s.find('\0') == std::string::npos);
  check(is_valid_utf8(s));
}

std::string as_written(const std::string& field) {
  return needs_formula_guard(field) ? "'" + field : field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CsvLimits limits;  // small, so that limit paths are reached too
  limits.max_rows = 1000;
  limits.max_field_bytes = 4096;
  limits.max_columns = 64;

  auto parsed = parse_csv(input, limits);
  if (!parsed) {
    const auto kind = parsed.error().kind;
    check(kind == ErrorKind::invalid || kind == ErrorKind::payload_too_large);
    return 0;
  }
  const CsvDocument& doc = parsed.value();
  check(doc.separator == ';' || doc.separator == ',' || doc.separator == '\t');
  check(!doc.header.empty() && doc.header.size() <= limits.max_columns);
  bool named = false;
  for (const auto& name : doc.header) {
    check_text(name);
    named = named || !name.empty();
  }
  check(named);
  std::size_t previous_line = 0;
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : doc.rows) {
    check(row.line > previous_line);
    previous_line = row.line;
    check(row.fields.size() == doc.header.size());
    bool blank = true;
    for (const auto& field : row.fields) {
      check_text(field);
      check(field.size() <= limits.max_field_bytes);
      blank = blank && field.empty();
    }
    check(!blank);
    rows.push_back(row.fields);
  }

  // Round trip, with the separator that was read.
  const std::string text = csv_document(doc.header, rows, {doc.separator, true});
  CsvLimits loose = limits;
  loose.max_field_bytes += 1;  // the formula guard adds a quote
  auto again = parse_csv(text, loose);
  check(again.ok());
  check(again->encoding == "utf-8-bom");
  check(again->header.size() == doc.header.size());
  for (std::size_t i = 0; i < doc.header.size(); ++i) {
    check(again->header[i] == as_written(doc.header[i]));
  }
  check(again->rows.size() == rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t i = 0; i < rows[r].size(); ++i) {
      check(again->rows[r].fields[i] == as_written(rows[r][i]));
    }
  }
  return 0;
}
