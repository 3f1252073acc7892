#pragma once
// CSV import of members and their memberships: detection of encoding, separator and columns
// (domain/csv_reader, domain/import_columns), a preview that runs the very same code inside a
// transaction it then rolls back, and an apply that is all-or-nothing (or skips invalid lines
// when asked). Provenance (file name, BLAKE2b hash, line) is kept for every imported record.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"

namespace registre::services {

struct ImportOptions {
  bool apply = false;         // false: preview, nothing is kept
  bool skip_invalid = false;  // apply the valid lines even when some are invalid
  std::string file_name;      // as uploaded, for provenance
};

struct ImportLineReport {
  std::size_t line = 0;  // physical line in the file where the record starts
  std::string outcome;   // created | updated | unchanged | error
  std::optional<std::int64_t> member_number;
  std::vector<FieldError> errors;  // field = the column header as written in the file
};

struct ImportReport {
  std::string file_name;
  std::string file_hash;
  std::string encoding;
  char separator = ';';
  std::string preset;
  std::vector<std::pair<std::string, std::optional<std::string>>> columns;  // header -> field
  std::size_t rows = 0, created = 0, updated = 0, unchanged = 0, invalid = 0;
  bool applied = false;
  std::vector<ImportLineReport> lines;  // every line with an error, then the others, up to kMaxLines
  static constexpr std::size_t kMaxLines = 1000;
};

class ImportService {
 public:
  ImportService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Errors of the file as a whole (not CSV, unterminated quote, too many rows) are returned as
  // an error; errors of lines are in the report.
  Result<ImportReport> run(const RequestInfo& request, std::int64_t organization_id,
                           std::string_view bytes, const ImportOptions& options);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace registre::services
