#pragma once
// Which member field each column of an imported spreadsheet holds, from its header.
//
// Known exports (Galette, Paheko, HelloAsso) are recognised by the columns only they write; the
// sources of their column names are cited above each table in import_columns.cpp. Headers are
// compared after folding: lower case, accents removed (Latin-1 letters, œ, æ), and everything but
// letters and digits dropped, so "PRENOM", "Prénom :" and "prénom" are the same column.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace registre::domain {

enum class MemberColumn {
  member_number,
  title,  // civilité
  first_name,
  last_name,
  full_name,
  email,
  phone,
  mobile,
  address,
  address_extra,
  postcode,
  city,
  country,
  birth_date,
  gender,
  joined_on,
  left_on,
  notes,
  membership_type,
  membership_start,
  membership_end,
  amount,
  paid_on,
  payment_method,
  payment_reference,
  nextcloud_user,
  company,
};

// A header as the tables compare it: lower-case ASCII letters and digits only, accents removed
// ("N° d'adhérent" -> "ndadherent"). Also used for custom fields' keys and labels and choices.
std::string fold_header(std::string_view header);

std::string_view to_string(MemberColumn c);  // the snake_case enumerator name
std::optional<MemberColumn> column_from_string(std::string_view name);

struct ColumnMapping {
  std::string preset;  // "galette", "paheko", "helloasso" or "generic"
  std::vector<std::optional<MemberColumn>> by_index;  // same length as the header
  // Non-empty header names mapped to nothing: unknown, known but not imported (a HelloAsso
  // promotion code), or a second column for a member field already taken.
  std::vector<std::string> unmapped;
};

// Picks the preset whose own column names match the most headers; fewer than two such headers,
// or a tie, gives "generic". Each header is then looked up in the preset's table, then in the
// generic one. A member field is taken by its first column; later ones are unmapped. A few
// columns are only a fallback (HelloAsso's payer e-mail): they map only when no other column
// holds that field.
ColumnMapping detect_columns(const std::vector<std::string>& header);

}  // namespace registre::domain
