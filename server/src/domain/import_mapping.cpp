#include "domain/import_mapping.hpp"

#include <charconv>
#include <set>

#include "core/ascii.hpp"
#include "core/i18n.hpp"

namespace registre::domain {
namespace {

constexpr std::size_t kMaxChoices = 200;

Error columns_error(std::string message) {
  return invalid_fields({{"columns", std::move(message)}});
}

// "#3" -> 2.
std::optional<std::size_t> position_of(std::string_view column) {
  if (column.size() < 2 || column[0] != '#') return std::nullopt;
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(column.data() + 1, column.data() + column.size(), n);
  if (ec != std::errc() || end != column.data() + column.size() || n == 0) return std::nullopt;
  return n - 1;
}

}  // namespace

Result<std::vector<ColumnChoice>> parse_column_choices(std::string_view text) {
  std::vector<ColumnChoice> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find(',', pos), text.size());
    const std::string_view entry = trim(text.substr(pos, end - pos), kSpaces);
    pos = end + 1;
    if (entry.empty()) continue;  // "a:b," and a stray ",,"
    const std::size_t colon = entry.rfind(':');
    if (colon == std::string_view::npos) return columns_error("import-columns-syntax");
    ColumnChoice choice;
    const std::string_view column = trim(entry.substr(0, colon), kSpaces);
    choice.field = std::string(trim(entry.substr(colon + 1), kSpaces));
    if (column.empty() || choice.field.empty()) return columns_error("import-columns-syntax");
    choice.position = position_of(column);
    if (!choice.position) choice.column = std::string(column);
    out.push_back(std::move(choice));
    if (out.size() > kMaxChoices) return columns_error("import-columns-syntax");
  }
  return out;
}

Result<ImportMapping> map_import_columns(const std::vector<std::string>& header,
                                         const std::vector<FieldDefinition>& definitions,
                                         const std::vector<ColumnChoice>& choices) {
  const ColumnMapping detected = detect_columns(header);
  ImportMapping mapping;
  mapping.preset = detected.preset;
  mapping.by_index.resize(header.size());
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < header.size(); ++i) {
    mapping.by_index[i].member = detected.by_index[i];
    keys.push_back(fold_header(header[i]));
  }

  // The organisation's custom fields, by key or label.
  std::set<std::size_t> taken_custom;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (keys[i].empty()) continue;
    for (std::size_t d = 0; d < definitions.size(); ++d) {
      if (taken_custom.count(d)) continue;
      if (keys[i] != fold_header(definitions[d].key) &&
          keys[i] != fold_header(definitions[d].label))
        continue;
      mapping.by_index[i] = ImportColumn{std::nullopt, d, false};
      taken_custom.insert(d);
      break;
    }
  }

  // The client's choices.
  std::vector<FieldError> errors;
  std::set<std::size_t> chosen_columns;
  std::set<std::string> chosen_fields;
  for (const ColumnChoice& choice : choices) {
    const std::string named =
        choice.position ? "#" + std::to_string(*choice.position + 1) : choice.column;
    std::optional<std::size_t> index;
    if (choice.position) {
      if (*choice.position < header.size()) index = choice.position;
    } else {
      const std::string key = fold_header(choice.column);
      for (std::size_t i = 0; i < header.size() && !index; ++i) {
        if (header[i] == choice.column || (!key.empty() && keys[i] == key)) index = i;
      }
    }
    ImportColumn target{std::nullopt, std::nullopt, true};
    bool known = true;
    if (choice.field.rfind("custom.", 0) == 0) {
      const std::string key = choice.field.substr(7);
      for (std::size_t d = 0; d < definitions.size(); ++d) {
        if (definitions[d].key == key) target.custom = d;
      }
      known = target.custom.has_value();
    } else if (choice.field != "ignore") {
      target.member = column_from_string(choice.field);
      known = target.member.has_value();
    }
    if (!index) errors.push_back({"columns", i18n::with_argument("import-no-such-column", named)});
    if (!known)
      errors.push_back({"columns", i18n::with_argument("import-unknown-field", choice.field)});
    if (!index || !known) continue;
    if (!chosen_columns.insert(*index).second) {
      errors.push_back({"columns", i18n::with_argument("import-column-twice", named)});
      continue;
    }
    if (choice.field != "ignore" && !chosen_fields.insert(choice.field).second) {
      errors.push_back({"columns", i18n::with_argument("import-field-twice", choice.field)});
      continue;
    }
    // The field moves here from any column that had it.
    for (auto& other : mapping.by_index) {
      if (other.chosen) continue;
      if ((target.member && other.member == target.member) ||
          (target.custom && other.custom == target.custom)) {
        other = ImportColumn{};
      }
    }
    mapping.by_index[*index] = target;
  }
  if (!errors.empty()) return invalid_fields(std::move(errors));
  return mapping;
}

std::optional<std::string> field_name(const ImportColumn& column,
                                      const std::vector<FieldDefinition>& definitions) {
  if (column.member) return std::string(to_string(*column.member));
  if (column.custom) return "custom." + definitions[*column.custom].key;
  return std::nullopt;
}

}  // namespace registre::domain
