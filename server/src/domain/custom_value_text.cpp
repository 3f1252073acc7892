#include "domain/custom_value_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <vector>

#include "core/ascii.hpp"
#include "core/i18n.hpp"
#include "domain/import_columns.hpp"

namespace registre::domain {
namespace {

std::optional<nlohmann::json> number_from(std::string_view text) {
  // Keep the sign, the digits and one decimal separator; spaces (also U+00A0 and U+202F, as
  // French spreadsheets write them) only between digits.
  std::string plain;
  bool separator = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= '0' && c <= '9') {
      plain.push_back(static_cast<char>(c));
    } else if ((c == '-' || c == '+') && plain.empty()) {
      if (c == '-') plain.push_back('-');
    } else if ((c == ',' || c == '.') && !separator && !plain.empty() && plain != "-") {
      separator = true;
      plain.push_back('.');
    } else if (c == ' ' && !plain.empty()) {
      continue;
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ++i;
    } else if (c == 0xE2 && i + 2 < text.size() && text.substr(i, 3) == "\xE2\x80\xAF") {
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  if (plain.empty() || plain == "-" || plain.back() == '.') return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
  if (ec != std::errc() || end != plain.data() + plain.size() || !std::isfinite(value))
    return std::nullopt;
  if (!separator && plain.size() <= 15) return nlohmann::json(static_cast<std::int64_t>(value));
  return nlohmann::json(value);
}

std::optional<bool> boolean_from(std::string_view text) {
  const std::string word = fold_header(text);
  static const char* const yes[] = {"oui", "o", "yes", "y", "true", "vrai", "1", "x"};
  static const char* const no[] = {"non", "n", "no", "false", "faux", "0"};
  if (std::find(std::begin(yes), std::end(yes), word) != std::end(yes)) return true;
  if (std::find(std::begin(no), std::end(no), word) != std::end(no)) return false;
  return std::nullopt;
}

// The choice `text` names: itself, else the only choice that folds the same.
std::optional<std::string> choice_from(const FieldDefinition& d, std::string_view text) {
  if (std::find(d.choices.begin(), d.choices.end(), text) != d.choices.end())
    return std::string(text);
  const std::string key = fold_header(text);
  if (key.empty()) return std::nullopt;
  std::optional<std::string> found;
  for (const auto& choice : d.choices) {
    if (fold_header(choice) != key) continue;
    if (found) return std::nullopt;  // ambiguous
    found = choice;
  }
  return found;
}

// What a cell should have held: the field's choices (the organisation's words, never the cell's
// content, which is personal data), cut short when there are many.
std::string choices_message(const FieldDefinition& d) {
  std::string list;
  for (const auto& choice : d.choices) {
    if (list.size() + choice.size() > 200) {
      list += ", ...";
      break;
    }
    list += (list.empty() ? "" : ", ") + choice;
  }
  return i18n::with_argument("import-custom-choice", list);
}

std::variant<nlohmann::json, std::string> choices_from(const FieldDefinition& d,
                                                       std::string_view text) {
  if (auto whole = choice_from(d, text)) return nlohmann::json::array({*whole});
  const char separator = text.find('|') != std::string_view::npos ? '|' : ',';
  nlohmann::json values = nlohmann::json::array();
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find(separator, pos), text.size());
    const std::string_view piece = trim(text.substr(pos, end - pos), kSpacesAndTabs);
    pos = end + 1;
    if (piece.empty()) continue;
    auto choice = choice_from(d, piece);
    if (!choice) return choices_message(d);
    if (std::find(values.begin(), values.end(), *choice) == values.end()) values.push_back(*choice);
  }
  return values;
}

}  // namespace

std::variant<nlohmann::json, std::string> custom_value_from_text(const FieldDefinition& d,
                                                                 std::string_view text) {
  if (d.type == "number") {
    if (auto n = number_from(trim(text, kSpacesAndTabs))) return *n;
    return std::string("import-custom-number");
  }
  if (d.type == "boolean") {
    if (auto b = boolean_from(text)) return nlohmann::json(*b);
    return std::string("import-custom-boolean");
  }
  if (d.type == "single_choice") {
    if (auto choice = choice_from(d, trim(text, kSpacesAndTabs))) return nlohmann::json(*choice);
    return choices_message(d);
  }
  if (d.type == "multiple_choice") return choices_from(d, trim(text, kSpacesAndTabs));
  if (d.type == "date") return nlohmann::json(std::string(trim(text, kSpacesAndTabs)));
  return nlohmann::json(std::string(text));  // text, long_text
}

}  // namespace registre::domain
