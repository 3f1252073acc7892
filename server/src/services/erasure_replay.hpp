#pragma once
// Re-applies the erasure journal (store/erasure_journal.hpp) to a restored register, so that a
// backup taken before an erasure does not bring the member back.
//
// Every erasure the journal lists is re-applied, not only those after the backup's position:
// the position is read just before the copy starts, and an erasure journaled just before it may
// commit just after the copy's snapshot. Re-applying is idempotent (a member no longer in the
// register is skipped), costs one lookup per line, and closes that window.

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/member_key_store.hpp"
#include "store/database.hpp"
#include "store/erasure_journal.hpp"

namespace registre::services {

struct ReplayReport {
  std::size_t journal_erasures = 0;  // erasures the journal lists (cancelled ones left out)
  std::size_t after_backup = 0;      // of them, recorded after the backup's position
  std::vector<store::JournalEntry> reapplied;  // in the restored register: erased again
  std::size_t already_gone = 0;                // no such member in the restored register
  // A member with the journaled id but another pseudonym (an id given again): left alone.
  std::size_t other_member = 0;
  std::size_t keys_destroyed = 0;  // member keys destroyed (journaled pseudonyms and orphans)
};

// Re-applies `journal` to the register `db` in one write transaction, audited as re-applied
// (`member.erased` / `member.anonymised` with "erasureReapplied" and "erasureJournal:<seq>"),
// then destroys the keys of every journaled pseudonym and of members who no longer exist.
// `backup_position` only sorts the count `after_backup`.
Result<ReplayReport> reapply_erasures(store::Database& db, crypto::MemberKeyStore& keys,
                                      const store::JournalContents& journal,
                                      std::int64_t backup_position, const Clock& clock);

}  // namespace registre::services
