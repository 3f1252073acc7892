#pragma once
// Reading the CSV files associations import (last year's member list from a spreadsheet).
//
// Format accepted: RFC 4180 with what real spreadsheets write.
// - Encoding: a UTF-8 BOM is stripped; otherwise valid UTF-8 is read as UTF-8; otherwise the
//   bytes are Windows-1252 (French Excel's "CSV (séparateur: point-virgule)") and are converted.
// - Separator: ';', ',' or tab, whichever occurs most on the header line outside quotes
//   (';' on ties, as French Excel writes it).
// - Records end with CRLF, LF or a lone CR (old Mac Excel); the last one may have no line end.
// - A field that starts with '"' is quoted: "" is a quote, and separators and line breaks are
//   data. Text after the closing quote is kept ("ab"c reads as abc). A quote in the middle of an
//   unquoted field is data (Excel writes 12" pipe as is).
// - Records whose fields are all empty (blank lines, or ";;;" rows spreadsheets leave) are
//   skipped. The first other record is the header; its names are trimmed of spaces and tabs.
// - A data row shorter than the header is padded with empty fields (spreadsheets drop trailing
//   empty cells). A longer row is refused, unless every extra field is empty.
// Errors are ErrorKind::invalid with one FieldError {"line N", message}, except too many rows
// (payload_too_large). Messages never quote the file's content: it is personal data.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/utf8.hpp"  // is_valid_utf8

namespace registre::domain {

struct CsvRow {
  std::size_t line = 0;  // 1-based physical line where the record starts
  std::vector<std::string> fields;
};

struct CsvDocument {
  char separator = ';';  // ';' ',' or '\t', detected
  std::string encoding;  // "utf-8", "utf-8-bom" or "windows-1252"
  std::vector<std::string> header;
  std::vector<CsvRow> rows;  // data rows (header excluded), each exactly header.size() fields
};

struct CsvLimits {
  std::size_t max_rows = 200000;  // data rows; more is payload_too_large
  std::size_t max_field_bytes = 64 * 1024;
  std::size_t max_columns = 200;
};

// Parses a whole file in one pass. Fields are UTF-8 whatever the input encoding.
Result<CsvDocument> parse_csv(std::string_view bytes, const CsvLimits& limits = {});

// Converts Windows-1252 bytes to UTF-8: 0x00-0x7F as is, 0xA0-0xFF as Latin-1, 0x80-0x9F as
// Windows-1252 (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ); the five bytes it leaves
// undefined (0x81 0x8D 0x8F 0x90 0x9D) become U+FFFD.
std::string windows1252_to_utf8(std::string_view bytes);

}  // namespace registre::domain
