#pragma once
// Erasing a member's rows (GDPR Art. 17), in the caller's write transaction. What is deleted and
// what is kept, and why, is listed in docs/erasure.md.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/member.hpp"

namespace registre::store {

struct ErasedRows {
  std::int64_t memberships_anonymised =
      0;                              // kept as accounting lines, member and reference removed
  std::int64_t evidence_deleted = 0;  // consent evidence texts (the ledger keeps their hashes)
  std::int64_t public_links_deleted = 0;
  std::int64_t import_records_deleted = 0;    // which line of which file the record came from
  std::vector<std::int64_t> household_freed;  // members who named this one as their household
};

// Deletes the member's row and everything that names them, and keeps their memberships as
// anonymous accounting lines. An FTS5 delete only adds a tombstone: the member's words stay in
// older search index segments until store::optimise_member_search merges them, which the caller
// does before committing (once for a whole batch of erasures: it rewrites the index).
// REQUIRES: a WriteTransaction is open; `member` was read in it.
Result<ErasedRows> erase_member_rows(SQLite::Database& db, const domain::Member& member);

// Whether a member (of any organisation) has this pseudonym.
Result<bool> member_pseudonym_exists(SQLite::Database& db, const std::string& pseudonym);

// Raises the organisation's count of issued numbers to `number` (a restore re-applying the
// erasure of a member the restored register never had: their number stays taken).
Status keep_number_issued(SQLite::Database& db, std::int64_t organization_id, std::int64_t number);

// Copies the write-ahead log into the database and empties it, so that the pages holding erased
// values are gone from the log too. Best effort: false when readers kept it from finishing (the
// next checkpoint does it).
bool checkpoint_and_truncate_log(SQLite::Database& db);

}  // namespace registre::store
