#include "services/ledger_verification.hpp"

#include <array>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "crypto/signing.hpp"
#include "crypto/sodium.hpp"
#include "domain/consent_event.hpp"
#include "domain/ledger_checkpoint.hpp"
#include "domain/purpose.hpp"
#include "store/consent_store.hpp"
#include "store/purpose_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

namespace {

struct VersionCheck {
  std::int64_t purpose_id;
  std::string text_hash;
  bool text_intact;
};

// The checks of each event, in chain order; the same whichever thread runs them.
struct EventChecks {
  LedgerVerification& result;
  const std::map<std::int64_t, VersionCheck>& version_by_id;
  const std::map<std::int64_t, bool>& wanted_seq;
  std::map<std::int64_t, std::string>& hash_at_seq;
  std::string prev = domain::kConsentGenesis;

  // false when `e` is the first broken event (recorded in `result`): stop there.
  bool operator()(const domain::ConsentEvent& e) {
    ++result.events_checked;
    auto broken = [&](const char* why) {
      result.first_broken_event_id = e.id;
      result.first_broken_seq = e.seq;
      result.problem = why;
      return false;  // stop: later events cannot be trusted more than this one
    };
    if (e.seq != result.events_checked) return broken("sequence");
    if (e.prev_hash != prev) return broken("link");
    if (crypto::blake2b_256_hex(domain::consent_hash_input(e)) != e.hash) return broken("hash");
    // An erased member's evidence is gone on purpose; otherwise it must be what was chained.
    if (!e.evidence.empty() && crypto::blake2b_256_hex(e.evidence) != e.evidence_hash)
      return broken("evidence");
    auto version = version_by_id.find(e.version_id);
    if (version == version_by_id.end() || version->second.purpose_id != e.purpose_id ||
        version->second.text_hash != e.text_hash || !version->second.text_intact) {
      return broken("text");
    }
    if (wanted_seq.count(e.seq)) hash_at_seq[e.seq] = e.hash;
    prev = e.hash;
    return true;
  }
};

// The walk with the checks on a second thread (docs/performance.md, "Consent ledger"): reading a
// row out of SQLite costs more CPU than hashing it, so on one thread the two add up. The calling
// thread keeps the connection and its read transaction (SQLite is used from that thread only, as
// everywhere else) and copies the rows into batches; the checker takes the batches in order and
// runs `check` on each event, exactly as the single-threaded walk would. Four batches go round
// (being filled, waiting, being checked), so the reader is at most a few batches ahead. Their
// events are assigned in place: once their strings have grown, no row allocates.
//
// Same result as the single-threaded walk in every case:
// - a broken event: the checker stops there and tells the reader, which stops at its next batch
//   (it may have read a few batches past the broken event; they are not checked);
// - an SQLite error after some rows: the rows read before it are checked first; if one of them
//   is broken, that is the answer (the single-threaded walk stopped there and never read on),
//   otherwise the error is;
// - an exception in the checker (bad_alloc) is rethrown on the calling thread after the join;
//   one on the calling thread leaves through the destructor, which stops and joins the checker.
class Pipeline {
 public:
  static constexpr std::size_t kBatchEvents = 1024;

  explicit Pipeline(EventChecks& check) : check_(check) {
    for (auto& b : batches_) {
      b.events.resize(kBatchEvents);
      free_.push_back(&b);
    }
    checker_ = std::thread([this] { run_checker(); });
  }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;
  // Only reached without finish() when the calling thread is leaving by an exception.
  ~Pipeline() {
    if (!checker_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    changed_.notify_all();
    checker_.join();
  }

  Status walk(SQLite::Database& db, std::int64_t organization_id) {
    auto walked = store::for_each_consent_event(
        db, organization_id, [&](const domain::ConsentEvent& e) { return add(e); });
    finish();
    if (failure_) std::rethrow_exception(failure_);
    // A broken event among the rows read: the answer, whatever the walk ran into after it.
    if (check_.result.first_broken_event_id) return ok_status();
    return walked;
  }

 private:
  struct Batch {
    std::vector<domain::ConsentEvent> events;
    std::size_t size = 0;
  };

  // On the calling thread, for each row; false once the checker has stopped.
  bool add(const domain::ConsentEvent& e) {
    if (!filling_) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !free_.empty() || stopped_; });
      if (stopped_) return false;
      filling_ = free_.front();
      free_.pop_front();
      filling_->size = 0;
    }
    filling_->events[filling_->size++] = e;
    if (filling_->size == kBatchEvents) hand_over();
    return true;
  }

  void hand_over() {
    {
      std::lock_guard lock(mutex_);
      full_.push_back(filling_);
    }
    filling_ = nullptr;
    changed_.notify_all();
  }

  // The rows read so far (the end of the ledger, or up to an error) go to the checker, which
  // checks them all unless it stops first; then it is joined.
  void finish() {
    if (filling_ && filling_->size > 0) hand_over();
    {
      std::lock_guard lock(mutex_);
      reading_done_ = true;
    }
    changed_.notify_all();
    checker_.join();
  }

  void run_checker() {
    try {
      for (;;) {
        Batch* batch = nullptr;
        {
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [&] { return !full_.empty() || reading_done_ || stopped_; });
          if (stopped_ || full_.empty()) return;
          batch = full_.front();
          full_.pop_front();
        }
        bool go_on = true;
        for (std::size_t i = 0; i < batch->size && go_on; ++i)
          go_on = check_(batch->events[i]);
        {
          std::lock_guard lock(mutex_);
          if (go_on) {
            free_.push_back(batch);
          } else {
            stopped_ = true;
          }
        }
        changed_.notify_all();
        if (!go_on) return;
      }
    } catch (...) {
      {
        std::lock_guard lock(mutex_);
        failure_ = std::current_exception();
        stopped_ = true;
      }
      changed_.notify_all();
    }
  }

  EventChecks& check_;
  std::array<Batch, 4> batches_;
  Batch* filling_ = nullptr;  // the calling thread's only
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch*> free_, full_;  // under mutex_, as are the three below
  bool reading_done_ = false;       // every row read has been handed over
  bool stopped_ = false;        // the checker is done: a broken event, an exception, or abandoned
  std::exception_ptr failure_;  // read after the join
  std::thread checker_;         // last: started once everything above exists
};

Result<LedgerVerification> verify_snapshot(SQLite::Database& db, std::int64_t organization_id,
                                           const std::string& expected_public_key,
                                           std::int64_t pipelined_above) {
  LedgerVerification result;
  result.organization_id = organization_id;

  // Texts first: a version whose text no longer hashes to its stored hash is as good as missing.
  auto versions = store::all_purpose_versions(db, organization_id);
  if (!versions) return std::move(versions).error();
  std::map<std::int64_t, VersionCheck> version_by_id;
  for (const auto& v : versions.value()) {
    const bool intact = crypto::blake2b_256_hex(
                            domain::purpose_text_hash_input(v.text_fr, v.text_en)) == v.text_hash;
    version_by_id[v.id] = {v.purpose_id, v.text_hash, intact};
  }

  auto checkpoints = store::list_ledger_checkpoints(db, organization_id);
  if (!checkpoints) return std::move(checkpoints).error();
  std::map<std::int64_t, std::string> hash_at_seq = {{0, domain::kConsentGenesis}};
  std::map<std::int64_t, bool> wanted_seq;
  for (const auto& c : checkpoints.value())
    wanted_seq[c.seq] = true;

  EventChecks check{result, version_by_id, wanted_seq, hash_at_seq};
  // A short ledger (an association's few thousand events: milliseconds) is not worth a thread,
  // and stays on the calling thread so that the admin endpoint takes one CPU for it; the head's
  // seq, one index lookup in the same snapshot, tells the length (or near it, if rows were
  // deleted: it only chooses the way, not the answer).
  auto head = store::ledger_head(db, organization_id);
  if (!head) return std::move(head).error();
  Status walked = ok_status();
  if (head->seq > pipelined_above) {
    Pipeline pipeline(check);
    walked = pipeline.walk(db, organization_id);
  } else {
    walked = store::for_each_consent_event(db, organization_id,
                                           [&](const domain::ConsentEvent& e) { return check(e); });
  }
  if (!walked) return std::move(walked).error();

  // Checkpoints: signed by the key store's key, over the hash the chain really has at their seq.
  const std::int64_t verified_up_to =
      result.first_broken_seq ? *result.first_broken_seq - 1 : result.events_checked;
  for (const auto& c : checkpoints.value()) {
    ++result.checkpoints_checked;
    const char* problem = nullptr;
    if (!crypto::signature_valid(c.public_key, domain::checkpoint_message(c), c.signature)) {
      problem = "signature";
    } else if (!expected_public_key.empty() && c.public_key != expected_public_key) {
      problem = "key";
    } else if (!result.first_broken_seq && c.seq > result.events_checked) {
      problem = "truncated";
    } else if (c.seq <= verified_up_to && hash_at_seq[c.seq] != c.head_hash) {
      problem = "head";
    }
    if (problem) {
      result.first_bad_checkpoint_id = c.id;
      result.checkpoint_problem = problem;
      break;
    }
  }
  return result;
}

}  // namespace

Result<LedgerVerification> verify_ledger(SQLite::Database& db, std::int64_t organization_id,
                                         const std::string& expected_public_key,
                                         std::int64_t pipelined_above) {
  // One snapshot: a text published and a decision recorded on it while we read must not look
  // like an event pointing at a missing text.
  return store::in_read_transaction(
      db, "verifying the consent ledger", [&](SQLite::Database& snapshot) {
        return verify_snapshot(snapshot, organization_id, expected_public_key, pipelined_above);
      });
}

}  // namespace registre::services
