#include "domain/purpose.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace registre::domain;

namespace {

std::set<std::string> fields_of(const std::vector<registre::FieldError>& errors) {
  std::set<std::string> out;
  for (const auto& e : errors)
    out.insert(e.field);
  return out;
}

Purpose valid() {
  Purpose p;
  p.key = "newsletter";
  p.title = "Lettre d'information";
  p.legal_basis = "consent";
  p.data_categories = {"identité", "adresse électronique"};
  return p;
}

}  // namespace

TEST_CASE("a purpose needs a key, a title and one of the six legal bases of Art. 6") {
  CHECK(validate_purpose(valid()).empty());
  for (const char* basis : {"consent", "contract", "legal_obligation", "legitimate_interest",
                            "vital_interest", "public_task"}) {
    Purpose p = valid();
    p.legal_basis = basis;
    CHECK(validate_purpose(p).empty());
  }
  Purpose bad;
  bad.key = "Newsletter 2";
  bad.legal_basis = "because";
  bad.data_categories = {""};
  bad.recipients = std::vector<std::string>(31, "x");
  CHECK(fields_of(validate_purpose(bad)) ==
        std::set<std::string>{"key", "title", "legalBasis", "dataCategories", "recipients"});
  for (const char* key : {"", "1abc", "a b", "é", "_x"}) {
    Purpose p = valid();
    p.key = key;
    CHECK_MESSAGE(fields_of(validate_purpose(p)) == std::set<std::string>{"key"}, key);
  }
  Purpose long_key = valid();
  long_key.key = std::string(41, 'a');
  CHECK_FALSE(validate_purpose(long_key).empty());
}

TEST_CASE("a version has a text in both languages") {
  CHECK(validate_texts("J'accepte.", "I agree.").empty());
  CHECK(fields_of(validate_texts("", std::string(20001, 'x'))) ==
        std::set<std::string>{"textFr", "textEn"});
}

TEST_CASE("the text hash input is the documented length-prefixed encoding") {
  CHECK(purpose_text_hash_input("J'accepte.", "I agree.") ==
        "registre-purpose-text-v1\n10:J'accepte.\n8:I agree.\n");
  // Moving bytes from one language to the other changes it.
  CHECK(purpose_text_hash_input("ab", "c") != purpose_text_hash_input("a", "bc"));
}
