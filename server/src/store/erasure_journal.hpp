#pragma once
// The erasure journal: `<storage>/erasure-journal`, a text file beside the database, never inside
// it, that lists every member erasure. Restoring a backup replaces the database; the journal
// survives it, and the restore re-applies what it lists, so an old backup never brings an erased
// member back (docs/backup.md).
//
// Format (append-only, one line each, ids and timestamps only: nothing that names a person):
//   registre-erasure-journal-v1
//   <seq> <at> erased|anonymised <organization id> <member id> <member number> <pseudonym>
//   <seq> <at> cancelled <seq of the erasure whose transaction rolled back>
// `seq` counts from 1; `at` is UTC (2027-06-01T10:00:00.000Z). A last line without its newline
// (a crash while writing it, so before its transaction committed) is ignored, and cut off by the
// next append. The file is 0600
// and every append is fsync'ed before it returns.
//
// Order: an erasure's lines are written and fsync'ed before its transaction commits. Written
// after the commit, a crash in between would leave an erasure the journal does not know, and a
// later restore would bring the member back: the one failure this journal exists to prevent.
// Written before, a crash in between leaves a line for an erasure that did not happen; a restore
// then erases that member, which a manager or a rule had asked for anyway. When the transaction
// fails without a crash, ErasureBatch writes a `cancelled` line for each of its erasures.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace registre::store {

struct JournalEntry {
  std::int64_t seq = 0;
  std::string at;
  std::string action;  // "erased" or "anonymised"
  std::int64_t organization_id = 0;
  std::int64_t member_id = 0;
  std::int64_t member_number = 0;
  std::string pseudonym;
};

// What a journal holds: the erasures that were not cancelled, in order.
struct JournalContents {
  std::vector<JournalEntry> erasures;
  std::int64_t last_seq = 0;  // the position: 0 for an empty or missing journal
  std::size_t cancelled = 0;
};

class ErasureJournal {
 public:
  // The journal of `storage_dir`; ":memory:" keeps it in memory (unit tests). Creates nothing
  // until the first append.
  explicit ErasureJournal(std::string storage_dir);

  std::string file_path() const;

  // Numbers the entries (in place, even when writing then fails: lines may be on disk), appends
  // them and fsyncs.
  Status append(std::vector<JournalEntry>& entries);
  // Records that the erasures numbered `seqs` did not happen (their transaction rolled back).
  // Each line is dated with the cancelled erasure's time.
  Status cancel(const std::vector<JournalEntry>& erasures);

  // Reads the whole journal. A damaged line (not the torn last one) is an error naming it.
  Result<JournalContents> read() const;

 private:
  Status write_lines(const std::string& lines);
  Result<std::int64_t> last_seq();  // REQUIRES: mutex_ held

  std::string storage_dir_;
  mutable std::mutex mutex_;
  std::optional<std::int64_t> last_seq_;
  std::optional<std::size_t> torn_tail_;  // where a torn last line starts: cut before appending
  std::string memory_;                    // the in-memory journal's text
};

// The erasures of one write transaction. Usage, in the transaction's body:
//   add() for each erased member, then write() as the body's last fallible step (before the
//   commit); after the commit succeeded, committed().
// Destroyed after write() but without committed(), it cancels its entries (the transaction
// rolled back).
class ErasureBatch {
 public:
  explicit ErasureBatch(ErasureJournal& journal) : journal_(journal) {}
  ~ErasureBatch();
  ErasureBatch(const ErasureBatch&) = delete;
  ErasureBatch& operator=(const ErasureBatch&) = delete;

  void add(JournalEntry entry) { pending_.push_back(std::move(entry)); }
  bool empty() const { return pending_.empty() && written_.empty(); }
  // Writes and fsyncs what was added since the last write.
  Status write();
  void committed();

 private:
  ErasureJournal& journal_;
  std::vector<JournalEntry> pending_;
  std::vector<JournalEntry> written_;
};

}  // namespace registre::store
