#pragma once
// Erasure of a member for real (GDPR Art. 17): their record, contact data, custom values and
// notes are deleted; their memberships stay as anonymous accounting lines; their consent events
// stay in the ledger under the pseudonym only; the key of their sealed values is destroyed. The
// erasure is audited with the data-subject request it answers. docs/erasure.md lists every table.

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/request_info.hpp"
#include "services/sensitive_values.hpp"
#include "store/database.hpp"
#include "store/erasure_journal.hpp"

namespace registre::services {

class ErasureService {
 public:
  ErasureService(store::Database& db, const Clock& clock, SensitiveValues& sensitive,
                 store::ErasureJournal& journal)
      : db_(db), clock_(clock), sensitive_(sensitive), journal_(journal) {}

  struct Receipt {
    std::int64_t member_number = 0;
    std::string erased_at;
    std::optional<std::int64_t> subject_request_id;
    std::int64_t memberships_anonymised = 0;
    std::int64_t evidence_deleted = 0;
    std::int64_t public_links_deleted = 0;
    std::int64_t households_freed = 0;
    bool log_truncated = false;  // the write-ahead log no longer holds the erased pages
  };

  // Erases the member when their version is still `expected_version` (412 otherwise). A
  // `subject_request_id` must name an erasure request of the organisation about this member.
  Result<Receipt> erase(const RequestInfo& request, std::int64_t organization_id,
                        std::int64_t member_id, std::int64_t expected_version,
                        std::optional<std::int64_t> subject_request_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  SensitiveValues& sensitive_;
  store::ErasureJournal& journal_;
};

// Destroys the keys of pseudonyms no member has any more (an erasure interrupted between its
// commit and the key's destruction). Returns how many. REQUIRES: no request is being served (a
// member being created has its key before its row).
Result<std::size_t> destroy_orphan_member_keys(store::Database& db, crypto::MemberKeyStore& keys);

}  // namespace registre::services
