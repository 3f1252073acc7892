#include "services/erasure_replay.hpp"

#include "services/erasure_service.hpp"
#include "services/member_erasure.hpp"
#include "services/member_lookup.hpp"
#include "store/erasure_store.hpp"
#include "store/retention_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

Result<ReplayReport> reapply_erasures(store::Database& db, crypto::MemberKeyStore& keys,
                                      const store::JournalContents& journal,
                                      std::int64_t backup_position, const Clock& clock) {
  ReplayReport report;
  report.journal_erasures = journal.erasures.size();
  const RequestInfo restore = system_request("restore");
  auto lease = db.acquire();
  if (!lease) return std::move(lease).error();
  auto done = store::in_write_transaction(
      lease->db(), "re-applying the erasure journal", [&](SQLite::Database& tx) -> Status {
        const std::string now = format_utc(clock.now());
        for (const auto& e : journal.erasures) {
          if (e.seq > backup_position) ++report.after_backup;
          auto member = member_in(tx, e.organization_id, e.member_id);
          if (!member && member.error().kind != ErrorKind::not_found)
            return std::move(member).error();
          if (!member || member->pseudonym != e.pseudonym) {
            if (!member)
              ++report.already_gone;
            else
              ++report.other_member;
            // A number issued after the backup is still never given twice.
            if (auto s = store::keep_number_issued(tx, e.organization_id, e.member_number); !s)
              return s;
            continue;
          }
          // The statistics row of an anonymisation is dated as the original one was.
          const std::string today = e.at.substr(0, 10);
          auto erased = erase_member_already_journaled(
              tx, restore, member.value(), e.action == "anonymised", now, today,
              {"erasureReapplied", "erasureJournal:" + std::to_string(e.seq)});
          if (!erased) return std::move(erased).error();
          report.reapplied.push_back(e);
        }
        if (!report.reapplied.empty()) {
          if (auto s = store::optimise_member_search(tx); !s) return s;
        }
        return ok_status();
      });
  if (!done) return std::move(done).error();
  // Keys after the commit, as an erasure does. Every journaled pseudonym: the restored key store
  // may hold the key of a member erased after the backup.
  auto before = keys.pseudonyms();
  if (!before) return std::move(before).error();
  std::vector<std::string> pseudonyms;
  for (const auto& e : journal.erasures)
    pseudonyms.push_back(e.pseudonym);
  if (auto s = keys.destroy_all(pseudonyms); !s) return std::move(s).error();
  auto orphans = destroy_orphan_member_keys(db, keys);
  if (!orphans) return std::move(orphans).error();
  auto after = keys.pseudonyms();
  if (!after) return std::move(after).error();
  report.keys_destroyed = before->size() - after->size();
  store::checkpoint_and_truncate_log(lease->db());
  return report;
}

}  // namespace registre::services
