#include "domain/purpose.hpp"

#include <algorithm>

#include "domain/hash_input.hpp"
#include "domain/utf8.hpp"

namespace registre::domain {
namespace {

// Keys are what integrations and presets use: lower-case ASCII, digits, '_' and '-'.
bool is_key(const std::string& key) {
  if (key.empty() || key.size() > 40 || !(key[0] >= 'a' && key[0] <= 'z')) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

void check_list(const std::vector<std::string>& list, const char* field,
                std::vector<FieldError>& errors) {
  if (list.size() > 30) errors.push_back({field, "at-most-30-items"});
  for (const auto& item : list) {
    if (!utf8_length_within(item, 1, 200)) {
      errors.push_back({field, "items-1-to-200-characters"});
      return;
    }
  }
}

}  // namespace

bool is_legal_basis(std::string_view basis) {
  static constexpr std::string_view bases[] = {"consent",          "contract",
                                               "legal_obligation", "legitimate_interest",
                                               "vital_interest",   "public_task"};
  return std::find(std::begin(bases), std::end(bases), basis) != std::end(bases);
}

std::vector<FieldError> validate_purpose(const Purpose& p) {
  std::vector<FieldError> errors;
  if (!is_key(p.key)) errors.push_back({"key", "purpose-key-format"});
  if (!utf8_length_within(p.title, 1, 200)) errors.push_back({"title", "1-to-200-characters"});
  if (!utf8_length_within(p.description, 0, 4000))
    errors.push_back({"description", "at-most-4000-characters"});
  if (!is_legal_basis(p.legal_basis)) errors.push_back({"legalBasis", "legal-basis-values"});
  check_list(p.data_categories, "dataCategories", errors);
  check_list(p.recipients, "recipients", errors);
  if (!utf8_length_within(p.retention, 0, 1000))
    errors.push_back({"retention", "at-most-1000-characters"});
  return errors;
}

std::vector<FieldError> validate_texts(const std::string& text_fr, const std::string& text_en) {
  std::vector<FieldError> errors;
  if (text_fr.empty() || text_fr.size() > 20000)
    errors.push_back({"textFr", "text-1-to-20000-bytes"});
  if (text_en.empty() || text_en.size() > 20000)
    errors.push_back({"textEn", "text-1-to-20000-bytes"});
  return errors;
}

std::string purpose_text_hash_input(const std::string& text_fr, const std::string& text_en) {
  std::string out = "registre-purpose-text-v1\n";
  append_hash_item(out, text_fr);
  append_hash_item(out, text_en);
  return out;
}

}  // namespace registre::domain
