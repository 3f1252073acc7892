#include "domain/import_mapping.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>

#include "core/i18n.hpp"

using namespace registre;
using namespace registre::domain;

namespace {

using Names = std::vector<std::string>;

std::vector<FieldDefinition> definitions() {
  auto make = [](std::string key, std::string label, std::string type) {
    FieldDefinition d;
    d.key = std::move(key);
    d.label = std::move(label);
    d.type = std::move(type);
    return d;
  };
  return {make("licence", "N° de licence", "text"), make("tshirt", "Taille de T-shirt", "text"),
          make("benevole", "Bénévole", "boolean")};
}

// header -> field name, for the mapped columns.
std::map<std::string, std::string> fields(const Names& header, const ImportMapping& m) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (auto name = field_name(m.by_index[i], definitions())) out[header[i]] = *name;
  }
  return out;
}

ImportMapping mapped(const Names& header, std::string_view columns) {
  auto choices = parse_column_choices(columns);
  REQUIRE(choices.ok());
  auto m = map_import_columns(header, definitions(), choices.value());
  REQUIRE_MESSAGE(m.ok(), m.error().fields.front().message);
  return m.value();
}

std::set<std::string> messages(std::string_view columns, const Names& header) {
  std::set<std::string> out;
  auto choices = parse_column_choices(columns);
  if (!choices) {
    for (const auto& f : choices.error().fields) {
      CHECK(f.field == "columns");
      out.insert(f.message);
    }
    return out;
  }
  auto m = map_import_columns(header, definitions(), choices.value());
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().kind == ErrorKind::invalid);
  for (const auto& f : m.error().fields) {
    CHECK(f.field == "columns");
    out.insert(f.message);
  }
  return out;
}

}  // namespace

TEST_CASE("the columns parameter: header:field pairs, #n positions, split at the last colon") {
  auto c = parse_column_choices(
      "Nom de jeune fille:last_name, E-mail : :email,#3:custom.licence,,Divers:ignore");
  REQUIRE(c.ok());
  REQUIRE(c->size() == 4);
  CHECK(c->at(0).column == "Nom de jeune fille");
  CHECK(c->at(0).field == "last_name");
  CHECK(c->at(1).column == "E-mail :");
  CHECK(c->at(1).field == "email");
  REQUIRE(c->at(2).position.has_value());
  CHECK(*c->at(2).position == 2);
  CHECK(c->at(2).field == "custom.licence");
  CHECK(c->at(3).field == "ignore");
  CHECK(parse_column_choices("").value().empty());
  for (const char* bad : {"Nom", "Nom:", ":last_name", "a:b,Nom"}) {
    auto r = parse_column_choices(bad);
    REQUIRE_MESSAGE(!r.ok(), bad);
    CHECK(r.error().fields.at(0).field == "columns");
    CHECK(r.error().fields.at(0).message == "import-columns-syntax");
  }
  CHECK(parse_column_choices("#0:email").value().at(0).column == "#0");  // not a position: a header
}

TEST_CASE("custom fields map by key or label, case and accents ignored") {
  const Names header = {"Nom", "Prénom", "n° de licence", "BENEVOLE", "tshirt", "Couleur"};
  const auto m = mapped(header, "");
  CHECK(fields(header, m) == std::map<std::string, std::string>{{"Nom", "last_name"},
                                                                {"Prénom", "first_name"},
                                                                {"n° de licence", "custom.licence"},
                                                                {"BENEVOLE", "custom.benevole"},
                                                                {"tshirt", "custom.tshirt"}});
  CHECK_FALSE(m.by_index[2].chosen);
  // A custom field is read from its first column only.
  const Names twice = {"Nom", "Licence", "N° de licence"};
  CHECK(fields(twice, mapped(twice, "")) ==
        std::map<std::string, std::string>{{"Nom", "last_name"}, {"Licence", "custom.licence"}});
}

TEST_CASE("the client's choices win over detection and take the field from other columns") {
  const Names header = {"Nom", "Nom de naissance", "Mail perso", "Courriel", "Infos", "Remarques"};
  const auto detected = mapped(header, "");
  CHECK(fields(header, detected).at("Nom") == "last_name");
  CHECK(fields(header, detected).at("Courriel") == "email");

  const auto m = mapped(
      header, "nom de naissance:last_name,MAIL PERSO:email,#5:custom.licence,Remarques:ignore");
  CHECK(fields(header, m) == std::map<std::string, std::string>{{"Nom de naissance", "last_name"},
                                                                {"Mail perso", "email"},
                                                                {"Infos", "custom.licence"}});
  CHECK(m.by_index[1].chosen);
  CHECK(m.by_index[5].chosen);  // ignored on purpose
  CHECK_FALSE(m.by_index[0].chosen);
  CHECK_FALSE(m.by_index[0].mapped());  // "Nom" lost last_name to the chosen column
}

TEST_CASE("choices that do not fit the file or the fields are refused, naming the parameter") {
  const Names header = {"Nom", "Prénom", "Ville"};
  CHECK(messages("Surnom:first_name", header) ==
        std::set<std::string>{i18n::with_argument("import-no-such-column", "Surnom")});
  CHECK(messages("#4:city", header) ==
        std::set<std::string>{i18n::with_argument("import-no-such-column", "#4")});
  CHECK(messages("Ville:town", header) ==
        std::set<std::string>{i18n::with_argument("import-unknown-field", "town")});
  CHECK(messages("Ville:custom.colour", header) ==
        std::set<std::string>{i18n::with_argument("import-unknown-field", "custom.colour")});
  CHECK(messages("Ville:city,#3:notes", header) ==
        std::set<std::string>{i18n::with_argument("import-column-twice", "#3")});
  CHECK(messages("Ville:city,Prénom:city", header) ==
        std::set<std::string>{i18n::with_argument("import-field-twice", "city")});
  // Every problem is reported at once.
  CHECK(messages("Pays:country,Ville:ville", header).size() == 2);
}
