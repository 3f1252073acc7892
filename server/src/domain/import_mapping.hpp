#pragma once
// The columns an import reads, in their final form: the detected member columns
// (domain/import_columns.hpp), the organisation's custom fields, and the choices the client made
// in the `columns` parameter.
//
// The `columns` parameter is one query key (Nextcloud's proxy keeps no repeated keys): entries
// separated by ',', each "<column>:<field>", where
//   <column>  a header of the file, compared like detected headers (case, accents and
//             punctuation ignored), or "#n", the n-th column counting from 1 (for a header that
//             holds a ',' or appears twice);
//   <field>   a member column name as the report writes it (last_name, email, paid_on ...),
//             "custom.<key>" for a custom field, or "ignore" to read nothing from the column.
// The entry splits at its last ':' (field names hold none), so "E-mail :" is a header too.
// Example: columns=Nom de jeune fille:last_name,Licence FFR:custom.licence,#7:ignore

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/custom_field.hpp"
#include "domain/import_columns.hpp"

namespace registre::domain {

struct ColumnChoice {
  std::string column;                   // a header as written; empty when `position` is given
  std::optional<std::size_t> position;  // 0-based
  std::string field;                    // as written: a member column, custom.<key> or ignore
};

// Reads the `columns` parameter. Errors name the field "columns".
Result<std::vector<ColumnChoice>> parse_column_choices(std::string_view text);

struct ImportColumn {
  std::optional<MemberColumn> member;
  std::optional<std::size_t> custom;  // index into the definitions given to map_import_columns
  bool chosen = false;                // set by the client's `columns` parameter
  bool mapped() const { return member || custom; }
};

struct ImportMapping {
  std::string preset;
  std::vector<ImportColumn> by_index;  // same length as the header
};

// detect_columns(); then a header that folds like a custom field's key or label reads that field
// (its first such column; an organisation's own field wins over the generic names); then each
// choice gives its column its field and takes that field away from any other column. Errors name
// "columns": an unknown field, a column the file lacks, a column or a field named twice.
Result<ImportMapping> map_import_columns(const std::vector<std::string>& header,
                                         const std::vector<FieldDefinition>& definitions,
                                         const std::vector<ColumnChoice>& choices);

// The name the report gives a column's field: "email", "custom.licence"; nullopt when unmapped.
std::optional<std::string> field_name(const ImportColumn& column,
                                      const std::vector<FieldDefinition>& definitions);

}  // namespace registre::domain
