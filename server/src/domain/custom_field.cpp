#include "domain/custom_field.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <variant>

#include "domain/calendar_date.hpp"
#include "domain/utf8.hpp"

namespace registre::domain {
namespace {

bool is_choice_type(const std::string& type) { return type == "single_choice" || type == "multiple_choice"; }

bool valid_key(const std::string& key) {
  if (key.empty() || key.size() > 40 || key[0] < 'a' || key[0] > 'z') return false;
  return std::all_of(key.begin(), key.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool valid_text(const nlohmann::json& v, std::size_t max) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return is_valid_utf8(s) && utf8_length(s) <= max;
}

// The stored form of `value` for `d`, or an error message.
std::variant<nlohmann::json, std::string> checked(const FieldDefinition& d, const nlohmann::json& value) {
  if (d.type == "text") {
    if (valid_text(value, 200)) return value;
    return std::string("text of at most 200 characters");
  }
  if (d.type == "long_text") {
    if (valid_text(value, 5000)) return value;
    return std::string("text of at most 5000 characters");
  }
  if (d.type == "number") {
    if (value.is_number() && std::isfinite(value.get<double>())) return value;
    return std::string("a number");
  }
  if (d.type == "boolean") {
    if (value.is_boolean()) return value;
    return std::string("true or false");
  }
  if (d.type == "date") {
    if (value.is_string()) {
      if (auto date = parse_date(value.get<std::string>())) return nlohmann::json(format_iso(*date));
    }
    return std::string("a date such as 2026-03-01 or 01/03/2026");
  }
  const auto allowed = [&](const nlohmann::json& v) {
    return v.is_string() && std::find(d.choices.begin(), d.choices.end(), v.get<std::string>()) != d.choices.end();
  };
  if (d.type == "single_choice") {
    if (allowed(value)) return value;
    return std::string("one of the field's choices");
  }
  // multiple_choice
  if (value.is_array() && std::all_of(value.begin(), value.end(), allowed)) {
    std::set<std::string> distinct;
    for (const auto& v : value) distinct.insert(v.get<std::string>());
    if (distinct.size() == value.size()) return value;
  }
  return std::string("a list of distinct choices of the field");
}

}  // namespace

std::vector<FieldError> validate_definition(const FieldDefinition& d) {
  std::vector<FieldError> errors;
  if (!valid_key(d.key)) errors.push_back({"key", "lower-case letters, digits and _, starting with a letter, 1 to 40"});
  if (d.label.empty() || !is_valid_utf8(d.label) || utf8_length(d.label) > 100) errors.push_back({"label", "1 to 100 characters"});
  static const char* types[] = {"text", "long_text", "number", "date", "boolean", "single_choice", "multiple_choice"};
  if (std::find(std::begin(types), std::end(types), d.type) == std::end(types)) {
    errors.push_back({"type", "text, long_text, number, date, boolean, single_choice or multiple_choice"});
  }
  static const char* classes[] = {"identity", "contact", "financial", "sensitive", "other"};
  if (std::find(std::begin(classes), std::end(classes), d.classification) == std::end(classes)) {
    errors.push_back({"classification", "identity, contact, financial, sensitive or other"});
  }
  if (is_choice_type(d.type)) {
    std::set<std::string> distinct(d.choices.begin(), d.choices.end());
    const bool ok = !d.choices.empty() && d.choices.size() <= 50 && distinct.size() == d.choices.size() &&
                    std::all_of(d.choices.begin(), d.choices.end(), [](const std::string& c) {
                      return !c.empty() && is_valid_utf8(c) && utf8_length(c) <= 100;
                    });
    if (!ok) errors.push_back({"choices", "1 to 50 distinct choices of 1 to 100 characters"});
  } else if (!d.choices.empty()) {
    errors.push_back({"choices", "only for single_choice and multiple_choice fields"});
  }
  return errors;
}

Result<std::vector<std::string>> apply_custom_values(nlohmann::json& values, const nlohmann::json& changes,
                                                     const std::vector<FieldDefinition>& definitions, bool creating) {
  std::vector<FieldError> errors;
  std::vector<std::string> changed;
  if (!values.is_object()) values = nlohmann::json::object();
  if (!changes.is_null() && !changes.is_object()) {
    Error e = make_error(ErrorKind::invalid, "invalid");
    e.fields.push_back({"custom", "an object of custom field values"});
    return e;
  }
  const nlohmann::json none = nlohmann::json::object();
  for (const auto& [key, value] : (changes.is_object() ? changes : none).items()) {
    auto d = std::find_if(definitions.begin(), definitions.end(), [&name = key](const auto& def) { return def.key == name; });
    if (d == definitions.end()) {
      errors.push_back({"custom." + key, "unknown field"});
      continue;
    }
    if (value.is_null()) {
      if (values.contains(key)) {
        values.erase(key);
        changed.push_back("custom." + key);
      }
      continue;
    }
    auto result = checked(*d, value);
    if (auto* message = std::get_if<std::string>(&result)) {
      errors.push_back({"custom." + key, *message});
      continue;
    }
    auto& stored = std::get<nlohmann::json>(result);
    if (!values.contains(key) || values[key] != stored) {
      values[key] = std::move(stored);
      changed.push_back("custom." + key);
    }
  }
  for (const auto& d : definitions) {
    const bool touched = changes.is_object() && changes.contains(d.key);
    if (d.required && (creating || touched) && !values.contains(d.key)) {
      errors.push_back({"custom." + d.key, "required"});
    }
  }
  if (!errors.empty()) {
    return invalid_fields(std::move(errors));
  }
  return changed;
}

}  // namespace registre::domain
