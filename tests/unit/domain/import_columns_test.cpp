#include "domain/import_columns.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace registre::domain;
using C = MemberColumn;

namespace {

using Names = std::vector<std::string>;

// The header names that mapped, by member field, for readable checks.
std::map<std::string, std::string> mapped(const Names& header, const ColumnMapping& m) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (m.by_index[i]) out[std::string(to_string(*m.by_index[i]))] = header[i];
  }
  return out;
}

}  // namespace

TEST_CASE("member columns have snake_case names both ways") {
  CHECK(to_string(C::member_number) == "member_number");
  CHECK(to_string(C::title) == "title");
  CHECK(to_string(C::nextcloud_user) == "nextcloud_user");
  CHECK(to_string(C::company) == "company");
  for (int i = 0; i <= static_cast<int>(C::company); ++i) {
    const auto c = static_cast<MemberColumn>(i);
    CHECK(column_from_string(to_string(c)) == c);
  }
  CHECK_FALSE(column_from_string("Email").has_value());
  CHECK_FALSE(column_from_string("").has_value());
}

TEST_CASE("a Galette export (French labels, ':' stripped by Galette)") {
  const Names header = {"Numéro adhérent",
                        "Statut",
                        "Titre",
                        "Nom",
                        "Prénom",
                        "Pseudo",
                        "Date de naissance",
                        "Genre",
                        "Adresse",
                        "Code Postal",
                        "Ville",
                        "Pays",
                        "Téléphone",
                        "GSM",
                        "Courriel",
                        "Date de création",
                        "Date d’échéance",
                        "Autres informations (admin)",
                        "Identifiant"};
  const auto m = detect_columns(header);
  CHECK(m.preset == "galette");
  REQUIRE(m.by_index.size() == header.size());
  const auto cols = mapped(header, m);
  CHECK(cols.at("member_number") == "Numéro adhérent");
  CHECK(cols.at("title") == "Titre");
  CHECK(cols.at("last_name") == "Nom");
  CHECK(cols.at("first_name") == "Prénom");
  CHECK(cols.at("birth_date") == "Date de naissance");
  CHECK(cols.at("mobile") == "GSM");
  CHECK(cols.at("email") == "Courriel");
  CHECK(cols.at("joined_on") == "Date de création");
  CHECK(cols.at("membership_end") == "Date d’échéance");
  CHECK(cols.at("notes") == "Autres informations (admin)");
  CHECK(m.unmapped == Names{"Statut", "Pseudo", "Identifiant"});
}

TEST_CASE("a Galette export in English, labels with their colon") {
  const Names header = {"Name:",         "First name:", "Nickname:",      "Zip Code:", "City:",
                        "Mobile phone:", "E-Mail:",     "Creation date:", "Due date:"};
  const auto m = detect_columns(header);
  CHECK(m.preset == "galette");
  const auto cols = mapped(header, m);
  CHECK(cols.at("last_name") == "Name:");  // Galette's "Name" is the family name
  CHECK(cols.at("postcode") == "Zip Code:");
  CHECK(cols.at("mobile") == "Mobile phone:");
  CHECK(cols.at("email") == "E-Mail:");
  CHECK(cols.at("membership_end") == "Due date:");
}

TEST_CASE("a Paheko export with its default fields") {
  const Names header = {"Numéro de membre",    "Nom & prénom",
                        "Adresse E-Mail",      "Adresse postale",
                        "Code postal",         "Ville",
                        "Numéro de téléphone", "Inscription à la lettre d'information",
                        "Date d'inscription",  "Catégorie"};
  const auto m = detect_columns(header);
  CHECK(m.preset == "paheko");
  const auto cols = mapped(header, m);
  CHECK(cols.at("member_number") == "Numéro de membre");
  CHECK(cols.at("full_name") == "Nom & prénom");
  CHECK(cols.at("email") == "Adresse E-Mail");
  CHECK(cols.at("address") == "Adresse postale");
  CHECK(cols.at("postcode") == "Code postal");
  CHECK(cols.at("phone") == "Numéro de téléphone");
  CHECK(cols.at("joined_on") == "Date d'inscription");
  CHECK(cols.at("membership_type") == "Catégorie");
  CHECK(m.unmapped == Names{"Inscription à la lettre d'information"});
}

TEST_CASE("a HelloAsso membership export: fixed columns, then the form's questions") {
  Names header = {"Référence commande",
                  "Date de la commande",
                  "Statut de la commande",
                  "Nom adhérent",
                  "Prénom adhérent",
                  "Nom payeur",
                  "Prénom payeur",
                  "Email payeur",
                  "Raison sociale",
                  "Moyen de paiement",
                  "Tarif",
                  "Montant tarif",
                  "Code Promo",
                  "Montant code promo",
                  "Date de naissance",
                  "Email",
                  "Adresse",
                  "Code Postal",
                  "Ville",
                  "Numéro de téléphone"};
  auto m = detect_columns(header);
  CHECK(m.preset == "helloasso");
  auto cols = mapped(header, m);
  CHECK(cols.at("payment_reference") == "Référence commande");
  CHECK(cols.at("paid_on") == "Date de la commande");
  CHECK(cols.at("last_name") == "Nom adhérent");
  CHECK(cols.at("first_name") == "Prénom adhérent");
  CHECK(cols.at("email") == "Email");  // the member's own e-mail wins over the payer's
  CHECK(cols.at("company") == "Raison sociale");
  CHECK(cols.at("payment_method") == "Moyen de paiement");
  CHECK(cols.at("membership_type") == "Tarif");
  CHECK(cols.at("amount") == "Montant tarif");
  CHECK(cols.at("birth_date") == "Date de naissance");
  CHECK(cols.at("postcode") == "Code Postal");
  CHECK(cols.at("phone") == "Numéro de téléphone");
  CHECK(m.unmapped == Names{"Statut de la commande", "Nom payeur", "Prénom payeur", "Email payeur",
                            "Code Promo", "Montant code promo"});

  // Without a member e-mail question, the payer's e-mail is used.
  header = {"Référence commande", "Date de la commande", "Nom adhérent",
            "Prénom adhérent",    "Email payeur",        "Montant tarif"};
  m = detect_columns(header);
  CHECK(m.preset == "helloasso");
  cols = mapped(header, m);
  CHECK(cols.at("email") == "Email payeur");
}

TEST_CASE("a hand-made French list maps with the generic preset") {
  const Names header = {"N° adhérent",   "NOM",
                        "PRENOM",        "Courriel",
                        "Tél",           "Portable",
                        "Adresse",       "CP",
                        "Ville",         "Date de naissance",
                        "Membre depuis", "Cotisation",
                        "Payé le",       "Mode de paiement",
                        "Civilité"};
  const auto m = detect_columns(header);
  CHECK(m.preset == "generic");
  CHECK(m.unmapped.empty());
  const auto cols = mapped(header, m);
  CHECK(cols.at("member_number") == "N° adhérent");
  CHECK(cols.at("last_name") == "NOM");
  CHECK(cols.at("first_name") == "PRENOM");
  CHECK(cols.at("email") == "Courriel");
  CHECK(cols.at("phone") == "Tél");
  CHECK(cols.at("mobile") == "Portable");
  CHECK(cols.at("postcode") == "CP");
  CHECK(cols.at("joined_on") == "Membre depuis");
  CHECK(cols.at("amount") == "Cotisation");
  CHECK(cols.at("paid_on") == "Payé le");
  CHECK(cols.at("payment_method") == "Mode de paiement");
  CHECK(cols.at("title") == "Civilité");
}

TEST_CASE("English headers map too") {
  const Names header = {"Last name", "Surname", "First name", "Email",        "Phone", "Mobile",
                        "Zip",       "City",    "Birth date", "Member since", "Name"};
  const auto m = detect_columns(header);
  CHECK(m.preset == "generic");
  const auto cols = mapped(header, m);
  CHECK(cols.at("last_name") == "Last name");
  CHECK(cols.at("first_name") == "First name");
  CHECK(cols.at("postcode") == "Zip");
  CHECK(cols.at("birth_date") == "Birth date");
  CHECK(cols.at("joined_on") == "Member since");
  CHECK(cols.at("full_name") == "Name");  // outside Galette, "Name" is the whole name
  CHECK(m.unmapped == Names{"Surname"});  // second column for last_name
}

TEST_CASE("case, accents and punctuation are ignored") {
  const Names header = {"PRÉNOM",      "nom de famille",       "E-MAIL", "TELEPHONE",
                        "Code-Postal", "  Date d'adhésion : ", "Œuvre",  "N°  de  membre"};
  const auto m = detect_columns(header);
  REQUIRE(m.by_index.size() == header.size());
  CHECK(m.by_index[0] == C::first_name);
  CHECK(m.by_index[1] == C::last_name);
  CHECK(m.by_index[2] == C::email);
  CHECK(m.by_index[3] == C::phone);
  CHECK(m.by_index[4] == C::postcode);
  CHECK(m.by_index[5] == C::joined_on);
  CHECK_FALSE(m.by_index[6].has_value());
  CHECK(m.by_index[7] == C::member_number);
}

TEST_CASE("a member field maps once; unknown and duplicate columns are listed in order") {
  const Names header = {"Nom", "Prénom", "Nom", "Email", "Courriel", "Pointure", "", "Club"};
  const auto m = detect_columns(header);
  CHECK(m.by_index[0] == C::last_name);
  CHECK_FALSE(m.by_index[2].has_value());
  CHECK(m.by_index[3] == C::email);
  CHECK_FALSE(m.by_index[4].has_value());
  CHECK_FALSE(m.by_index[6].has_value());
  CHECK(m.unmapped == Names{"Nom", "Courriel", "Pointure", "Club"});
}

TEST_CASE("one tool-specific column, or a tie, is not enough to pick a preset") {
  // One Galette column only.
  auto m = detect_columns({"Nom", "Prénom", "Pseudo", "Ville"});
  CHECK(m.preset == "generic");
  CHECK(m.unmapped == Names{"Pseudo"});
  // Two Galette and two Paheko columns.
  m = detect_columns({"Pseudo", "GSM", "Nom & prénom", "Pronom"});
  CHECK(m.preset == "generic");
  // Two Galette, one Paheko.
  m = detect_columns({"Pseudo", "GSM", "Pronom"});
  CHECK(m.preset == "galette");
  CHECK(detect_columns({}).preset == "generic");
}
