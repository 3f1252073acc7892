#pragma once
// What one line of an imported file says, read through the import's column mapping: the
// member's fields and custom values, the member number it names, and a membership of an existing
// type. Errors name the column's header as written in the file.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/custom_field.hpp"
#include "domain/import_mapping.hpp"
#include "domain/member.hpp"
#include "store/membership_store.hpp"

namespace registre::services {

// What every line of one import is read against.
struct ImportContext {
  std::int64_t organization_id = 0;
  std::vector<std::string> header;
  domain::ImportMapping mapping;
  std::vector<domain::FieldDefinition> definitions;
  std::vector<store::MembershipType> types;
  std::string now;          // the import's time (UTC)
  std::string recorded_by;  // the importer, as in the audit log

  // Field (API name "lastName", column name "last_name", or "custom.<key>") -> header.
  std::map<std::string, std::string> header_of;

  // Fills header_of from the mapping. REQUIRES: header, mapping and definitions are set.
  void index_headers();
  // The header of the column that holds `field`; `field` itself when no column does.
  std::string column_of(const std::string& field) const;
};

struct ImportLine {
  domain::MemberChanges changes;  // custom values in changes.custom (null when none)
  std::optional<std::int64_t> number;
  std::optional<store::Membership> membership;  // member_id still to set
  std::vector<FieldError> errors;               // field = header
};

// REQUIRES: fields.size() == context.header.size()
ImportLine read_import_line(const ImportContext& context, const std::vector<std::string>& fields);

}  // namespace registre::services
