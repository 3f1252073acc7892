#pragma once
// Writing CSV exports that open correctly in French Excel and in LibreOffice.
//
// Format written (parse_csv in csv_reader.hpp reads it back unchanged, apart from the formula
// guard below and rows whose fields are all empty, which readers skip):
// - UTF-8, with a BOM by default: without one, Excel reads the file as Windows-1252.
// - CRLF after every record, the last one included.
// - A field is quoted when it contains any of ; , TAB (whichever separator is chosen, so that a
//   reader guessing the separator is not misled), a quote, CR or LF, or when it starts or ends
//   with a space (Excel would trim it), or when it starts with "sep=" (a first line "sep=;" is
//   a directive to Excel and to parse_csv). Quotes inside are doubled.
// - Formula guard (OWASP "CSV injection"): a field starting with = + - @ TAB or CR would be run
//   as a formula by a spreadsheet, so it is written with a single quote in front ("=SUM(A1)"
//   becomes "'=SUM(A1)"). Exception: a plain signed number, that is + or - then digits with at
//   most one '.' or ',' between digits ("-12.5", "+33612345678"), is not a formula that can do
//   harm and is left alone, so that amounts and phone numbers stay usable.

#include <string>
#include <string_view>
#include <vector>

namespace registre::domain {

struct CsvWriteOptions {
  char separator = ',';  // ';' for French Excel, which expects it
  bool bom = true;
};

// True when `field` gets the formula guard (the rule above).
bool needs_formula_guard(std::string_view field);

// One record, CRLF included.
std::string csv_row(const std::vector<std::string>& fields, const CsvWriteOptions& options);

// BOM (if asked), the header, then the rows.
std::string csv_document(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows,
                         const CsvWriteOptions& options);

}  // namespace registre::domain
