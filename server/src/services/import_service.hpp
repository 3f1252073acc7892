#pragma once
// CSV import of members and their memberships: detection of encoding, separator and columns
// (domain/csv_reader, domain/import_columns), the organisation's custom fields and the client's
// column choices (domain/import_mapping), a preview that runs the very same code inside a
// transaction it then rolls back, and an apply that is all-or-nothing (or skips invalid lines
// when asked). Provenance (file name, BLAKE2b hash, line) is kept for every imported record.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "domain/csv_reader.hpp"
#include "services/import_line.hpp"
#include "services/request_info.hpp"
#include "services/sensitive_values.hpp"
#include "store/database.hpp"

namespace registre::services {

struct ImportOptions {
  bool apply = false;         // false: preview, nothing is kept
  bool skip_invalid = false;  // apply the valid lines even when some are invalid
  std::string file_name;      // as uploaded, for provenance
  std::string columns;        // the client's column choices (domain/import_mapping.hpp); "" = none
};

struct ImportLineReport {
  std::size_t line = 0;  // physical line in the file where the record starts
  std::string outcome;   // created | updated | unchanged | error
  std::optional<std::int64_t> member_number;
  std::vector<FieldError> errors;  // field = the column header as written in the file
};

struct ImportColumnReport {
  std::string header;
  std::optional<std::string> field;  // "email", "custom.licence"; none when the column is ignored
  bool chosen = false;               // by the client's `columns` parameter, not detected
};

struct ImportReport {
  std::string file_name;
  std::string file_hash;
  std::string encoding;
  char separator = ';';
  std::string preset;
  std::vector<ImportColumnReport> columns;  // every header, in order
  std::size_t rows = 0, created = 0, updated = 0, unchanged = 0, invalid = 0;
  bool applied = false;
  std::vector<ImportLineReport>
      lines;  // every line with an error, then the others, up to kMaxLines
  static constexpr std::size_t kMaxLines = 1000;
};

// A file read and mapped: everything an import checks before it writes anything.
struct PreparedImport {
  ImportOptions options;
  ImportContext context;
  std::vector<domain::CsvRow> rows;
  ImportReport report;  // file, encoding, columns, rows: the parts known before the run
};

// Told the number of lines done so far, every few hundred lines and at the end.
using ImportProgress = std::function<void(std::size_t lines_done)>;

class ImportService {
 public:
  ImportService(store::Database& db, const Clock& clock, SensitiveValues& sensitive)
      : db_(db), clock_(clock), sensitive_(sensitive) {}

  // Reads the file and maps its columns. Errors of the file as a whole (not CSV, unterminated
  // quote, too many rows, no last-name column, a `columns` choice that does not fit) and an
  // unknown organisation are returned as an error.
  Result<PreparedImport> prepare(std::int64_t organization_id, std::string_view bytes,
                                 const ImportOptions& options);

  // Runs a prepared import in one transaction (rolled back for a preview or when lines are
  // invalid and not to be skipped). Errors of lines are in the report.
  Result<ImportReport> execute(const RequestInfo& request, PreparedImport prepared,
                               const ImportProgress& progress = {});

  // prepare(), then execute().
  Result<ImportReport> run(const RequestInfo& request, std::int64_t organization_id,
                           std::string_view bytes, const ImportOptions& options);

 private:
  store::Database& db_;
  const Clock& clock_;
  SensitiveValues& sensitive_;
};

}  // namespace registre::services
