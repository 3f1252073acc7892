#include "domain/import_columns.hpp"

#include <array>
#include <cassert>
#include <unordered_map>

namespace registre::domain {
namespace {

using C = MemberColumn;

constexpr std::array<std::string_view, 27> kColumnNames = {
    "member_number",  "title",   "first_name", "last_name",       "full_name",
    "email",          "phone",   "mobile",     "address",         "address_extra",
    "postcode",       "city",    "country",    "birth_date",      "gender",
    "joined_on",      "left_on", "notes",      "membership_type", "membership_start",
    "membership_end", "amount",  "paid_on",    "payment_method",  "payment_reference",
    "nextcloud_user", "company"};
static_assert(kColumnNames.size() == static_cast<std::size_t>(C::company) + 1);

// ---- Header folding ----------------------------------------------------------------------------

// U+00C0-U+00FF (UTF-8 C3 80-BF) without accents; × and ÷ are dropped.
constexpr std::array<std::string_view, 64> kLatin1Letters = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Lower-case ASCII letters and digits only: "N° d'adhérent" -> "ndadherent", "E-Mail :" -> "email".
// Dropping spaces and punctuation makes "E-mail" = "Email" and "Nom & prénom" = "Nom prénom".
std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0xC3 && next >= 0x80 && next <= 0xBF) {
      out.append(kLatin1Letters[next - 0x80]);
    } else if (c == 0xC5) {  // the Windows-1252 letters outside Latin-1
      if (next == 0x92 || next == 0x93) out.append("oe");  // Œ œ
      if (next == 0xA0 || next == 0xA1) out.append("s");   // Š š
      if (next == 0xB8) out.append("y");                   // Ÿ
      if (next == 0xBD || next == 0xBE) out.append("z");   // Ž ž
    }
    // Skip the rest of this character's sequence (anything else non-ASCII is dropped).
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80)
      ++i;
  }
  return out;
}

// ---- Tables ------------------------------------------------------------------------------------

constexpr std::optional<MemberColumn> kIgnored = std::nullopt;  // known, not imported
constexpr bool kOwn = true;       // written only by this tool: counts towards detecting it
constexpr bool kFallback = true;  // maps only if no other column holds the field

struct Alias {
  std::string_view label;
  std::optional<MemberColumn> column;
  bool own = false;
  bool fallback = false;
};

// Galette: the members export (galette/galette, galette/lib/Galette/IO/MembersCsv.php) writes one
// column per visible field with the field's label from galette/includes/fields_defs/
// members_fields.php, translated (French from galette/lang/galette_fr_FR.utf8.po); CsvOut strips
// the ':' from the labels, quotes every field and uses ';'. English labels for English installs.
// "ID de l'adhérent" is Galette's database id, not the association's member number.
// French and English labels of one field side by side.
// clang-format off
constexpr Alias kGalette[] = {
    {"ID de l'adhérent", kIgnored, kOwn}, {"Member id", kIgnored, kOwn},
    {"Numéro adhérent", C::member_number}, {"Member number", C::member_number},
    {"Statut", kIgnored, kOwn}, {"Status", kIgnored, kOwn},
    {"Titre", C::title}, {"Title", C::title},
    {"Nom", C::last_name}, {"Name", C::last_name},
    {"Prénom", C::first_name}, {"First name", C::first_name},
    {"Personne morale", C::company, kOwn}, {"Company", C::company},
    {"Pseudo", kIgnored, kOwn}, {"Nickname", kIgnored, kOwn},
    {"Date de naissance", C::birth_date}, {"Birth date", C::birth_date},
    {"Lieu de naissance", kIgnored, kOwn}, {"Birthplace", kIgnored, kOwn},
    {"Genre", C::gender}, {"Gender", C::gender},
    {"Profession", kIgnored, kOwn},
    {"Langue", kIgnored, kOwn}, {"Language", kIgnored, kOwn},
    {"Adresse", C::address}, {"Address", C::address},
    {"Code Postal", C::postcode}, {"Zip Code", C::postcode},
    {"Ville", C::city}, {"City", C::city},
    {"Région", kIgnored, kOwn},  // "Region" folds the same
    {"Pays", C::country}, {"Country", C::country},
    {"Téléphone", C::phone}, {"Phone", C::phone},
    {"GSM", C::mobile, kOwn}, {"Mobile phone", C::mobile},
    {"Courriel", C::email}, {"E-Mail", C::email},
    {"Id GNUpg (GPG)", kIgnored, kOwn},
    {"fingerprint", kIgnored, kOwn},
    {"Autres informations (admin)", C::notes, kOwn}, {"Other information (admin)", C::notes, kOwn},
    {"Autres informations", C::notes, kOwn, kFallback},
    {"Other information", C::notes, kOwn, kFallback},
    {"Identifiant", kIgnored, kOwn}, {"Username", kIgnored, kOwn},
    {"Date de création", C::joined_on, kOwn}, {"Creation date", C::joined_on, kOwn},
    {"Date de modification", kIgnored, kOwn}, {"Modification date", kIgnored, kOwn},
    {"Compte", kIgnored, kOwn}, {"Account", kIgnored, kOwn},
    {"Administrateur Galette", kIgnored, kOwn}, {"Galette Admin", kIgnored, kOwn},
    {"Exempt de cotisation", kIgnored, kOwn}, {"Freed of dues", kIgnored, kOwn},
    {"Apparaître sur les pages publiques", kIgnored, kOwn},
    {"Be visible on public pages", kIgnored, kOwn},
    {"Date d’échéance", C::membership_end, kOwn}, {"Due date", C::membership_end, kOwn},
    {"Parent", kIgnored, kOwn},
};
// clang-format on

// Paheko (ex-Garradin): the members export (paheko/paheko, src/include/lib/Paheko/Users/
// Export.php) writes the label of each member field, then "Catégorie" (and "Rattaché à",
// "Membres rattachés" when members are linked), with ',' and dates as d/m/Y
// (src/include/lib/Paheko/CSV.php). Fields are configurable per association; these are the
// preset ones from src/include/data/users_fields_presets.ini. Custom fields fall to the generic
// table.
constexpr Alias kPaheko[] = {
    {"Numéro de membre", C::member_number},
    {"Pronom", kIgnored, kOwn},
    {"Nom & prénom", C::full_name, kOwn},
    {"Adresse E-Mail", C::email, kOwn},
    {"Adresse postale", C::address, kOwn},
    {"Code postal", C::postcode},
    {"Ville", C::city},
    {"Numéro de téléphone", C::phone, kOwn},
    {"Pays", C::country},
    {"Inscription à la lettre d'information", kIgnored, kOwn},
    {"Année de naissance", kIgnored, kOwn},  // a year is not a birth date
    {"Âge", kIgnored, kOwn},
    {"Date de naissance complète", C::birth_date, kOwn},
    {"Photo", kIgnored, kOwn},
    {"Date d'inscription", C::joined_on},
    {"Ancienneté", kIgnored, kOwn},
    {"Catégorie", C::membership_type},
    {"Rattaché à", kIgnored, kOwn},
    {"Membres rattachés", kIgnored, kOwn},
};

// HelloAsso: the orders export of a membership form starts with fixed columns, ';'-separated:
// "Référence commande;Date de la commande;Statut de la commande;Nom adhérent;Prénom adhérent;
// Email payeur;..." (dorian-akhs/helloasso-contacts-to-brevo, README.md and convert_to_brevo.py,
// which reads those four). The payer and tariff columns (Nom payeur, Prénom payeur, Raison
// sociale, Moyen de paiement, Tarif, Montant tarif, Code Promo, Montant code promo) appear in
// several public importers' test fixtures copied from real exports, found through a code search
// that did not name their repositories. Not confirmed: HelloAsso's help centre was not available,
// so the full fixed list and its order are unverified, and so are the older column names
// ("Numéro", "Formule", "Montant (€)", "Statut"), which the generic table covers where it can.
// The form's own questions (Date de naissance, Email, Adresse, Code postal, Ville, Téléphone...)
// follow, named by each association, and fall to the generic table. The payer may be a parent
// paying for a child, so the payer's e-mail is only a fallback and the payer's name is ignored.
constexpr Alias kHelloAsso[] = {
    {"Référence commande", C::payment_reference, kOwn},
    {"Date de la commande", C::paid_on, kOwn},
    {"Statut de la commande", kIgnored, kOwn},
    {"Nom adhérent", C::last_name, kOwn},
    {"Prénom adhérent", C::first_name, kOwn},
    {"Nom payeur", kIgnored, kOwn},
    {"Prénom payeur", kIgnored, kOwn},
    {"Email payeur", C::email, kOwn, kFallback},
    {"Raison sociale", C::company, false, kFallback},
    {"Moyen de paiement", C::payment_method},
    {"Tarif", C::membership_type},
    {"Montant tarif", C::amount, kOwn},
    {"Code Promo", kIgnored, kOwn},
    {"Montant code promo", kIgnored, kOwn},
};

struct Synonyms {
  MemberColumn column;
  std::vector<std::string_view> labels;
};

// Usual French and English headers of hand-made member lists.
std::vector<Synonyms> generic_synonyms() {
  return {
      {C::member_number,
       {"N° adhérent", "N° d'adhérent", "Numéro adhérent", "Numéro d'adhérent", "N° membre",
        "N° de membre", "Numéro de membre", "Numéro membre", "Numéro", "Matricule", "ID adhérent",
        "Code adhérent", "Member number", "Member ID", "Membership number", "Member no"}},
      {C::title, {"Civilité", "Titre", "Title", "Salutation", "Civ"}},
      {C::first_name, {"Prénom", "First name", "Given name", "Forename"}},
      {C::last_name,
       {"Nom", "Nom de famille", "Nom d'usage", "Last name", "Surname", "Family name"}},
      {C::full_name,
       {"Nom complet", "Nom et prénom", "Nom prénom", "Prénom et nom", "Prénom nom", "Identité",
        "Full name", "Name"}},
      {C::email,
       {"E-mail", "Courriel", "Mail", "Adresse e-mail", "Adresse mail", "Adresse électronique",
        "Adresse courriel", "Email address"}},
      {C::phone,
       {"Téléphone", "Tél", "Téléphone fixe", "Tél fixe", "Fixe", "Numéro de téléphone", "Phone",
        "Phone number", "Home phone", "Landline"}},
      {C::mobile,
       {"Portable", "Mobile", "Téléphone portable", "Tél portable", "Téléphone mobile",
        "Tél mobile", "GSM", "Cellulaire", "Cell", "Cell phone", "Mobile phone"}},
      {C::address,
       {"Adresse", "Adresse postale", "Adresse 1", "Adresse ligne 1", "Rue", "Voie", "Address",
        "Street", "Address line 1", "Street address"}},
      {C::address_extra,
       {"Complément d'adresse", "Complément", "Adresse 2", "Adresse ligne 2", "Adresse (suite)",
        "Address line 2", "Address 2"}},
      {C::postcode, {"Code postal", "CP", "Zip", "Zip code", "Postcode", "Postal code"}},
      {C::city, {"Ville", "Commune", "Localité", "City", "Town"}},
      {C::country, {"Pays", "Country"}},
      {C::birth_date,
       {"Date de naissance", "Naissance", "Né le", "Née le", "Birth date", "Date of birth", "DOB",
        "Birthday"}},
      {C::gender, {"Sexe", "Genre", "Gender", "Sex"}},
      {C::joined_on,
       {"Date d'adhésion", "Date adhésion", "Adhérent depuis", "Membre depuis",
        "Date d'inscription", "Date d'entrée", "Joined", "Joined on", "Join date", "Member since"}},
      {C::left_on,
       {"Date de sortie", "Date de départ", "Date de radiation", "Date de démission", "Left on",
        "Leaving date"}},
      {C::notes,
       {"Notes", "Note", "Remarques", "Remarque", "Commentaire", "Commentaires", "Observations",
        "Observation", "Divers", "Comments", "Comment"}},
      {C::membership_type,
       {"Type d'adhésion", "Type d'adhérent", "Type de cotisation", "Type de membre", "Catégorie",
        "Formule", "Tarif", "Membership type", "Membership", "Member type", "Category"}},
      {C::membership_start,
       {"Début d'adhésion", "Début de cotisation", "Début de validité", "Date de début", "Début",
        "Valable du", "Start date", "Membership start", "Valid from"}},
      {C::membership_end,
       {"Fin d'adhésion", "Fin de cotisation", "Fin de validité", "Date de fin", "Fin",
        "Date d'échéance", "Échéance", "Date d'expiration", "Expiration", "Valable jusqu'au",
        "Valide jusqu'au", "End date", "Expiry date", "Expiration date", "Membership end",
        "Valid until"}},
      {C::amount,
       {"Montant" /* and "Montant (€)" */, "Cotisation", "Montant cotisation",
        "Montant de la cotisation", "Somme", "Amount", "Fee", "Dues"}},
      {C::paid_on,
       {"Payé le", "Date de paiement", "Date du paiement", "Date de règlement", "Réglé le",
        "Paid on", "Payment date", "Date paid"}},
      {C::payment_method,
       {"Mode de paiement", "Moyen de paiement", "Mode de règlement", "Moyen de règlement",
        "Règlement", "Payment method", "Payment type"}},
      {C::payment_reference,
       {"Référence de paiement", "Référence paiement", "Référence du paiement", "N° de chèque",
        "Numéro de chèque", "N° chèque", "Référence", "Payment reference", "Transaction ID"}},
      {C::nextcloud_user,
       {"Compte Nextcloud", "Utilisateur Nextcloud", "Identifiant Nextcloud", "Nextcloud",
        "Nextcloud user", "Nextcloud account", "Nextcloud ID"}},
      {C::company,
       {"Société", "Entreprise", "Organisme", "Structure", "Raison sociale", "Personne morale",
        "Organisation", "Company", "Organization"}},
  };
}

using Table = std::unordered_map<std::string, Alias>;

template <std::size_t N>
Table fold_table(const Alias (&aliases)[N]) {
  Table table;
  for (const Alias& a : aliases) {
    [[maybe_unused]] const bool added = table.emplace(fold(a.label), a).second;
    assert(added && "two labels of one table fold to the same key");
  }
  return table;
}

const Table& generic_table() {
  static const Table table = [] {
    Table t;
    for (const Synonyms& s : generic_synonyms()) {
      for (const std::string_view label : s.labels) {
        [[maybe_unused]] const bool added = t.emplace(fold(label), Alias{label, s.column}).second;
        assert(added && "two generic labels fold to the same key");
      }
    }
    return t;
  }();
  return table;
}

struct Preset {
  std::string_view name;
  const Table& table;
};

const std::array<Preset, 3>& presets() {
  static const Table galette = fold_table(kGalette);
  static const Table paheko = fold_table(kPaheko);
  static const Table helloasso = fold_table(kHelloAsso);
  static const std::array<Preset, 3> all = {Preset{"galette", galette}, Preset{"paheko", paheko},
                                            Preset{"helloasso", helloasso}};
  return all;
}

constexpr std::size_t kMinimumScore = 2;  // one tool-specific column could be a coincidence

const Alias* find(const Table& table, const std::string& key) {
  const auto it = table.find(key);
  return it == table.end() ? nullptr : &it->second;
}

}  // namespace

std::string fold_header(std::string_view header) { return fold(header); }

std::string_view to_string(MemberColumn c) {
  return kColumnNames[static_cast<std::size_t>(c)];
}

std::optional<MemberColumn> column_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kColumnNames.size(); ++i) {
    if (kColumnNames[i] == name) return static_cast<MemberColumn>(i);
  }
  return std::nullopt;
}

ColumnMapping detect_columns(const std::vector<std::string>& header) {
  std::vector<std::string> keys;
  keys.reserve(header.size());
  for (const auto& name : header)
    keys.push_back(fold(name));

  // Score each preset by the headers only that tool writes.
  const Table* preset_table = nullptr;
  ColumnMapping mapping{"generic", {}, {}};
  std::size_t best = 0;
  bool tie = false;
  for (const Preset& p : presets()) {
    std::size_t score = 0;
    for (const auto& key : keys) {
      const Alias* a = find(p.table, key);
      if (a != nullptr && a->own) ++score;
    }
    if (score > best) {
      best = score;
      tie = false;
      mapping.preset = p.name;
      preset_table = &p.table;
    } else if (score == best && score > 0) {
      tie = true;
    }
  }
  if (tie || best < kMinimumScore) {
    mapping.preset = "generic";
    preset_table = nullptr;
  }

  // The preset's meaning of a header wins over the generic one ("Name" is a last name in Galette).
  std::vector<const Alias*> aliases(keys.size(), nullptr);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].empty()) continue;
    if (preset_table != nullptr) aliases[i] = find(*preset_table, keys[i]);
    if (aliases[i] == nullptr) aliases[i] = find(generic_table(), keys[i]);
  }

  mapping.by_index.assign(header.size(), std::nullopt);
  std::array<bool, kColumnNames.size()> taken{};
  for (const bool fallback_pass : {false, true}) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const Alias* a = aliases[i];
      if (a == nullptr || !a->column || a->fallback != fallback_pass) continue;
      const auto index = static_cast<std::size_t>(*a->column);
      if (taken[index]) continue;
      taken[index] = true;
      mapping.by_index[i] = a->column;
    }
  }
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (!mapping.by_index[i] && !header[i].empty()) mapping.unmapped.push_back(header[i]);
  }
  return mapping;
}

}  // namespace registre::domain
