#pragma once
// Purposes of processing and their versioned texts. Pure: no I/O, no other layer.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace registre::domain {

struct Purpose {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string key;  // stable, e.g. "newsletter"
  std::string title;
  std::string description;
  std::string legal_basis;  // see is_legal_basis
  std::vector<std::string> data_categories;
  std::vector<std::string> recipients;
  std::string retention;  // a sentence, e.g. "until withdrawal, then 3 years"
  bool active = true;     // a retired purpose keeps its history but takes no new decisions
  std::string created_at, updated_at;
  std::int64_t version = 1;
};

struct PurposeVersion {
  std::int64_t id = 0;
  std::int64_t purpose_id = 0;
  std::int64_t number = 0;  // 1, 2, ... per purpose
  std::string text_fr, text_en;
  std::string text_hash;  // BLAKE2b-256 of purpose_text_hash_input, hex
  std::string published_at, published_by;
};

// consent, contract, legal_obligation, legitimate_interest, vital_interest, public_task (Art. 6).
bool is_legal_basis(std::string_view basis);

// Field errors of a purpose's own fields (names as in the API: key, title, legalBasis, ...).
std::vector<FieldError> validate_purpose(const Purpose& purpose);

// Field errors of a version's texts (textFr, textEn): both languages, 1 to 20000 bytes.
std::vector<FieldError> validate_texts(const std::string& text_fr, const std::string& text_en);

// The bytes hashed (BLAKE2b-256) into a version's text_hash:
//   "registre-purpose-text-v1\n", then text_fr and text_en, each as "<byte length>:<bytes>\n".
// The hash is what a consent event chains, so the ledger proves which exact text was agreed to.
std::string purpose_text_hash_input(const std::string& text_fr, const std::string& text_en);

}  // namespace registre::domain
