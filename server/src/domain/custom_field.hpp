#pragma once
// Custom fields an organisation adds to its member records, and the rules for their values.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/result.hpp"

namespace registre::domain {

struct FieldDefinition {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string key;    // [a-z][a-z0-9_]*, the name in the API's "custom" object
  std::string label;  // shown to people
  std::string type;   // text | long_text | number | date | boolean | single_choice | multiple_choice
  std::string classification = "other";  // identity | contact | financial | sensitive | other
  bool required = false;
  std::vector<std::string> choices;  // for the choice types
  std::string created_at;
};

std::vector<FieldError> validate_definition(const FieldDefinition& definition);

// Applies `changes` (an object: key -> value, null removes) to `values` (the stored object),
// checking each value against its definition, unknown keys, and, when `creating` or a required
// value is removed, the required ones. Field errors are named "custom.<key>". Returns the keys
// that changed.
Result<std::vector<std::string>> apply_custom_values(nlohmann::json& values, const nlohmann::json& changes,
                                                     const std::vector<FieldDefinition>& definitions, bool creating);

}  // namespace registre::domain
