#include "domain/custom_field.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace registre;
using namespace registre::domain;

namespace {

std::vector<FieldDefinition> definitions() {
  auto make = [](std::string key, std::string type, bool required = false, std::vector<std::string> choices = {}) {
    FieldDefinition d;
    d.key = std::move(key);
    d.label = d.key;
    d.type = std::move(type);
    d.required = required;
    d.choices = std::move(choices);
    return d;
  };
  return {make("licence", "text", true), make("bio", "long_text"), make("height", "number"), make("certificate", "date"),
          make("volunteer", "boolean"), make("size", "single_choice", false, {"S", "M", "L"}),
          make("skills", "multiple_choice", false, {"cuisine", "jardin", "compta"})};
}

std::set<std::string> fields_of(const Error& e) {
  std::set<std::string> out;
  for (const auto& f : e.fields) out.insert(f.field);
  return out;
}

}  // namespace

TEST_CASE("definitions are validated") {
  FieldDefinition d;
  d.key = "Bad Key";
  d.label = "";
  d.type = "colour";
  d.classification = "secret";
  d.choices = {"x"};
  std::set<std::string> fields;
  for (const auto& e : validate_definition(d)) fields.insert(e.field);
  CHECK(fields == std::set<std::string>{"key", "label", "type", "classification", "choices"});
  d = FieldDefinition{};
  d.key = "size";
  d.label = "Taille";
  d.type = "single_choice";
  d.choices = {"S", "S"};
  CHECK(validate_definition(d).size() == 1);  // duplicate choices
  d.choices = {"S", "M"};
  CHECK(validate_definition(d).empty());
}

TEST_CASE("values are checked against their definitions, normalised, and required ones enforced") {
  const auto defs = definitions();
  nlohmann::json values = nlohmann::json::object();
  auto ok = apply_custom_values(values,
                                {{"licence", "FFR-123"}, {"height", 1.82}, {"certificate", "01/09/2026"}, {"volunteer", true},
                                 {"size", "M"}, {"skills", {"jardin", "cuisine"}}},
                                defs, true);
  REQUIRE(ok.ok());
  CHECK(values["certificate"] == "2026-09-01");
  CHECK(ok->size() == 6);

  nlohmann::json copy = values;
  auto bad = apply_custom_values(copy,
                                 {{"height", "tall"}, {"certificate", "31/02/2026"}, {"volunteer", "yes"}, {"size", "XL"},
                                  {"skills", {"jardin", "jardin"}}, {"colour", "blue"}, {"licence", nullptr}},
                                 defs, false);
  REQUIRE_FALSE(bad.ok());
  CHECK(fields_of(bad.error()) == std::set<std::string>{"custom.height", "custom.certificate", "custom.volunteer",
                                                         "custom.size", "custom.skills", "custom.colour", "custom.licence"});

  nlohmann::json fresh = nlohmann::json::object();
  auto missing = apply_custom_values(fresh, nlohmann::json(), defs, true);
  REQUIRE_FALSE(missing.ok());
  CHECK(fields_of(missing.error()) == std::set<std::string>{"custom.licence"});

  auto unchanged = apply_custom_values(values, {{"size", "M"}}, defs, false);
  REQUIRE(unchanged.ok());
  CHECK(unchanged->empty());
  auto removed = apply_custom_values(values, {{"bio", nullptr}, {"size", nullptr}}, defs, false);
  REQUIRE(removed.ok());
  CHECK(removed.value() == std::vector<std::string>{"custom.size"});
  CHECK_FALSE(values.contains("size"));
}
