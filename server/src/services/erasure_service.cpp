#include "services/erasure_service.hpp"

#include "core/log.hpp"
#include "services/member_erasure.hpp"
#include "services/member_lookup.hpp"
#include "store/audit_store.hpp"
#include "store/erasure_store.hpp"
#include "store/retention_store.hpp"
#include "store/member_store.hpp"
#include "store/subject_request_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

// The request must be an erasure request of this organisation about this member (or about no
// one yet: a request received before the record was found is then tied to it).
Status check_request(SQLite::Database& db, std::int64_t organization_id, std::int64_t member_id,
                     std::int64_t id) {
  auto found = store::get_subject_request(db, organization_id, id);
  if (!found) {
    if (found.error().kind == ErrorKind::not_found)
      return invalid_fields({{"subjectRequestId", "unknown-request"}});
    return std::move(found).error();
  }
  if (found->kind != "erasure")
    return invalid_fields({{"subjectRequestId", "not-an-erasure-request"}});
  if (found->member_id && *found->member_id != member_id) {
    return invalid_fields({{"subjectRequestId", "request-of-another-member"}});
  }
  return ok_status();
}

}  // namespace

Result<ErasureService::Receipt> ErasureService::erase(
    const RequestInfo& request, std::int64_t organization_id, std::int64_t member_id,
    std::int64_t expected_version, std::optional<std::int64_t> subject_request_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  std::string pseudonym;
  store::ErasureBatch journal(journal_);
  auto receipt = store::in_write_transaction(
      lease->db(), "erasing a member", [&](SQLite::Database& db) -> Result<Receipt> {
        auto member = member_in(db, organization_id, member_id);
        if (!member) return std::move(member).error();
        if (member->version != expected_version) {
          return make_error(ErrorKind::precondition_failed, "precondition-failed",
                            "the member was changed by someone else since version " +
                                std::to_string(expected_version) + "; reload it");
        }
        if (subject_request_id) {
          if (auto s = check_request(db, organization_id, member_id, *subject_request_id); !s)
            return std::move(s).error();
        }
        std::vector<std::string> why;
        if (subject_request_id) why.push_back("subjectRequest:" + std::to_string(*subject_request_id));
        const std::string now = format_utc(clock_.now());
        auto erased = erase_member_here(db, journal, request, member.value(), false, now, "", why);
        if (!erased) return std::move(erased).error();
        // secure_delete zeroes the pages the merge frees: the words leave the file too.
        if (auto merged = store::optimise_member_search(db); !merged) return std::move(merged).error();
        // Last, just before the commit (store/erasure_journal.hpp says why in that order).
        if (auto written = journal.write(); !written) return std::move(written).error();
        Receipt r;
        r.member_number = member->number;
        r.erased_at = now;
        r.subject_request_id = subject_request_id;
        r.memberships_anonymised = erased->rows.memberships_anonymised;
        r.evidence_deleted = erased->rows.evidence_deleted;
        r.public_links_deleted = erased->rows.public_links_deleted;
        r.households_freed = static_cast<std::int64_t>(erased->rows.household_freed.size());
        pseudonym = member->pseudonym;
        return r;
      });
  if (!receipt) return receipt;
  journal.committed();
  // After the commit: destroying the key first would lose the values of a member whose erasure
  // then failed. A key left by a crash here opens nothing (its data is deleted); it is destroyed
  // at the next start (Application::destroy_orphan_member_keys).
  if (auto shredded = sensitive_.shred(pseudonym); !shredded) {
    log::error("an erased member's key could not be destroyed",
               {{"detail", shredded.error().detail}});
    return std::move(shredded).error();
  }
  receipt->log_truncated = store::checkpoint_and_truncate_log(lease->db());
  return receipt;
}

Result<std::size_t> destroy_orphan_member_keys(store::Database& db, crypto::MemberKeyStore& keys) {
  auto pseudonyms = keys.pseudonyms();
  if (!pseudonyms) return std::move(pseudonyms).error();
  if (pseudonyms->empty()) return std::size_t{0};
  auto lease = db.acquire();
  if (!lease) return std::move(lease).error();
  std::size_t destroyed = 0;
  for (const auto& pseudonym : pseudonyms.value()) {
    auto exists = store::member_pseudonym_exists(lease->db(), pseudonym);
    if (!exists) return std::move(exists).error();
    if (exists.value()) continue;
    if (auto s = keys.destroy(pseudonym); !s) return std::move(s).error();
    ++destroyed;
  }
  return destroyed;
}

}  // namespace registre::services
