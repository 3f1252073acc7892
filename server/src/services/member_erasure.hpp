#pragma once
// The one way a member is erased, whoever asks (a manager answering a request, a retention rule,
// a review): in the caller's write transaction, the rows go (store::erase_member_rows), members
// who named them as their household are unlinked and audited, the erasure is audited with what
// it answers, and it is added to the caller's erasure journal batch. The caller merges the search
// index and writes the batch before committing, and destroys the member's key after
// (docs/erasure.md, store/erasure_journal.hpp).

#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/member.hpp"
#include "services/request_info.hpp"
#include "store/erasure_journal.hpp"
#include "store/erasure_store.hpp"

namespace registre::services {

struct MemberErasure {
  store::ErasedRows rows;
  std::string pseudonym;  // whose key to destroy after the commit
};

// `anonymise`: first keeps a statistics row (domain/member_statistics.hpp) dated `today`, and
// audits "member.anonymised" instead of "member.erased". `why` is added to the entry's fields
// (e.g. "subjectRequest:12", "retentionRun:3").
Result<MemberErasure> erase_member_here(SQLite::Database& db, store::ErasureBatch& journal,
                                        const RequestInfo& request, const domain::Member& member,
                                        bool anonymise, const std::string& now,
                                        const std::string& today,
                                        const std::vector<std::string>& why);

// The same without the journal. REQUIRES: the erasure is in the journal already (a restore
// re-applying it, services/erasure_replay.hpp).
Result<MemberErasure> erase_member_already_journaled(
    SQLite::Database& db, const RequestInfo& request, const domain::Member& member, bool anonymise,
    const std::string& now, const std::string& today, const std::vector<std::string>& why);

}  // namespace registre::services
