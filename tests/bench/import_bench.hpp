#pragma once
// The CSV import measured against the floor: the same rows inserted by a bare prepared statement.

#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace registre::bench {

// A spreadsheet export as French Excel writes it with "CSV UTF-8": a BOM, ';' separators, CRLF,
// the header "Nom;Prénom;Courriel;Téléphone;Code postal;Ville;Date d'adhésion", dates as
// dd/mm/yyyy, phones as "06 12 34 56 78". Every e-mail is distinct, so every row creates a member.
std::string make_import_csv(std::size_t rows, std::uint64_t seed);

struct ImportTiming {
  double seconds = 0;
  std::size_t created = 0;
};

// services::ImportService::run(apply = true) on `csv` into organisation 1, timed from the bytes
// to the commit. An error unless every row was created.
Result<ImportTiming> time_import_service(store::Database& db, const Clock& clock,
                                         const std::string& csv);

// The floor: the same bytes split on CRLF and ';', and one reused prepared INSERT of the same
// members columns store::insert_member writes (sort_name folded, a random pseudonym, the date
// turned to ISO; nothing validated, no search index, no audit, no provenance), in one transaction.
// REQUIRES: the members table has the columns of store::insert_member (schema up to 0005).
Result<ImportTiming> time_bare_insert(store::Database& db, const Clock& clock,
                                      const std::string& csv);

}  // namespace registre::bench
