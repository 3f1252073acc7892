#include "domain/custom_value_text.hpp"

#include <doctest/doctest.h>

#include "core/i18n.hpp"

using namespace registre;
using namespace registre::domain;

namespace {

FieldDefinition field(std::string type, std::vector<std::string> choices = {}) {
  FieldDefinition d;
  d.key = "f";
  d.label = "F";
  d.type = std::move(type);
  d.choices = std::move(choices);
  return d;
}

nlohmann::json value(const FieldDefinition& d, std::string_view text) {
  auto v = custom_value_from_text(d, text);
  REQUIRE_MESSAGE(std::holds_alternative<nlohmann::json>(v),
                  text << ": " << std::get<std::string>(v));
  return std::get<nlohmann::json>(v);
}

std::string error(const FieldDefinition& d, std::string_view text) {
  auto v = custom_value_from_text(d, text);
  REQUIRE_MESSAGE(std::holds_alternative<std::string>(v),
                  text << " was read as " << std::get<nlohmann::json>(v).dump());
  return std::get<std::string>(v);
}

}  // namespace

TEST_CASE("numbers as French and English spreadsheets write them") {
  const auto d = field("number");
  CHECK(value(d, "12") == 12);
  CHECK(value(d, "12").is_number_integer());
  CHECK(value(d, "-3") == -3);
  CHECK(value(d, "+7") == 7);
  CHECK(value(d, "1,5") == 1.5);
  CHECK(value(d, "1.5") == 1.5);
  CHECK(value(d, " 1 250,5 ") == 1250.5);
  CHECK(value(d,
              "1\xC2\xA0"
              "250") == 1250);  // no-break space
  CHECK(value(d,
              "1\xE2\x80\xAF"
              "250,25") == 1250.25);  // narrow no-break space
  for (const char* bad :
       {"douze", "1,2,3", "1.250,5", "12.", ",5", "-", "1e3", "12 €", "0x10", " "}) {
    CHECK_MESSAGE(error(d, bad) == "import-custom-number", bad);
  }
}

TEST_CASE("booleans: oui/non, yes/no, true/false, 1/0, x") {
  const auto d = field("boolean");
  for (const char* yes :
       {"oui", "OUI", "Oui", "o", "yes", "Y", "true", "Vrai", "1", "x", "X", " oui "}) {
    CHECK_MESSAGE(value(d, yes) == true, yes);
  }
  for (const char* no : {"non", "Non", "n", "no", "false", "FAUX", "0"}) {
    CHECK_MESSAGE(value(d, no) == false, no);
  }
  for (const char* bad : {"peut-être", "2", "ok", "oui non"}) {
    CHECK_MESSAGE(error(d, bad) == "import-custom-boolean", bad);
  }
}

TEST_CASE("a single choice matches its choice whatever the case and accents") {
  const auto d = field("single_choice", {"Débutant", "Confirmé", "Expert"});
  CHECK(value(d, "Débutant") == "Débutant");
  CHECK(value(d, "debutant") == "Débutant");
  CHECK(value(d, " CONFIRMÉ ") == "Confirmé");
  // The message lists the choices, never the cell (personal data).
  CHECK(error(d, "Maître") ==
        i18n::with_argument("import-custom-choice", "Débutant, Confirmé, Expert"));
  // Two choices that fold alike are matched only exactly.
  const auto close = field("single_choice", {"A+", "A"});
  CHECK(value(close, "A+") == "A+");
  CHECK(value(close, "A") == "A");
  CHECK(error(close, "a") == i18n::with_argument("import-custom-choice", "A+, A"));
}

TEST_CASE("multiple choices are separated by | or, without one, by commas") {
  const auto d =
      field("multiple_choice", {"cuisine", "jardin", "comptabilité", "Bricolage, menuiserie"});
  CHECK(value(d, "cuisine") == nlohmann::json::array({"cuisine"}));
  CHECK(value(d, "cuisine|jardin") == nlohmann::json::array({"cuisine", "jardin"}));
  CHECK(value(d, "Jardin, Comptabilite") == nlohmann::json::array({"jardin", "comptabilité"}));
  CHECK(value(d, "jardin | | cuisine |") == nlohmann::json::array({"jardin", "cuisine"}));
  CHECK(value(d, "jardin|jardin") == nlohmann::json::array({"jardin"}));
  // A choice that holds a comma: whole, or among others separated by '|'.
  CHECK(value(d, "Bricolage, menuiserie") == nlohmann::json::array({"Bricolage, menuiserie"}));
  CHECK(value(d, "cuisine|bricolage, menuiserie") ==
        nlohmann::json::array({"cuisine", "Bricolage, menuiserie"}));
  CHECK(error(d, "cuisine, danse") ==
        i18n::with_argument("import-custom-choice",
                            "cuisine, jardin, comptabilité, Bricolage, menuiserie"));
}

TEST_CASE("dates and texts are passed on as written, for the definition's own check") {
  CHECK(value(field("date"), " 01/03/2026 ") == "01/03/2026");
  CHECK(value(field("text"), "FFR-123 ") == "FFR-123 ");
  CHECK(value(field("long_text"), "ligne 1\nligne 2") == "ligne 1\nligne 2");
}
