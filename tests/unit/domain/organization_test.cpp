#include "domain/organization.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;

TEST_CASE("a valid organisation has no field errors") {
  Organization o;
  o.slug = "jardins-partages";
  o.name = "Les Jardins partagés";
  CHECK(validate_new_organization(o).empty());
}

TEST_CASE("each invalid field is named") {
  Organization o;
  o.slug = "-Bad Slug";
  o.name = "";
  o.legal_form = "sarl";
  o.currency = "euro";
  o.timezone = "Paris; DROP TABLE";
  auto errors = validate_new_organization(o);
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  CHECK(fields == std::vector<std::string>{"slug", "name", "legalForm", "currency", "timezone"});
}
