#pragma once
// Custom field values as spreadsheets write them, read into the JSON values the member API takes
// (domain/custom_field.hpp then checks them against their definition, as for any write):
//   number           "12", "-3", "1,5", "1.5", "1 250,5" (spaces group thousands)
//   boolean          oui/non, yes/no, true/false, vrai/faux, o/n, y/n, 1/0, x (= oui); any case
//   date             as written ("01/03/2026" or "2026-03-01"); checked by apply_custom_values
//   single_choice    one of the choices, compared like headers (case, accents, punctuation)
//   multiple_choice  choices separated by '|', or by ',' when the cell has no '|'; a cell that
//                    is exactly one choice is that choice even if it holds a ','; repeats dropped
//   text, long_text  as written

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "domain/custom_field.hpp"

namespace registre::domain {

// The value, or the message (an i18n id, possibly with an argument) saying what is wrong.
// REQUIRES: `text` is not empty (an empty cell sets nothing).
std::variant<nlohmann::json, std::string> custom_value_from_text(const FieldDefinition& definition,
                                                                 std::string_view text);

}  // namespace registre::domain
