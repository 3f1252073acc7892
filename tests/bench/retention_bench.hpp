#pragma once
// The retention engine's costs (docs/performance.md, "Retention"): registers seeded by raw
// prepared inserts with an exact number of former members due under the rule
// former_members / date_left / 1 year / erase, the preview timed through
// services::RetentionService::preview, and a run's erasures (RetentionService::run_now) against a
// bare indexed DELETE of the same member rows.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/member_key_store.hpp"
#include "services/retention_service.hpp"
#include "services/sensitive_values.hpp"
#include "store/database.hpp"

namespace registre::bench {

// The date every preview and run is computed for; the bench's clock stands at 10:00 UTC that
// day (12:00 in Europe/Paris, the demo organisation's zone). Under a 1-year delay, former
// members who left on 2025-06-15 or before are due.
inline constexpr const char* kRetentionAsOf = "2026-06-15";
TimePoint retention_clock_start();

struct RetentionSeedOptions {
  std::size_t members = 100000;
  // Former members who left between 2018 and May 2025 (due), spread evenly over the ids. The
  // others: 88 % active, 5 % lapsed, 2 % applicants, 5 % former members who left after the due
  // bound (July 2025 - June 2026), so that the rule's index range starts right beside the due
  // ones. REQUIRES: due <= members.
  std::size_t due = 1000;
  // member_search rows (store::insert_member's folded text) and memberships (one or two
  // calendar years each, none for applicants): what an erasure deletes and anonymises. The
  // preview of date_left reads neither. The search index is merged into one segment at the end.
  bool search_and_memberships = false;
  std::uint64_t seed = 11;
};

struct RetentionSeedReport {
  std::size_t members = 0, due = 0, memberships = 0;
  double seconds = 0;
};

// Creates `dir`/registre.sqlite3 with store::Database::open and the embedded migrations, the
// demo organisation 1 (services::OrganizationService::seed_demo_if_empty), and the members
// through one reused prepared INSERT per table, 50 000 members per transaction; then closes it
// (the write-ahead log checkpointed into the file, so that the file can be copied).
// REQUIRES: `dir` holds no register yet.
Result<RetentionSeedReport> seed_retention_register(const std::string& dir,
                                                    const RetentionSeedOptions& options);

struct PreviewTiming {
  double seconds = 0;
  std::size_t items = 0;  // over every rule
};

struct RunTiming {
  double seconds = 0;
  std::size_t erased = 0;
  std::size_t items = 0;
};

// A register opened as the server opens it: the connection pool, the member key store in the
// same storage directory (as Application::create does), SensitiveValues and RetentionService.
class RetentionRegister {
 public:
  static Result<std::unique_ptr<RetentionRegister>> open(const std::string& dir,
                                                         const Clock& clock);

  // The rule former_members / date_left / 1 year / erase, created through the service unless the
  // organisation has it already.
  Status ensure_rule();
  // RetentionService::change_settings: run at 03:00, 14 days' notice, and these.
  Status configure(bool require_approval, int batch_size);

  // RetentionService::preview(kRetentionAsOf), from the call to its answer.
  Result<PreviewTiming> time_preview();
  // The preview's one query alone: store::find_due_records for the rule on kRetentionAsOf (the
  // index range and the rows' pseudonyms), in a read on a pooled connection (information).
  Result<PreviewTiming> time_due_query();
  // RetentionService::run_now (plan, batches, report), from the call to its answer.
  Result<RunTiming> time_run();

  // The members the rule has due, by id (a plain query, untimed).
  Result<std::vector<std::int64_t>> due_members();

  struct BareTiming {
    double delete_seconds =
        0;  // DELETE FROM members WHERE id = ?, one transaction, commit included
    double search_delete_seconds = 0;  // DELETE FROM member_search WHERE rowid = ? of the same ids
    double optimize_seconds = 0;       // then one 'optimize' of member_search (its own transaction)
  };
  // The floor: the same members' rows deleted by one reused prepared statement in one write
  // transaction (the schema's foreign keys checked). Their memberships are detached first,
  // untimed (a member a membership names cannot be deleted). Then, timed apart (information),
  // their search rows and one merge of the search index, as an erasure batch does.
  Result<BareTiming> time_bare_delete(const std::vector<std::int64_t>& ids);

  // crypto::MemberKeyStore::destroy for `pseudonyms` made-up members, one call each as
  // RetentionService's batches do: members without a key (as the run's erased members here), or,
  // with `existing`, members whose key was created beforehand (untimed): members with sensitive
  // values.
  Result<double> time_key_destruction(std::size_t pseudonyms, bool existing);

  store::Database& database() { return *db_; }

 private:
  RetentionRegister() = default;
  std::string dir_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<crypto::MemberKeyStore> keys_;
  std::unique_ptr<services::SensitiveValues> sensitive_;
  std::unique_ptr<store::ErasureJournal> journal_;
  std::unique_ptr<services::RetentionService> retention_;
  services::RequestInfo admin_;
};

}  // namespace registre::bench
